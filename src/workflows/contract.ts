// The contract of the conversation workflow: its ID, input, signals, query and search attributes,
// and the activities it calls with their arguments and results. The one module shared by the
// workflow, the activities and every client (webhooks, dashboard API, ops, tests).
import { defineQuery, defineSignal } from '@temporalio/workflow';
import { defineSearchAttributeKey } from '@temporalio/common';
import type {
  CustomerInput,
  DialogueState,
  Language,
  Menu,
  NewOrder,
  OrderStatus,
  OrderSummary,
  PastOrder,
  Reply,
  RestaurantProfile,
} from '../dialogue/types';

export const CONVERSATION_WORKFLOW = 'conversationWorkflow';

export function conversationWorkflowId(restaurantId: string, customerWa: string): string {
  return `conversation:${restaurantId}:${customerWa}`;
}

/** Timing knobs; tests shrink them. */
export interface ConversationSettings {
  /** Idle cart is emptied (with a notice) after this long. */
  cartIdleMs: number;
  /** An idle conversation workflow completes after this long; the next message starts a new run. */
  conversationIdleMs: number;
  /** Continue-as-new once history reaches this many events (Temporal may suggest it earlier). */
  maxHistoryLength: number;
}

export const DEFAULT_CONVERSATION_SETTINGS: ConversationSettings = {
  cartIdleMs: 30 * 60_000,
  conversationIdleMs: 24 * 3_600_000,
  maxHistoryLength: 2_000,
};

export interface ConversationInput {
  restaurantId: string;
  customerWa: string;
  settings?: Partial<ConversationSettings>;
  /** Present only when the workflow continues as new. */
  carried?: CarriedState;
}

/** What travels through continue-as-new. */
export interface CarriedState {
  dialogue: DialogueState;
  botEnabled: boolean;
  recentSids: string[];
  pending: PendingWork[];
  /** Workflow time (ms) of the last handled work, so idle timers do not restart with each run. */
  lastActivityAt?: number;
  /** Agents' messages waiting for the customer to reopen the 24-hour window. */
  heldFollowUps?: AgentMessage[];
}

export interface InboundMessage {
  /** Twilio MessageSid; the dedupe key. */
  messageSid: string;
  input: CustomerInput;
  /** ISO time the webhook received it. */
  receivedAt: string;
  profileName?: string;
  /** Over the customer's inbound flood limit: not processed; the workflow sends one polite notice. */
  throttled?: boolean;
  /** The webhook stored it already (SPEC §7): the workflow need not store it again. */
  stored?: boolean;
  /** What the webhook saw as it stored it: with it a workflow whose cache is current reads nothing. */
  context?: SignalledContext;
}

export interface SignalledContext {
  botEnabled: boolean;
  /** Conversation.optedOut as the webhook stored the message (absent in signals from before it). */
  optedOut?: boolean;
  menuVersion: number;
  settingsVersion: number;
}

export interface AgentMessage {
  /** ID of the Message row the API already recorded (status queued, sender agent). */
  messageId: string;
  text: string;
}

export interface OrderStatusChange {
  orderReference: string;
  status: OrderStatus;
}

export type PendingWork =
  | { kind: 'inbound'; message: InboundMessage }
  | { kind: 'agent'; message: AgentMessage }
  | { kind: 'order_status'; change: OrderStatusChange }
  | { kind: 'bot'; enabled: boolean };

export const inboundMessageSignal = defineSignal<[InboundMessage]>('inboundMessage');
export const agentMessageSignal = defineSignal<[AgentMessage]>('agentMessage');
export const botEnabledSignal = defineSignal<[{ enabled: boolean }]>('setBotEnabled');
export const orderStatusSignal = defineSignal<[OrderStatusChange]>('orderStatusChanged');

export interface ConversationView {
  step: DialogueState['step'];
  language: DialogueState['language'];
  cart: DialogueState['cart'];
  botEnabled: boolean;
  activeOrder: DialogueState['lastOrder'] | null;
  pending: number;
  processedSids: number;
}

export const stateQuery = defineQuery<ConversationView>('state');

export const RestaurantIdAttr = defineSearchAttributeKey('RestaurantId', 'KEYWORD');
export const DialogueStepAttr = defineSearchAttributeKey('DialogueStep', 'KEYWORD');
export const OrderStatusAttr = defineSearchAttributeKey('OrderStatus', 'KEYWORD');
export const OrderReferenceAttr = defineSearchAttributeKey('OrderReference', 'KEYWORD');

/** `--search-attribute` flags for `temporal server start-dev`, and what deployments must register. */
export const SEARCH_ATTRIBUTES = ['RestaurantId', 'DialogueStep', 'OrderStatus', 'OrderReference'];

// ---- Activities ----

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
  /** RestaurantBot.settingsVersion of `profile`. */
  settingsVersion: number;
  /** Conversation.isBotActive from the database (false while a human has taken over). */
  botEnabled: boolean;
  /** The customer's most recent order with this restaurant, if any. */
  lastOrder?: OrderSummary;
  /** Conversation.locale: the customer's remembered language (absent in runs recorded before it). */
  locale?: Language | null;
  /** The latest delivered or picked-up order, which the welcome offers to repeat (absent in older runs). */
  reorder?: PastOrder;
  /** The latest order when still under way: it may be repeated once it is completed. */
  placedOrder?: PastOrder;
  /** On a first load (no menu known yet): agents' messages a template invited the customer to read. */
  heldFollowUps?: AgentMessage[];
  /** Conversation.optedOut: it survives runs (absent in runs recorded before it). */
  optedOut?: boolean;
}

export interface SendReplyArgs extends ConversationKey {
  /** Deterministic per reply (e.g. `${messageSid}:0`): a retried activity records and sends once. */
  idempotencyKey: string;
  reply: Reply;
  /** The language the reply is written in (the list picker's button label follows it). */
  language?: Language;
  /** The customer message this is the first answer to (reply latency is measured from it). */
  inboundSid?: string;
  /** That message's `receivedAt` (its stored createdAt), so the latency needs no lookup. Runs
   * from before it was passed leave it out: the activity then reads the message. */
  inboundReceivedAt?: string;
  sender: 'bot' | 'agent';
  /** Agent messages are recorded by the API first; the activity sends that row. */
  messageId?: string;
}

export interface SendReplyResult {
  messageId: string;
  /** `skipped`: opted out, restaurant inactive or outside the 24-hour window without a template;
   * `failed`: permanent Twilio error, replayable by ops; `held`: an agent's message outside the
   * window, waiting for the customer's reply (the workflow sends it then). */
  status: 'sent' | 'failed' | 'skipped' | 'held';
  waSid?: string;
}

export interface OrderRef {
  restaurantId: string;
  orderReference: string;
}

/** A customer's cancel: refused (`cancelled: false`) when the order already moved on; `status`
 * is the status that stands, which the customer is told. */
export interface CancelOutcome {
  cancelled: boolean;
  status: OrderStatus;
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
  /** The customer's cancel, only where the lifecycle table allows it; publishes order.updated. */
  cancelOrder(args: OrderRef): Promise<CancelOutcome>;
  /** The customer was told the order's status (a fresh run then knows what they know). */
  noteStatusTold(args: OrderRef & { status: OrderStatus }): Promise<void>;
  /** Rating and comment (and, for runs recorded before cancelOrder, the cancel); publishes order.updated. */
  updateOrder(args: OrderUpdate): Promise<void>;
  /** Publishes conversation.updated. */
  updateConversation(args: ConversationUpdate): Promise<void>;
  /** Remembers the customer's language here (Conversation.locale) for later runs. */
  rememberLanguage(args: ConversationKey & { locale: Language }): Promise<void>;
  /** STOP (true) or START (false) at this restaurant; publishes conversation.updated. */
  setOptedOut(args: ConversationKey & { optedOut: boolean }): Promise<void>;
}

// ---- Outgoing webhooks (SPEC §4 "Restaurant webhooks") ----

export const WEBHOOK_DELIVERY_WORKFLOW = 'webhookDeliveryWorkflow';

/** One workflow per queue (an order, or a conversation's own events), so they go out in order. */
export const webhookWorkflowId = (restaurantId: string, queue: string) => `webhook:${restaurantId}:${queue}`;

export interface WebhookQueueInput {
  restaurantId: string;
  /** WebhookDelivery.queue, e.g. `order:<orderId>`. */
  queue: string;
  /** Backoff between attempts of one delivery (doubling); the worker gives up by age. */
  retry: { initialIntervalMs: number; maximumIntervalMs: number };
}

/** A delivery of this queue was recorded (or requeued): the workflow sends what is pending, in order. */
export const webhookQueuedSignal = defineSignal<[{ deliveryId: string }]>('webhookQueued');

export interface WebhookActivities {
  /** The queue's oldest pending delivery, if any. */
  nextWebhookDelivery(args: { restaurantId: string; queue: string }): Promise<{ deliveryId: string } | null>;
  /** One POST; throws (retried) until a 2xx, or returns `failed` once the delivery is past the give-up age. */
  deliverWebhook(args: { deliveryId: string }): Promise<'delivered' | 'failed' | 'skipped'>;
}

// ---- WhatsApp templates (SPEC §7 "The 24-hour window") ----

export const TEMPLATE_PROVISIONING_WORKFLOW = 'templateProvisioningWorkflow';

export const templatesWorkflowId = (restaurantId: string) => `templates:${restaurantId}`;

export interface TemplateProvisioningInput {
  restaurantId: string;
  /** How often WhatsApp's verdict is read while a template waits for one. */
  pollIntervalMs: number;
  maxPolls: number;
}

export interface TemplateActivities {
  /** Creates, submits or reads the verdict of each template; how many still wait for a verdict. */
  provisionTemplates(args: { restaurantId: string }): Promise<{ waiting: number }>;
}
