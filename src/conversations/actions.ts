// Staff actions for a conversation's workflow: the one owner of the ConversationAction table. An
// action is recorded (with the change it makes, when there is one) before the API answers, so it
// reaches the workflow even when Temporal is unreachable at that moment (SPEC §7), and is marked
// dispatched once the workflow has it.
import type { Db } from '../db';
import type { ConversationAction, Prisma } from '../generated/prisma/client';
import type { AgentMessage, OrderStatusChange } from '../workflows/contract';

export type StaffAction =
  | { kind: 'agent_message'; payload: AgentMessage }
  | { kind: 'bot'; payload: { enabled: boolean } }
  | { kind: 'order_status'; payload: OrderStatusChange };

export type { ConversationAction };

export function recordAction(db: Db, conversation: { id: string; restaurantId: string }, action: StaffAction): Promise<ConversationAction> {
  return db.conversationAction.create({
    data: {
      restaurantId: conversation.restaurantId,
      conversationId: conversation.id,
      kind: action.kind,
      payload: action.payload as unknown as Prisma.InputJsonObject,
    },
  });
}

/** The action a stored row describes; null for a row this version does not know. */
export function staffActionOf(row: Pick<ConversationAction, 'kind' | 'payload'>): StaffAction | null {
  const payload = row.payload as Record<string, unknown> | null;
  if (!payload || typeof payload !== 'object') return null;
  switch (row.kind) {
    case 'agent_message':
      return typeof payload.messageId === 'string' && typeof payload.text === 'string'
        ? { kind: 'agent_message', payload: { messageId: payload.messageId, text: payload.text } }
        : null;
    case 'bot':
      return typeof payload.enabled === 'boolean' ? { kind: 'bot', payload: { enabled: payload.enabled } } : null;
    case 'order_status':
      return typeof payload.orderReference === 'string' && typeof payload.status === 'string'
        ? { kind: 'order_status', payload: payload as unknown as OrderStatusChange }
        : null;
    default:
      return null;
  }
}

export async function markActionsDispatched(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.conversationAction.updateMany({ where: { id: { in: ids }, dispatchedAt: null }, data: { dispatchedAt: new Date() } });
}
