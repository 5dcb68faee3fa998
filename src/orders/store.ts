// Orders: the one owner of the Order and OrderItem tables. An order is created once per
// orderReference with its items; its status moves only along the lifecycle table, in one
// conditional UPDATE, so two actors racing (a customer's cancel, a staff move) end in exactly one.
import { isUniqueViolation, type Db } from '../db';
import type { ChosenOption, NewOrder, PastOrder } from '../dialogue/types';
import type { Order, OrderItem, OrderStatus } from '../generated/prisma/client';
import { allowedPredecessors, STATUS_TIMESTAMP, type OrderActor } from './lifecycle';

export type OrderWithItems = Order & { items: OrderItem[] };

const withItems = { items: { orderBy: { id: 'asc' as const } } };

export function findOrder(db: Db, restaurantId: string, orderId: string): Promise<OrderWithItems | null> {
  return db.order.findFirst({ where: { id: orderId, restaurantId }, include: withItems });
}

export function findOrderByReference(db: Db, restaurantId: string, orderReference: string): Promise<OrderWithItems | null> {
  return db.order.findFirst({ where: { restaurantId, orderReference }, include: withItems });
}

export type CreatedOrder =
  | { outcome: 'created' | 'existing'; order: OrderWithItems }
  /** The reference belongs to another conversation: draw another. */
  | { outcome: 'reference_taken' };

/** Idempotent by orderReference: a retry finds its own order; another conversation's is a conflict. */
export async function createOrder(
  db: Db,
  conversation: { id: string; restaurantId: string; customerWa: string },
  order: NewOrder,
): Promise<CreatedOrder> {
  const existingFor = (found: OrderWithItems | null): CreatedOrder | undefined => {
    if (!found) return undefined;
    return found.conversationId === conversation.id ? { outcome: 'existing', order: found } : { outcome: 'reference_taken' };
  };
  const byReference = () => db.order.findUnique({ where: { orderReference: order.orderReference }, include: withItems });
  const existing = existingFor(await byReference());
  if (existing) return existing;
  try {
    // One insert with nested items: Prisma runs it in one transaction.
    const created = await db.order.create({
      data: {
        restaurantId: conversation.restaurantId,
        conversationId: conversation.id,
        customerWa: conversation.customerWa,
        orderReference: order.orderReference,
        status: order.status,
        notifiedStatus: order.status,
        [STATUS_TIMESTAMP[order.status]]: new Date(),
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
        note: order.note ?? null,
        items: {
          create: order.items.map(({ menuItemId, name, quantity, unitPrice, lineTotal, options }) => ({
            menuItemId,
            name,
            quantity,
            unitPrice,
            lineTotal,
            options: storedOptions(options),
          })),
        },
      },
      include: withItems,
    });
    return { outcome: 'created', order: created };
  } catch (err) {
    const raced = isUniqueViolation(err) ? existingFor(await byReference()) : undefined;
    if (raced) return raced;
    throw err;
  }
}

/** The chosen options as the OrderItem keeps them: names and prices as they were at order time. */
function storedOptions(options: ChosenOption[] | undefined): StoredOption[] {
  return (options ?? []).map(({ id, groupId, nameAr, nameEn, price }) => ({ optionId: id, groupId, nameAr, nameEn, price }));
}

export type StoredOption = {
  optionId: string;
  groupId: string;
  nameAr: string;
  nameEn: string;
  price: number;
};

/** OrderItem.options read back; anything malformed (hand-edited rows) reads as no options. */
export function readOptions(value: unknown): StoredOption[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (o): o is StoredOption =>
      typeof o === 'object' && o !== null && typeof o.optionId === 'string' && typeof o.nameAr === 'string' && typeof o.nameEn === 'string',
  );
}

export type StatusChange =
  | { changed: true; order: OrderWithItems }
  /** Refused by the lifecycle table; `order` holds the status that stands. */
  | { changed: false; order: OrderWithItems };

/**
 * Moves an order to `to` if `actor` may make that move from the status it has right now — checked
 * and written in one UPDATE, so a concurrent change is never overwritten. Null: no such order.
 */
export async function changeOrderStatus(
  db: Db,
  where: { restaurantId: string } & ({ orderId: string } | { orderReference: string }),
  to: OrderStatus,
  actor: OrderActor,
): Promise<StatusChange | null> {
  const identity = 'orderId' in where ? { id: where.orderId } : { orderReference: where.orderReference };
  const [moved] = await db.order.updateManyAndReturn({
    where: {
      restaurantId: where.restaurantId,
      ...identity,
      OR: [
        { orderType: 'delivery', status: { in: allowedPredecessors(to, 'delivery', actor) } },
        { orderType: 'pickup', status: { in: allowedPredecessors(to, 'pickup', actor) } },
      ],
    },
    // The customer's own move is one they know of; the restaurant's is told by the workflow.
    data: { status: to, [STATUS_TIMESTAMP[to]]: new Date(), ...(actor === 'customer' ? { notifiedStatus: to } : {}) },
  });
  const order = await db.order.findFirst({ where: { restaurantId: where.restaurantId, ...identity }, include: withItems });
  if (!order) return null;
  return { changed: moved !== undefined, order };
}

/** The customer's rating (1–5); a repeated rating keeps its first time. Null: no such order. */
export async function rateOrder(db: Db, restaurantId: string, orderReference: string, rating: number): Promise<OrderWithItems | null> {
  const order = await findOrderByReference(db, restaurantId, orderReference);
  if (!order) return null;
  if (order.rating === rating && order.ratedAt) return order;
  return db.order.update({ where: { id: order.id }, data: { rating, ratedAt: new Date() }, include: withItems });
}

export async function commentOrder(db: Db, restaurantId: string, orderReference: string, comment: string): Promise<OrderWithItems | null> {
  const order = await findOrderByReference(db, restaurantId, orderReference);
  if (!order) return null;
  return db.order.update({ where: { id: order.id }, data: { ratingComment: comment }, include: withItems });
}

/** The workflow told the customer the order is now `status`. */
export async function noteStatusTold(db: Db, restaurantId: string, orderReference: string, status: OrderStatus): Promise<void> {
  await db.order.updateMany({ where: { restaurantId, orderReference }, data: { notifiedStatus: status } });
}

/** The customer's latest order in this conversation, as the customer knows it: with the status
 * they were last told of, so a status change a fresh workflow run is started for is still told. */
export async function latestOrderSummary(db: Db, conversationId: string) {
  const latest = await db.order.findFirst({
    where: { conversationId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { orderReference: true, status: true, notifiedStatus: true, orderType: true, total: true },
  });
  if (!latest) return null;
  const { notifiedStatus, ...summary } = latest;
  return { ...summary, status: notifiedStatus ?? summary.status };
}

const COMPLETED: OrderStatus[] = ['DELIVERED', 'PICKED_UP'];
const pastOrderSelect = {
  orderReference: true,
  status: true,
  items: { orderBy: { id: 'asc' as const }, select: { menuItemId: true, name: true, quantity: true, options: true } },
};

/** For a reorder (SPEC §6): the customer's latest delivered or picked-up order in this conversation,
 * and the latest order of all when it is still under way (it becomes the one to repeat once it is
 * completed), each with its lines. */
export async function pastOrders(db: Db, conversationId: string): Promise<{ completed?: PastOrder; underWay?: PastOrder }> {
  const newest = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];
  const latest = await db.order.findFirst({ where: { conversationId }, orderBy: newest, select: pastOrderSelect });
  if (!latest) return {};
  if (COMPLETED.includes(latest.status)) return { completed: toPastOrder(latest) };
  const completed = await db.order.findFirst({
    where: { conversationId, status: { in: COMPLETED } },
    orderBy: newest,
    select: pastOrderSelect,
  });
  const underWay = latest.status === 'CANCELLED' ? {} : { underWay: toPastOrder(latest) };
  return completed ? { completed: toPastOrder(completed), ...underWay } : underWay;
}

function toPastOrder(order: {
  orderReference: string;
  items: { menuItemId: string | null; name: string; quantity: number; options: unknown }[];
}): PastOrder {
  const lines = order.items.map((i) => ({
    menuItemId: i.menuItemId,
    name: i.name,
    quantity: i.quantity,
    options: readOptions(i.options).map((o) => ({ id: o.optionId, nameAr: o.nameAr, nameEn: o.nameEn })),
  }));
  return { orderReference: order.orderReference, lines };
}
