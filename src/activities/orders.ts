// Orders: created once per orderReference with their items, then moved along by status changes,
// each stamping its own time, and rated by the customer. Every change is a dashboard event.
import { ApplicationFailure } from '@temporalio/common';
import type { Order, OrderItem, Prisma } from '../generated/prisma/client';
import type { NewOrder, OrderStatus } from '../dialogue/types';
import { orderView } from '../views';
import { ORDER_REFERENCE_CONFLICT, type ConversationKey, type OrderUpdate } from './contract';
import type { ActivityDeps } from './deps';
import { ensureConversation } from './conversations';
import { invalidArgument, isUniqueViolation, notFound } from './failures';
import { publishEvent } from './instrument';
import { STATUS_TIMESTAMP } from '../orders/lifecycle';

const withItems = { items: { orderBy: { id: 'asc' as const } } };

export function orderActivities(deps: ActivityDeps) {
  const { prisma } = deps;

  const byReference = (orderReference: string) =>
    prisma.order.findUnique({ where: { orderReference }, include: withItems });

  /** An existing order with this reference: ours (a retry) or a collision with another conversation. */
  function existingFor(order: Order, conversationId: string): { orderId: string } {
    if (order.conversationId !== conversationId) {
      throw ApplicationFailure.nonRetryable(
        `order reference ${order.orderReference} belongs to another conversation`,
        ORDER_REFERENCE_CONFLICT,
      );
    }
    return { orderId: order.id };
  }

  return {
    async createOrder(args: ConversationKey & { order: NewOrder }): Promise<{ orderId: string }> {
      const { restaurantId, customerWa, order } = args;
      const conversation = await ensureConversation(prisma, args);
      const existing = await byReference(order.orderReference);
      if (existing) return existingFor(existing, conversation.id);

      const now = new Date();
      let created: Order & { items: OrderItem[] };
      try {
        // One insert with nested items: Prisma runs it in one transaction.
        created = await prisma.order.create({
          data: {
            restaurantId,
            conversationId: conversation.id,
            customerWa,
            orderReference: order.orderReference,
            status: order.status,
            [STATUS_TIMESTAMP[order.status]]: now,
            orderType: order.orderType,
            branchId: order.branchId ?? null,
            deliveryLat: order.location?.lat ?? null,
            deliveryLng: order.location?.lng ?? null,
            deliveryAddress: order.location?.address ?? null,
            paymentMethod: order.paymentMethod,
            subtotal: order.subtotal,
            deliveryFee: order.deliveryFee,
            total: order.total,
            currency: order.currency,
            items: {
              create: order.items.map(({ menuItemId, name, quantity, unitPrice, lineTotal }) => ({
                menuItemId, name, quantity, unitPrice, lineTotal,
              })),
            },
          },
          include: withItems,
        });
      } catch (err) {
        const raced = isUniqueViolation(err) ? await byReference(order.orderReference) : null;
        if (raced) return existingFor(raced, conversation.id);
        throw err;
      }
      await publishEvent(deps, restaurantId, { type: 'order.created', data: orderView(created) });
      return { orderId: created.id };
    },

    async updateOrder(args: OrderUpdate): Promise<void> {
      const { restaurantId, orderReference, status, rating, ratingComment } = args;
      if (rating !== undefined && !(Number.isInteger(rating) && rating >= 1 && rating <= 5)) {
        throw invalidArgument(`rating must be an integer from 1 to 5, got ${rating}`);
      }
      const order = await prisma.order.findFirst({ where: { restaurantId, orderReference } });
      if (!order) throw notFound(`order ${orderReference}`);
      const now = new Date();
      // A retried activity finds the status already set and keeps the first timestamp.
      const statusChange: Prisma.OrderUpdateInput =
        status !== undefined && status !== order.status ? { status, [STATUS_TIMESTAMP[status]]: now } : {};
      const updated = await prisma.order.update({
        where: { id: order.id },
        data: {
          ...statusChange,
          ...(rating !== undefined ? { rating, ...(order.rating === rating && order.ratedAt ? {} : { ratedAt: now }) } : {}),
          ...(ratingComment !== undefined ? { ratingComment } : {}),
        },
        include: withItems,
      });
      await publishEvent(deps, restaurantId, { type: 'order.updated', data: orderView(updated) });
    },
  };
}
