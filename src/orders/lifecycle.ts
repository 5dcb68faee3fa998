// The order lifecycle of SPEC §3: which status may follow which, who may make each move, and the
// timestamp each status sets. The one table for the dashboard, the workflow and the orders store.
// Pure (types only from Prisma), so the dialogue can ask it too.
import type { OrderStatus, OrderType } from '../generated/prisma/enums';

/** Who moves an order: the restaurant's staff (dashboard) or the customer (the dialogue). */
export type OrderActor = 'restaurant' | 'customer';

type Moves = Record<OrderActor, (type: OrderType) => OrderStatus[]>;

const none = () => [];

/** The restaurant may cancel until the order is delivered or picked up; the customer only before
 * the kitchen starts. */
const MOVES: Record<OrderStatus, Moves> = {
  AWAITING_PAYMENT: { restaurant: () => ['CONFIRMED', 'CANCELLED'], customer: () => ['CANCELLED'] },
  CONFIRMED: { restaurant: () => ['PREPARING', 'CANCELLED'], customer: () => ['CANCELLED'] },
  PREPARING: {
    restaurant: (type) => [type === 'delivery' ? 'OUT_FOR_DELIVERY' : 'READY_FOR_PICKUP', 'CANCELLED'],
    customer: none,
  },
  OUT_FOR_DELIVERY: { restaurant: () => ['DELIVERED', 'CANCELLED'], customer: none },
  READY_FOR_PICKUP: { restaurant: () => ['PICKED_UP', 'CANCELLED'], customer: none },
  DELIVERED: { restaurant: none, customer: none },
  PICKED_UP: { restaurant: none, customer: none },
  CANCELLED: { restaurant: none, customer: none },
};

const STATUSES = Object.keys(MOVES) as OrderStatus[];

export function allowedNextStatuses(from: OrderStatus, type: OrderType, actor: OrderActor = 'restaurant'): OrderStatus[] {
  return MOVES[from][actor](type);
}

/** The statuses an order of this type may be in for `actor` to move it to `to`. */
export function allowedPredecessors(to: OrderStatus, type: OrderType, actor: OrderActor): OrderStatus[] {
  return STATUSES.filter((from) => MOVES[from][actor](type).includes(to));
}

/** Whether the customer may still cancel an order in this status (same for both order types). */
export const customerMayCancel = (status: OrderStatus): boolean => MOVES[status].customer('delivery').includes('CANCELLED');

/** The timestamp column each status sets when an order enters it. */
export const STATUS_TIMESTAMP = {
  AWAITING_PAYMENT: 'awaitingPaymentAt',
  CONFIRMED: 'confirmedAt',
  PREPARING: 'preparingAt',
  OUT_FOR_DELIVERY: 'outForDeliveryAt',
  READY_FOR_PICKUP: 'readyForPickupAt',
  DELIVERED: 'deliveredAt',
  PICKED_UP: 'pickedUpAt',
  CANCELLED: 'cancelledAt',
} as const satisfies Record<OrderStatus, string>;
