// Signals, queries, search attributes and IDs of the conversation workflow: the one module shared
// by the workflow and by every client (webhooks, dashboard API, ops, tests).
import { defineQuery, defineSignal } from '@temporalio/workflow';
import { defineSearchAttributeKey } from '@temporalio/common';
import type { CustomerInput, DialogueState, OrderStatus } from '../dialogue/types';

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
