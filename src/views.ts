// Resources as the outside world sees them (SPEC §4 field names): dashboard events and REST
// responses share these serialisers so a message, order or conversation has one shape.
// Dates become ISO strings, so a view is the same in process and after JSON.
import type { Conversation, Message, Order, OrderItem, WhatsAppTemplate } from './generated/prisma/client';
import { isWindowOpen, windowClosesAt } from './conversations/window';
import { allowedNextStatuses } from './orders/lifecycle';
import { readOptions, type StoredOption } from './orders/store';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export type MessageView = {
  id: string;
  restaurantId: string;
  conversationId: string;
  direction: Message['direction'];
  sender: Message['sender'];
  body: string;
  type: string;
  mediaUrls: Message['mediaUrls'];
  metadata: Message['metadata'];
  status: Message['status'];
  waSid: string | null;
  errorCode: number | null;
  errorMessage: string | null;
  /** Why it was not delivered (opted_out, restaurant_inactive, outside_window, twilio_error, ...). */
  failureReason: Message['failureReason'];
  rateLimited: boolean;
  sentAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export function messageView(m: Message): MessageView {
  return {
    id: m.id,
    restaurantId: m.restaurantId,
    conversationId: m.conversationId,
    direction: m.direction,
    sender: m.sender,
    body: m.body,
    type: m.type,
    mediaUrls: m.mediaUrls,
    metadata: m.metadata,
    status: m.status,
    waSid: m.waSid,
    errorCode: m.errorCode,
    errorMessage: m.errorMessage,
    failureReason: m.failureReason,
    rateLimited: m.rateLimited,
    sentAt: iso(m.sentAt),
    deliveredAt: iso(m.deliveredAt),
    readAt: iso(m.readAt),
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

export type ConversationView = {
  id: string;
  restaurantId: string;
  customerWa: string;
  customerName: string | null;
  status: Conversation['status'];
  lastMessageAt: string;
  unreadCount: number;
  isBotActive: boolean;
  optedOut: boolean;
  optedOutAt: string | null;
  /** The customer's latest message; WhatsApp's 24-hour window runs from it (SPEC §7). */
  lastInboundAt: string | null;
  /** Free-form messages reach the customer now; else only approved templates do. */
  windowOpen: boolean;
  /** When the window closes (or closed); null when the customer never wrote. */
  windowClosesAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export function conversationView(c: Conversation): ConversationView {
  return {
    id: c.id,
    restaurantId: c.restaurantId,
    customerWa: c.customerWa,
    customerName: c.customerName,
    status: c.status,
    lastMessageAt: c.lastMessageAt.toISOString(),
    unreadCount: c.unreadCount,
    isBotActive: c.isBotActive,
    optedOut: c.optedOut,
    optedOutAt: iso(c.optedOutAt),
    lastInboundAt: iso(c.lastInboundAt),
    windowOpen: isWindowOpen(c),
    windowClosesAt: iso(windowClosesAt(c)),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export type OrderItemView = {
  id: string;
  menuItemId: string | null;
  name: string;
  quantity: number;
  /** Includes the options' prices. */
  unitPrice: number;
  lineTotal: number;
  /** The chosen options, names and prices as they were at order time. */
  options: StoredOption[];
};

export type OrderView = {
  id: string;
  restaurantId: string;
  conversationId: string;
  customerWa: string;
  orderReference: string;
  status: Order['status'];
  /** The statuses the restaurant may move it to now. */
  nextStatuses: Order['status'][];
  orderType: Order['orderType'];
  branchId: string | null;
  deliveryLat: number | null;
  deliveryLng: number | null;
  deliveryAddress: string | null;
  paymentMethod: Order['paymentMethod'];
  items: OrderItemView[];
  subtotal: number;
  deliveryFee: number;
  total: number;
  currency: string;
  rating: number | null;
  ratingComment: string | null;
  /** The customer's note for the restaurant. */
  note: string | null;
  awaitingPaymentAt: string | null;
  confirmedAt: string | null;
  preparingAt: string | null;
  outForDeliveryAt: string | null;
  readyForPickupAt: string | null;
  deliveredAt: string | null;
  pickedUpAt: string | null;
  cancelledAt: string | null;
  ratedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export function orderView(o: Order & { items: OrderItem[] }): OrderView {
  return {
    id: o.id,
    restaurantId: o.restaurantId,
    conversationId: o.conversationId,
    customerWa: o.customerWa,
    orderReference: o.orderReference,
    status: o.status,
    nextStatuses: allowedNextStatuses(o.status, o.orderType),
    orderType: o.orderType,
    branchId: o.branchId,
    deliveryLat: o.deliveryLat,
    deliveryLng: o.deliveryLng,
    deliveryAddress: o.deliveryAddress,
    paymentMethod: o.paymentMethod,
    items: o.items.map(({ id, menuItemId, name, quantity, unitPrice, lineTotal, options }) => ({
      id,
      menuItemId,
      name,
      quantity,
      unitPrice,
      lineTotal,
      options: readOptions(options),
    })),
    subtotal: o.subtotal,
    deliveryFee: o.deliveryFee,
    total: o.total,
    currency: o.currency,
    rating: o.rating,
    ratingComment: o.ratingComment,
    note: o.note,
    awaitingPaymentAt: iso(o.awaitingPaymentAt),
    confirmedAt: iso(o.confirmedAt),
    preparingAt: iso(o.preparingAt),
    outForDeliveryAt: iso(o.outForDeliveryAt),
    readyForPickupAt: iso(o.readyForPickupAt),
    deliveredAt: iso(o.deliveredAt),
    pickedUpAt: iso(o.pickedUpAt),
    cancelledAt: iso(o.cancelledAt),
    ratedAt: iso(o.ratedAt),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

export type TemplateView = {
  id: string;
  restaurantId: string;
  /** order_status | rating_request | agent_followup */
  kind: string;
  language: WhatsAppTemplate['language'];
  contentSid: string | null;
  friendlyName: string;
  /** WhatsApp's verdict as Twilio reports it: unsubmitted, received, pending, approved, rejected, ... */
  approvalStatus: string;
  rejectionReason: string | null;
  submittedAt: string | null;
  approvedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export function templateView(t: WhatsAppTemplate): TemplateView {
  return {
    id: t.id,
    restaurantId: t.restaurantId,
    kind: t.kind,
    language: t.language,
    contentSid: t.contentSid,
    friendlyName: t.friendlyName,
    approvalStatus: t.approvalStatus,
    rejectionReason: t.rejectionReason,
    submittedAt: iso(t.submittedAt),
    approvedAt: iso(t.approvedAt),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}
