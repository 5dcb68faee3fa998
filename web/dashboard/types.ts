// The API's resources as the dashboard reads them (SPEC §4 field names; src/views.ts).
export type Role = 'owner' | 'agent' | 'admin';

export interface Claims {
  sub?: string;
  restaurantId: string;
  role: Role;
  exp: number;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface RestaurantSummary {
  id: string;
  name: string;
  restaurantName: string;
  whatsappFrom: string;
  locale: string;
  currency: string;
  timeZone: string;
  isActive: boolean;
}

export type ConversationStatus = 'ACTIVE' | 'NEEDS_AGENT' | 'CLOSED';

export interface Conversation {
  id: string;
  customerWa: string;
  customerName: string | null;
  status: ConversationStatus;
  lastMessageAt: string;
  unreadCount: number;
  isBotActive: boolean;
  optedOut: boolean;
  /** WhatsApp's 24-hour customer-service window (SPEC §7), when the API reports it. */
  windowOpen?: boolean;
  windowClosesAt?: string | null;
}

export type MessageStatus = 'received' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'undelivered';

export interface Message {
  id: string;
  conversationId: string;
  direction: 'IN' | 'OUT';
  sender: 'customer' | 'bot' | 'agent';
  body: string;
  type: string;
  mediaUrls: unknown;
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  createdAt: string;
}

export type OrderStatus =
  'AWAITING_PAYMENT' | 'CONFIRMED' | 'PREPARING' | 'OUT_FOR_DELIVERY' | 'READY_FOR_PICKUP' | 'DELIVERED' | 'PICKED_UP' | 'CANCELLED';

export interface Order {
  id: string;
  conversationId: string;
  customerWa: string;
  orderReference: string;
  status: OrderStatus;
  nextStatuses?: OrderStatus[];
  orderType: 'delivery' | 'pickup';
  paymentMethod: 'online' | 'cash';
  deliveryAddress: string | null;
  items: { id: string; name: string; quantity: number; lineTotal: number }[];
  total: number;
  currency: string;
  rating: number | null;
  ratingComment: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MenuItem {
  id: string;
  nameAr: string;
  nameEn: string;
  descriptionAr: string | null;
  descriptionEn: string | null;
  price: number;
  imageUrl: string | null;
  isAvailable: boolean;
}

export interface MenuDocument {
  categories: { id: string; nameAr: string; nameEn: string; items: MenuItem[] }[];
}

export interface Stats {
  from: string;
  to: string;
  currency: string;
  timeZone: string;
  orders: { total: number; byStatus: Record<OrderStatus, number>; perDay: { date: string; count: number; revenue: number }[] };
  revenue: number;
  botResponseTime: { averageSeconds: number | null; samples: number };
  ratings: { count: number; average: number | null; distribution: Record<'1' | '2' | '3' | '4' | '5', number> };
}

export interface LiveEvent {
  type:
    'message.received' | 'message.sent' | 'message.status' | 'message.failed' | 'conversation.updated' | 'order.created' | 'order.updated';
  data: Record<string, unknown>;
}
