// Moving an order along (SPEC §3 statuses): the orders store applies the move only if the
// lifecycle table lets the restaurant make it from the status the order has right now; the
// dashboard hears of it and, through the conversation workflow, the customer in their language.
import { publishBestEffort } from '../../events/publisher';
import type { OrderStatus } from '../../generated/prisma/enums';
import { allowedNextStatuses } from '../../orders/lifecycle';
import { changeOrderStatus as moveOrder } from '../../orders/store';
import { orderView } from '../../views';
import { conflict, notFound } from '../errors';
import { DashboardServices, signalConversation } from './services';

export async function changeOrderStatus(services: DashboardServices, restaurantId: string, orderId: string, status: OrderStatus) {
  const change = await moveOrder(services.prisma, { restaurantId, orderId }, status, 'restaurant');
  if (!change) throw notFound('order not found');
  const { order } = change;
  if (!change.changed) {
    const allowed = allowedNextStatuses(order.status, order.orderType);
    const options = allowed.length ? allowed.join(', ') : 'nothing (final)';
    throw conflict(`a ${order.orderType} order cannot go from ${order.status} to ${status}; allowed: ${options}`);
  }
  await publishBestEffort(services.events, services.log, restaurantId, { type: 'order.updated', data: orderView(order) });
  const ref = { restaurantId, customerWa: order.customerWa };
  await signalConversation(
    () => services.conversations.orderStatusChanged(ref, { orderReference: order.orderReference, status }),
    services.log,
    'order status',
  );
  return order;
}
