// After the API has answered (a webhook stored, a staff action recorded): signal the work to its
// conversation workflow in the background, in arrival order per conversation, and record that it
// was handed over in batches. Work of a conversation that still has older work pending is left to
// the dispatcher, which hands a conversation's work over in order; so is anything not handed over
// here (Temporal unreachable, too much in flight, process stopped). The workflow ignores a
// message it already has (MessageSid) and a staff action twice is harmless (idempotent sends).
import type { PrismaClient } from '../db';
import type { Logger } from '../logger';
import type { ConversationKey } from '../workflows/contract';
import type { DispatchDeps, HandoffOutcome } from './deps';
import { InboundSignaller } from './inbound-signal';
import { hasOlderPending, markHandedOver, type Work } from './work';

const MARK_BATCH = 200;
const MARK_DELAY_MS = 50;
/** A signal slow while Temporal answers others is tried this many times in all. */
const SIGNAL_ATTEMPTS = 2;
/** A customer message's signal gives up this long before the dispatcher would take the message,
 * so its mark (batched) lands first and the two do not both signal it. */
const DISPATCHER_MARGIN_MS = 500;

export interface HandoffOptions {
  /** Counts each outcome (`sufrah_handoffs_total`). */
  count?: (outcome: HandoffOutcome) => void;
  /** Beyond this many signals in flight, new work is left to the dispatcher. */
  maxInFlight?: number;
  /** The age at which the dispatcher takes work (DISPATCH_MIN_AGE_MS). A signal that missed its
   * deadline while Temporal answered others is tried again when the retry can end before then; a
   * customer message's signal may take until then (less DISPATCHER_MARGIN_MS). */
  dispatchMinAgeMs?: number;
}

export class WorkHandoff {
  private readonly chains = new Map<string, Promise<void>>();
  private inFlight = 0;
  private marks: { conversationId: string; work: Work }[] = [];
  /** Work this copy signalled whose dispatchedAt is not written yet, by conversation: it is not
   * older work pending (the next message of a quick customer must not wait for the dispatcher). */
  private unmarked = new Map<string, Set<string>>();
  private markTimer: NodeJS.Timeout | undefined;
  private pendingMarks: Promise<void> = Promise.resolve();

  constructor(
    private readonly signaller: InboundSignaller,
    private readonly prisma: PrismaClient,
    private readonly log: Logger,
    private readonly options: HandoffOptions = {},
  ) {}

  private count(outcome: HandoffOutcome): void {
    this.options.count?.(outcome);
  }

  /**
   * Queues the signal behind earlier work of the same conversation. Resolves (never rejects) with
   * true once the workflow has it, false when it was left to the dispatcher (Temporal failing
   * recently, older work pending, too much in flight, the signal failed).
   */
  hand(key: ConversationKey, conversationId: string, work: Work): Promise<boolean> {
    const refused = this.signaller.cooling ? 'cooling' : this.inFlight >= (this.options.maxInFlight ?? 2000) ? 'saturated' : null;
    if (refused) {
      this.count(refused);
      return Promise.resolve(false);
    }
    const chainKey = `${key.restaurantId}\u0000${key.customerWa}`;
    this.inFlight += 1;
    const delivered = (this.chains.get(chainKey) ?? Promise.resolve()).then(() => this.deliver(key, conversationId, work));
    const next = delivered.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(chainKey, next);
    void next.finally(() => {
      this.inFlight -= 1;
      if (this.chains.get(chainKey) === next) this.chains.delete(chainKey);
    });
    return delivered;
  }

  private async deliver(key: ConversationKey, conversationId: string, work: Work): Promise<boolean> {
    const outcome = await this.signalUnlessBehind(key, conversationId, work);
    this.count(outcome);
    if (outcome !== 'signalled') return false;
    this.mark(conversationId, work);
    return true;
  }

  private async signalUnlessBehind(key: ConversationKey, conversationId: string, work: Work): Promise<HandoffOutcome> {
    if (this.signaller.cooling) return 'cooling';
    try {
      const signalled = [...(this.unmarked.get(conversationId) ?? [])];
      if (await hasOlderPending(this.prisma, conversationId, work.createdAt, [work.id, ...signalled])) return 'older_pending';
    } catch (err) {
      this.log.warn({ err, kind: work.kind, id: work.id }, 'hand-over failed; left to the dispatcher');
      return 'failed';
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.signaller.signal(key, work, this.deadlineFor(work));
        return 'signalled';
      } catch (err) {
        // Slow, not down (others got through): keep it in this conversation's line, in order,
        // rather than add the dispatcher's wait to it; once, so an error that fails fast does not
        // spin. A second signal is harmless (MessageSid).
        if (attempt < SIGNAL_ATTEMPTS && !this.signaller.cooling && this.retryEndsInTime(work)) {
          this.count('retried');
          continue;
        }
        this.log.warn({ err, kind: work.kind, id: work.id }, 'hand-over failed; left to the dispatcher');
        return 'failed';
      }
    }
  }

  /** A staff action's answer waits for its signal: the signal deadline. Nothing waits for a customer
   * message's (the webhook has answered): it may take until the dispatcher would take the message,
   * because a slow signal cut off and sent again under load only adds to Temporal's queue and sends
   * the message the dispatcher's long way (BENCHMARKS, 2026-12-03: 46 → 27 unanswered of 1,800). */
  private deadlineFor(work: Work): number {
    const { dispatchMinAgeMs } = this.options;
    const { timeoutMs } = this.signaller;
    if (work.kind !== 'inbound' || dispatchMinAgeMs === undefined) return timeoutMs;
    return Math.max(timeoutMs, dispatchMinAgeMs - DISPATCHER_MARGIN_MS - (Date.now() - work.createdAt.getTime()));
  }

  private retryEndsInTime(work: Work): boolean {
    const { dispatchMinAgeMs } = this.options;
    if (dispatchMinAgeMs === undefined) return false;
    return Date.now() + this.signaller.timeoutMs - work.createdAt.getTime() < dispatchMinAgeMs;
  }

  private mark(conversationId: string, work: Work): void {
    this.marks.push({ conversationId, work });
    const ids = this.unmarked.get(conversationId) ?? new Set();
    this.unmarked.set(conversationId, ids.add(work.id));
    if (this.marks.length >= MARK_BATCH) this.flushMarks();
    else this.markTimer ??= setTimeout(() => this.flushMarks(), MARK_DELAY_MS).unref();
  }

  private flushMarks(): void {
    if (this.markTimer) clearTimeout(this.markTimer);
    this.markTimer = undefined;
    const marks = this.marks;
    this.marks = [];
    if (marks.length === 0) return;
    const work = marks.map((m) => m.work);
    const write = markHandedOver(this.prisma, work)
      .catch((err: unknown) =>
        this.log.warn({ err, count: work.length }, 'marking handed over failed; the dispatcher hands it over again (harmless)'),
      )
      .finally(() => {
        for (const { conversationId, work } of marks) {
          const ids = this.unmarked.get(conversationId);
          ids?.delete(work.id);
          if (ids?.size === 0) this.unmarked.delete(conversationId);
        }
      });
    this.pendingMarks = Promise.all([this.pendingMarks, write]).then(() => undefined);
  }

  /** Waits for the signals in flight and their marks (before the Temporal connection closes). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
    this.flushMarks();
    await this.pendingMarks;
  }
}

/** The hand-off of one API instance: its webhooks and staff routes fill it, stopping the API drains it. */
export function createWorkHandoff(deps: DispatchDeps): WorkHandoff {
  const { signalTimeoutMs, intervalMs, minAgeMs } = deps.settings;
  const signaller = new InboundSignaller(deps.conversations, signalTimeoutMs, intervalMs);
  return new WorkHandoff(signaller, deps.prisma, deps.log, {
    count: (outcome) => deps.handoffs?.inc({ by: 'api', outcome }),
    dispatchMinAgeMs: minAgeMs,
  });
}
