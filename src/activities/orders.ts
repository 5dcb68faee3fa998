// The workflow's order effects, through the orders store: create once per orderReference, the
// customer's cancel (only where the lifecycle table lets the customer), rating and comment.
// Every change is a dashboard event and, when the restaurant has one, a webhook delivery (recorded first).
import { ApplicationFailure } from '@temporalio/common';
import type { NewOrder, OrderStatus } from '../dialogue/types';
import { ensureConversation } from '../conversations/store';
import { changeOrderStatus, commentOrder, createOrder, noteStatusTold, rateOrder, type OrderWithItems } from '../orders/store';
import { orderView } from '../views';
import { ORDER_REFERENCE_CONFLICT, type CancelOutcome, type ConversationKey, type OrderRef, type OrderUpdate } from '../workflows/contract';
import type { ActivityDeps } from './deps';
import { invalidArgument, notFound } from './failures';
import { publishEvent } from './instrument';
import { webhookEmitter } from './webhook-events';

const MAX_INT32 = 2_147_483_647;

export function orderActivities(deps: ActivityDeps) {
  const { prisma, log } = deps;
  const emitWebhook = webhookEmitter(deps);
  /** `eventKey` names the change (one delivery per change, however often an activity retries). */
  const webhook = (order: OrderWithItems, type: 'order.created' | 'order.updated', eventKey: string) =>
    emitWebhook({ restaurantId: order.restaurantId, type, data: orderView(order), orderId: order.id, eventKey });
  const published = async (order: OrderWithItems, type: 'order.created' | 'order.updated', eventKey: string) => {
    await webhook(order, type, eventKey);
    await publishEvent(deps, order.restaurantId, { type, data: orderView(order) });
  };

  async function cancel({ restaurantId, orderReference }: OrderRef): Promise<CancelOutcome> {
    const change = await changeOrderStatus(prisma, { restaurantId, orderReference }, 'CANCELLED', 'customer');
    if (!change) throw notFound(`order ${orderReference}`);
    if (change.changed) await published(change.order, 'order.updated', 'status:CANCELLED');
    // A retry after the cancel went through (or a cancel by the restaurant): the same delivery, once.
    else if (change.order.status === 'CANCELLED') await webhook(change.order, 'order.updated', 'status:CANCELLED');
    // A retry after a cancel that went through finds it cancelled: the same outcome.
    return { cancelled: change.order.status === 'CANCELLED', status: change.order.status };
  }

  return {
    async createOrder(args: ConversationKey & { order: NewOrder }): Promise<{ orderId: string }> {
      // The dialogue keeps orders far below this; a total the database cannot hold is refused, not retried.
      if (!Number.isSafeInteger(args.order.total) || args.order.total > MAX_INT32)
        throw invalidArgument(`order total ${args.order.total} is too large`);
      const conversation = await ensureConversation(prisma, args);
      const result = await createOrder(prisma, conversation, args.order);
      if (result.outcome === 'reference_taken') {
        throw ApplicationFailure.nonRetryable(
          `order reference ${args.order.orderReference} belongs to another conversation`,
          ORDER_REFERENCE_CONFLICT,
        );
      }
      if (result.outcome === 'created') await published(result.order, 'order.created', 'created');
      else await webhook(result.order, 'order.created', 'created'); // a retry: recorded once
      return { orderId: result.order.id };
    },

    cancelOrder: cancel,

    async noteStatusTold({ restaurantId, orderReference, status }: OrderRef & { status: OrderStatus }): Promise<void> {
      await noteStatusTold(prisma, restaurantId, orderReference, status);
    },

    /** Rating and comment; a status here is a customer's cancel from runs before `cancelOrder`. */
    async updateOrder(args: OrderUpdate): Promise<void> {
      const { restaurantId, orderReference, status, rating, ratingComment } = args;
      if (status !== undefined) {
        if (status !== 'CANCELLED') throw invalidArgument(`the customer cannot move an order to ${status}`);
        const outcome = await cancel({ restaurantId, orderReference });
        if (!outcome.cancelled) log.warn({ restaurantId, orderReference, status: outcome.status }, 'customer cancel refused');
      }
      if (rating !== undefined) {
        if (!(Number.isInteger(rating) && rating >= 1 && rating <= 5)) {
          throw invalidArgument(`rating must be an integer from 1 to 5, got ${rating}`);
        }
        const rated = await rateOrder(prisma, restaurantId, orderReference, rating);
        if (!rated) throw notFound(`order ${orderReference}`);
        await published(rated, 'order.updated', `rating:${rating}`);
      }
      if (ratingComment !== undefined) {
        const commented = await commentOrder(prisma, restaurantId, orderReference, ratingComment);
        if (!commented) throw notFound(`order ${orderReference}`);
        await published(commented, 'order.updated', `comment:${ratingComment}`);
      }
    },
  };
}
