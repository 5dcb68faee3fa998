// Moving an order along (SPEC §3 statuses): the orders store applies the move only if the
// lifecycle table lets the restaurant make it from the status the order has right now; the
// dashboard hears of it and, through the conversation workflow, the customer in their language. The
// restaurant's webhook delivery is recorded in the same transaction as the move, then its queue woken.
import { publishBestEffort } from '../../events/publisher';
import type { OrderStatus } from '../../generated/prisma/enums';
import { allowedNextStatuses } from '../../orders/lifecycle';
import { changeOrderStatus as moveOrder } from '../../orders/store';
import { orderView } from '../../views';
import { recordDelivery } from '../../webhooks/store';
import type { QueuedDelivery } from '../../webhooks/queues';
import { conflict, notFound } from '../errors';
import { type DashboardServices, withStaffAction } from './services';

export async function changeOrderStatus(services: DashboardServices, restaurantId: string, orderId: string, status: OrderStatus) {
  let delivery: QueuedDelivery | null = null;
  const order = await withStaffAction(services, async (tx) => {
    const change = await moveOrder(tx, { restaurantId, orderId }, status, 'restaurant');
    if (!change) throw notFound('order not found');
    const { order } = change;
    if (!change.changed) {
      const allowed = allowedNextStatuses(order.status, order.orderType);
      const options = allowed.length ? allowed.join(', ') : 'nothing (final)';
      throw conflict(`a ${order.orderType} order cannot go from ${order.status} to ${status}; allowed: ${options}`);
    }
    const data = orderView(order);
    delivery = await recordDelivery(tx, { restaurantId, type: 'order.updated', data, orderId: order.id, eventKey: `status:${status}` });
    const conversation = { id: order.conversationId, restaurantId, customerWa: order.customerWa };
    const action = { kind: 'order_status' as const, payload: { orderReference: order.orderReference, status } };
    return { result: order, target: { conversation, action } };
  });
  if (delivery) await services.wakeWebhook?.(delivery);
  await publishBestEffort(services.events, services.log, restaurantId, { type: 'order.updated', data: orderView(order) });
  return order;
}
