// The safety net of durable accept (SPEC §7): a webhook stores a message before it signals, and
// when the signal fails (Temporal unreachable) the message waits here. Every DISPATCH_INTERVAL_MS
// the dispatcher claims stored-but-undispatched inbound messages (FOR UPDATE SKIP LOCKED, so API
// copies share the work), signals them in arrival order per conversation, and marks them.
// A double signal is harmless: the workflow ignores a MessageSid it has processed.
import { claimUndispatched, markDispatched, type UndispatchedMessage } from '../messages/inbound';
import type { DispatchDeps } from './deps';
import { InboundSignaller, inboundSignalOf } from './inbound-signal';

type Claimed = UndispatchedMessage;

export interface Dispatcher {
  start(): void;
  stop(): Promise<void>;
  /** One pass until nothing is left (or Temporal fails); how many messages reached their workflow. */
  drain(): Promise<number>;
}

/** A transaction holds the claimed rows while their signals run; this bounds it. */
const CLAIM_TRANSACTION_TIMEOUT_MS = 60_000;

export function createDispatcher(deps: DispatchDeps): Dispatcher {
  const { settings, prisma, log } = deps;
  const signaller = new InboundSignaller(deps.conversations, settings.signalTimeoutMs, 0);

  /** Signals one conversation's messages in order; stops at the first failure to keep the order. */
  async function signalInOrder(messages: Claimed[]): Promise<{ done: string[]; failed: boolean }> {
    const done: string[] = [];
    for (const message of messages) {
      const signal = inboundSignalOf(message);
      if (signal) {
        try {
          await signaller.signal({ restaurantId: message.restaurantId, customerWa: message.conversation.customerWa }, signal);
        } catch (err) {
          log.warn({ err, messageSid: message.waSid }, 'dispatch signal failed; will retry');
          return { done, failed: true };
        }
      }
      done.push(message.id);
    }
    return { done, failed: false };
  }

  /** Claims one batch, signals it, marks what was signalled. Returns counts for the drain loop. */
  async function dispatchBatch(): Promise<{ claimed: number; dispatched: number; failed: boolean }> {
    return prisma.$transaction(
      async (tx) => {
        const claimed = await claimUndispatched(tx, settings.minAgeMs, settings.batchSize);
        if (claimed.length === 0) return { claimed: 0, dispatched: 0, failed: false };
        const byConversation = new Map<string, Claimed[]>();
        for (const message of claimed) {
          const list = byConversation.get(message.conversationId) ?? [];
          list.push(message);
          byConversation.set(message.conversationId, list);
        }
        const results = await Promise.all([...byConversation.values()].map(signalInOrder));
        const done = results.flatMap((r) => r.done);
        await markDispatched(tx, done);
        return { claimed: claimed.length, dispatched: done.length, failed: results.some((r) => r.failed) };
      },
      { maxWait: 5_000, timeout: CLAIM_TRANSACTION_TIMEOUT_MS },
    );
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const { claimed, dispatched, failed } = await dispatchBatch();
      total += dispatched;
      if (failed || claimed < settings.batchSize) return total;
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  const tick = () => {
    running = drain()
      .then((count) => {
        if (count) log.info({ count }, 'dispatched stored inbound messages');
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
