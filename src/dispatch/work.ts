// A conversation's work for its workflow, in the order it arrived: customer messages the webhook
// stored and staff actions the API recorded, both not yet handed over. Handing one over is one
// signal-with-start; marking it dispatched is its table's store's business.
import type { Db } from '../db';
import { markActionsDispatched, staffActionOf, type StaffAction } from '../conversations/actions';
import { markDispatched } from '../messages/inbound';
import type { Conversations } from '../temporal/conversations';
import type { ConversationKey, InboundMessage } from '../workflows/contract';
import { inboundSignalOf } from './inbound-signal';

export type Work =
  | { kind: 'inbound'; id: string; createdAt: Date; message: InboundMessage }
  | { kind: 'action'; id: string; createdAt: Date; action: StaffAction };

export type Signaller = Pick<Conversations, 'inbound' | 'agentMessage' | 'setBotEnabled' | 'orderStatusChanged'>;

/** One signal-with-start under `deadlineMs`. */
export function signalWork(conversations: Signaller, key: ConversationKey, work: Work, deadlineMs: number): Promise<void> {
  if (work.kind === 'inbound') return conversations.inbound(key, work.message, deadlineMs);
  const { action } = work;
  switch (action.kind) {
    case 'agent_message':
      return conversations.agentMessage(key, action.payload, deadlineMs);
    case 'bot':
      return conversations.setBotEnabled(key, action.payload.enabled, deadlineMs);
    case 'order_status':
      return conversations.orderStatusChanged(key, action.payload, deadlineMs);
  }
}

/** Records that the workflow has these. */
export async function markHandedOver(db: Db, work: Work[]): Promise<void> {
  const ids = (kind: Work['kind']) => work.filter((w) => w.kind === kind).map((w) => w.id);
  await Promise.all([markDispatched(db, ids('inbound')), markActionsDispatched(db, ids('action'))]);
}

/** Everything of this conversation not yet handed over, oldest first (ties: messages first). */
export async function pendingWork(db: Db, conversationId: string): Promise<Work[]> {
  const [messages, actions] = await Promise.all([
    db.message.findMany({
      where: { conversationId, direction: 'IN', dispatchedAt: null },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    }),
    db.conversationAction.findMany({ where: { conversationId, dispatchedAt: null }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  ]);
  const work: Work[] = [];
  const unusable: { messages: string[]; actions: string[] } = { messages: [], actions: [] };
  for (const m of messages) {
    const message = inboundSignalOf(m);
    if (message) work.push({ kind: 'inbound', id: m.id, createdAt: m.createdAt, message });
    else unusable.messages.push(m.id);
  }
  for (const a of actions) {
    const action = staffActionOf(a);
    if (action) work.push({ kind: 'action', id: a.id, createdAt: a.createdAt, action });
    else unusable.actions.push(a.id);
  }
  // Rows no signal can be made of (not stored by a webhook or the API) must not hold the queue up.
  await Promise.all([markDispatched(db, unusable.messages), markActionsDispatched(db, unusable.actions)]);
  return work.sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || (x.kind === y.kind ? 0 : x.kind === 'inbound' ? -1 : 1));
}

/** True when the conversation has work older than `before` still to hand over (other than
 * `exceptIds`: the work itself and what this copy signalled but has not marked yet): newer work must
 * then wait for the dispatcher, which hands it over in order. One statement: it runs for every
 * webhook. */
export async function hasOlderPending(db: Db, conversationId: string, before: Date, exceptIds: string[]): Promise<boolean> {
  const [row] = await db.$queryRaw<{ older: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM "Message" WHERE "conversationId" = ${conversationId} AND "direction" = 'IN'
        AND "dispatchedAt" IS NULL AND "createdAt" <= ${before} AND "id" <> ALL (${exceptIds}::text[])
    ) OR EXISTS (
      SELECT 1 FROM "ConversationAction" WHERE "conversationId" = ${conversationId}
        AND "dispatchedAt" IS NULL AND "createdAt" <= ${before} AND "id" <> ALL (${exceptIds}::text[])
    ) AS older`;
  return row?.older ?? false;
}
