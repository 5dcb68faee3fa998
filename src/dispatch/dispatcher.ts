// The safety net of durable accept (SPEC §7): webhooks and staff routes store their work before
// they answer, and what the API could not hand over (Temporal unreachable, older work pending)
// waits here. Every DISPATCH_INTERVAL_MS the dispatcher takes the conversations with work older
// than DISPATCH_MIN_AGE_MS, each under a PostgreSQL advisory lock (so API copies never hand one
// conversation's work over concurrently, out of order), and signals that work in arrival order,
// stopping at the first failure to keep the order.
import { Prisma } from '../generated/prisma/client';
import type { ConversationKey } from '../workflows/contract';
import type { DispatchDeps } from './deps';
import { InboundSignaller } from './inbound-signal';
import { markHandedOver, pendingWork } from './work';

export interface Dispatcher {
  start(): void;
  stop(): Promise<void>;
  /** Passes until nothing is due (or Temporal fails); how many items reached their workflow. */
  drain(): Promise<number>;
}

/** A transaction holds a conversation's lock while its signals run; this bounds it. */
const CONVERSATION_TRANSACTION_TIMEOUT_MS = 60_000;
/** Conversations dispatched at once (each holds a pooled connection while it signals). */
const PARALLEL_CONVERSATIONS = 4;
/** The dispatcher's own pool (the API gives it one): its transactions hold connections while
 * Temporal answers, slowly under load, and must not take them from the webhooks. */
export const DISPATCHER_POOL_SIZE = PARALLEL_CONVERSATIONS;

interface DueConversation extends ConversationKey {
  id: string;
}

export function createDispatcher(deps: DispatchDeps): Dispatcher {
  const { settings, prisma, log } = deps;
  const signaller = new InboundSignaller(deps.conversations, settings.signalTimeoutMs, 0);

  /** Conversations with work waiting longer than the API's own hand-over takes, oldest first. */
  async function dueConversations(): Promise<DueConversation[]> {
    // createdAt is stored as UTC without a zone; compare in UTC on the database clock.
    const due = Prisma.sql`(now() AT TIME ZONE 'UTC') - ${settings.minAgeMs / 1000}::float8 * interval '1 second'`;
    return prisma.$queryRaw<DueConversation[]>`
      SELECT c."id", c."restaurantId", c."customerWa" FROM "Conversation" c JOIN (
        SELECT "conversationId", min("createdAt") AS oldest FROM (
          SELECT "conversationId", "createdAt" FROM "Message"
            WHERE "direction" = 'IN' AND "dispatchedAt" IS NULL AND "createdAt" < ${due}
          UNION ALL
          SELECT "conversationId", "createdAt" FROM "ConversationAction"
            WHERE "dispatchedAt" IS NULL AND "createdAt" < ${due}
        ) w GROUP BY "conversationId"
      ) d ON d."conversationId" = c."id"
      ORDER BY d.oldest
      LIMIT ${settings.batchSize}`;
  }

  /** Hands one conversation's work over in order, unless another API copy is doing it right now. */
  async function dispatchConversation(conversation: DueConversation): Promise<{ dispatched: number; failed: boolean }> {
    return prisma.$transaction(
      async (tx) => {
        const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(hashtextextended(${conversation.id}, 0)) AS locked`;
        if (!lock?.locked) return { dispatched: 0, failed: false };
        const done = [];
        for (const work of await pendingWork(tx, conversation.id)) {
          try {
            await signaller.signal(conversation, work);
          } catch (err) {
            log.warn({ err, kind: work.kind, id: work.id }, 'dispatch signal failed; will retry');
            deps.handoffs?.inc({ by: 'dispatcher', outcome: 'failed' });
            await markHandedOver(tx, done);
            return { dispatched: done.length, failed: true };
          }
          deps.handoffs?.inc({ by: 'dispatcher', outcome: 'signalled' });
          done.push(work);
        }
        await markHandedOver(tx, done);
        return { dispatched: done.length, failed: false };
      },
      { maxWait: 5_000, timeout: CONVERSATION_TRANSACTION_TIMEOUT_MS },
    );
  }

  async function dispatchBatch(): Promise<{ due: number; dispatched: number; failed: boolean }> {
    const due = await dueConversations();
    let dispatched = 0;
    let failed = false;
    for (let i = 0; i < due.length && !failed; i += PARALLEL_CONVERSATIONS) {
      const results = await Promise.all(due.slice(i, i + PARALLEL_CONVERSATIONS).map(dispatchConversation));
      dispatched += results.reduce((sum, r) => sum + r.dispatched, 0);
      failed = results.some((r) => r.failed);
    }
    return { due: due.length, dispatched, failed };
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const { due, dispatched, failed } = await dispatchBatch();
      total += dispatched;
      if (failed || due < settings.batchSize || dispatched === 0) return total;
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  const tick = () => {
    running = drain()
      .then((count) => {
        if (count) log.info({ count }, 'dispatched stored work');
      })
      .catch((err: unknown) => log.warn({ err }, 'dispatch pass failed'))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, settings.intervalMs).unref();
      });
  };

  return {
    drain,
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setTimeout(tick, settings.intervalMs).unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
