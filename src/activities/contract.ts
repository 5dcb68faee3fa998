// The activities the conversation workflow calls: their names, arguments and results.
// src/activities/index.ts implements this interface; src/workflows/ proxies it (types only).
import type {
  Menu,
  NewOrder,
  OrderStatus,
  OrderSummary,
  Reply,
  RestaurantProfile,
} from '../dialogue/types';
import type { InboundMessage } from '../workflows/definitions';

/** Error type createOrder should throw (non-retryable) when the orderReference already belongs to
 * another conversation: the workflow then draws a new reference and runs the dialogue step again. */
export const ORDER_REFERENCE_CONFLICT = 'OrderReferenceConflict';

export interface ConversationKey {
  restaurantId: string;
  /** `whatsapp:+E164` of the customer. */
  customerWa: string;
}

export interface ConversationContext {
  profile: RestaurantProfile;
  /** Null when the caller's `knownMenuVersion` is still current (keeps workflow history small). */
  menu: Menu | null;
  menuVersion: number;
  /** Conversation.isBotActive from the database (false while a human has taken over). */
  botEnabled: boolean;
  /** The customer replied STOP (Twilio 21610): send nothing. */
  optedOut: boolean;
  /** The customer's most recent order with this restaurant, if any. */
  lastOrder?: OrderSummary;
}

export interface SendReplyArgs extends ConversationKey {
  /** Deterministic per reply (e.g. `${messageSid}:0`): a retried activity records and sends once. */
  idempotencyKey: string;
  reply: Reply;
  sender: 'bot' | 'agent';
  /** Agent messages are recorded by the API first; the activity sends that row. */
  messageId?: string;
}

export interface SendReplyResult {
  messageId: string;
  /** `skipped`: opted out or restaurant inactive; `failed`: permanent Twilio error, replayable by ops. */
  status: 'sent' | 'failed' | 'skipped';
  waSid?: string;
}

export interface OrderUpdate {
  restaurantId: string;
  orderReference: string;
  status?: OrderStatus;
  rating?: number;
  ratingComment?: string;
}

export interface ConversationUpdate extends ConversationKey {
  isBotActive?: boolean;
  status?: 'ACTIVE' | 'NEEDS_AGENT' | 'CLOSED';
}

export interface ConversationActivities {
  loadConversationContext(args: ConversationKey & { knownMenuVersion?: number }): Promise<ConversationContext>;
  /** Upsert by waSid (the webhook usually stored it already); publishes message.received when new. */
  recordInbound(args: ConversationKey & { message: InboundMessage }): Promise<{ messageId: string; created: boolean }>;
  sendReply(args: SendReplyArgs): Promise<SendReplyResult>;
  /** Idempotent by orderReference; publishes order.created. */
  createOrder(args: ConversationKey & { order: NewOrder }): Promise<{ orderId: string }>;
  /** Publishes order.updated; sets the per-status timestamp. */
  updateOrder(args: OrderUpdate): Promise<void>;
  /** Publishes conversation.updated. */
  updateConversation(args: ConversationUpdate): Promise<void>;
}
