// The order lifecycle of SPEC §3: which status may follow which, and the timestamp each sets.
// One table for the dashboard's transitions and the workflow's activities.
import type { OrderStatus, OrderType } from '../generated/prisma/enums';

const NEXT: Record<OrderStatus, (type: OrderType) => OrderStatus[]> = {
  AWAITING_PAYMENT: () => ['CONFIRMED', 'CANCELLED'],
  CONFIRMED: () => ['PREPARING', 'CANCELLED'],
  PREPARING: (type) => [type === 'delivery' ? 'OUT_FOR_DELIVERY' : 'READY_FOR_PICKUP', 'CANCELLED'],
  OUT_FOR_DELIVERY: () => ['DELIVERED'],
  READY_FOR_PICKUP: () => ['PICKED_UP'],
  DELIVERED: () => [],
  PICKED_UP: () => [],
  CANCELLED: () => [],
};

export function allowedNextStatuses(from: OrderStatus, type: OrderType): OrderStatus[] {
  return NEXT[from](type);
}

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
