// After the webhook has answered Twilio: signal the stored message to its conversation workflow
// in the background, in arrival order per conversation, and record dispatchedAt in batches.
// Anything not handed over here (Temporal unreachable, too much in flight, process stopped) still
// has dispatchedAt null and the dispatcher signals it a few seconds later; a message signalled
// twice is ignored by the workflow (it dedupes by MessageSid).
import type { PrismaClient } from '../db';
import type { Logger } from '../logger';
import { markDispatched } from '../messages/inbound';
import type { ConversationKey, InboundMessage } from '../workflows/contract';
import type { DispatchDeps } from './deps';
import { InboundSignaller } from './inbound-signal';

const MARK_BATCH = 200;
const MARK_DELAY_MS = 50;

export class InboundHandoff {
  private readonly chains = new Map<string, Promise<void>>();
  private inFlight = 0;
  private marks: string[] = [];
  private markTimer: NodeJS.Timeout | undefined;
  private pendingMarks: Promise<void> = Promise.resolve();

  constructor(
    private readonly signaller: InboundSignaller,
    private readonly prisma: PrismaClient,
    private readonly log: Logger,
    private readonly maxInFlight = 2000,
  ) {}

  /** Queues the signal behind earlier messages of the same conversation. False when it declined
   * (Temporal failing recently, or too much in flight): the dispatcher will do it. */
  hand(ref: ConversationKey, messageId: string, message: InboundMessage): boolean {
    if (this.signaller.cooling || this.inFlight >= this.maxInFlight) return false;
    const key = `${ref.restaurantId}\u0000${ref.customerWa}`;
    this.inFlight += 1;
    const next = (this.chains.get(key) ?? Promise.resolve())
      .then(() => this.deliver(ref, messageId, message))
      .finally(() => {
        this.inFlight -= 1;
        if (this.chains.get(key) === next) this.chains.delete(key);
      });
    this.chains.set(key, next);
    return true;
  }

  /** Never rejects. Skips when an earlier signal just failed, so the dispatcher keeps the order. */
  private async deliver(ref: ConversationKey, messageId: string, message: InboundMessage): Promise<void> {
    if (this.signaller.cooling) return;
    try {
      await this.signaller.signal(ref, message);
    } catch (err) {
      this.log.warn({ err, messageSid: message.messageSid }, 'signal failed; left to the dispatcher');
      return;
    }
    this.mark(messageId);
  }

  private mark(messageId: string): void {
    this.marks.push(messageId);
    if (this.marks.length >= MARK_BATCH) this.flushMarks();
    else this.markTimer ??= setTimeout(() => this.flushMarks(), MARK_DELAY_MS).unref();
  }

  private flushMarks(): void {
    if (this.markTimer) clearTimeout(this.markTimer);
    this.markTimer = undefined;
    const ids = this.marks;
    this.marks = [];
    if (ids.length === 0) return;
    const write = markDispatched(this.prisma, ids).catch((err: unknown) =>
      this.log.warn({ err, count: ids.length }, 'marking dispatched failed; the dispatcher re-signals (deduped)'),
    );
    this.pendingMarks = Promise.all([this.pendingMarks, write]).then(() => undefined);
  }

  /** Waits for the signals in flight and their marks (before the Temporal connection closes). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
    this.flushMarks();
    await this.pendingMarks;
  }
}

/** The hand-off of one API instance: its webhooks fill it, stopping the API drains it. */
export function createInboundHandoff(deps: DispatchDeps): InboundHandoff {
  const { signalTimeoutMs, intervalMs } = deps.settings;
  return new InboundHandoff(new InboundSignaller(deps.conversations, signalTimeoutMs, intervalMs), deps.prisma, deps.log);
}
