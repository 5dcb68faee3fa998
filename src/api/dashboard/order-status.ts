// Moving an order along (SPEC §3 statuses): validated against the allowed transitions, applied
// only if nobody moved it meanwhile, announced to the dashboard and, through the conversation
// workflow, to the customer in their language.
import type { OrderStatus } from '../../generated/prisma/enums';
import { allowedNextStatuses, STATUS_TIMESTAMP } from '../../orders/lifecycle';
import { orderView } from '../../views';
import { conflict, notFound } from '../errors';
import { DashboardServices, publishQuietly, signalConversation } from './services';

export async function changeOrderStatus(services: DashboardServices, restaurantId: string, orderId: string, status: OrderStatus) {
  const { prisma } = services;
  const order = await prisma.order.findFirst({ where: { id: orderId, restaurantId } });
  if (!order) throw notFound('order not found');
  const allowed = allowedNextStatuses(order.status, order.orderType);
  if (!allowed.includes(status)) {
    const options = allowed.length ? allowed.join(', ') : 'nothing (final)';
    throw conflict(`a ${order.orderType} order cannot go from ${order.status} to ${status}; allowed: ${options}`);
  }
  const { count } = await prisma.order.updateMany({
    where: { id: order.id, status: order.status },
    data: { status, [STATUS_TIMESTAMP[status]]: new Date() },
  });
  if (count === 0) throw conflict('the order changed meanwhile; reload it and try again');
  const updated = await prisma.order.findUniqueOrThrow({ where: { id: order.id }, include: { items: true } });
  await publishQuietly(services, restaurantId, { type: 'order.updated', data: orderView(updated) });
  const ref = { restaurantId, customerWa: order.customerWa };
  await signalConversation(
    () => services.conversations.orderStatusChanged(ref, { orderReference: order.orderReference, status }),
    services.log,
    'order status',
  );
  return updated;
}
