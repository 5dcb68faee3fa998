// Handing stored work to its conversation workflow (signal-with-start), used by the API right
// after storing and by the dispatcher for whatever the API could not hand over.
import { z } from 'zod';
import type { Message } from '../generated/prisma/client';
import type { ConversationKey, InboundMessage } from '../workflows/contract';
import { signalWork, type Signaller, type Work } from './work';

const customerInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('button'), id: z.string(), text: z.string().optional() }),
  z.object({ kind: z.literal('location'), lat: z.number(), lng: z.number(), address: z.string().optional() }),
  z.object({ kind: z.literal('media'), mediaType: z.string() }),
]);

const storedMetadata = z.object({ input: customerInput, profileName: z.string().optional() });

type StoredInboundRow = Pick<Message, 'waSid' | 'metadata' | 'createdAt' | 'rateLimited'>;

/** The signal for a row the webhook stored; null for a row it did not (the workflow recorded it
 * itself when signalled directly, so there is nothing to hand over). */
export function inboundSignalOf(row: StoredInboundRow): InboundMessage | null {
  const meta = storedMetadata.safeParse(row.metadata);
  if (!row.waSid || !meta.success) return null;
  return {
    messageSid: row.waSid,
    input: meta.data.input,
    receivedAt: row.createdAt.toISOString(),
    ...(meta.data.profileName ? { profileName: meta.data.profileName } : {}),
    // Undispatched and rate limited means "first over the limit": the workflow sends one notice.
    ...(row.rateLimited ? { throttled: true } : {}),
    stored: true,
  };
}

export class InboundSignaller {
  /** After a failed signal, webhooks skip signalling until then and leave it to the dispatcher, so
   * an unreachable Temporal does not add the signal timeout to every ack. */
  private skipUntil = 0;
  /** Signals that got through so far: tells an unreachable Temporal from a slow one. */
  private successes = 0;

  constructor(
    private readonly conversations: Signaller,
    /** Deadline of one signal. */
    readonly timeoutMs: number,
    private readonly cooldownMs: number,
  ) {}

  /**
   * Signal-with-start under a deadline (the copy's, unless the caller allows longer), so an
   * unreachable Temporal fails instead of hanging.
   * A failure cools the copy off only when no other signal got through while this one was trying:
   * under load a signal can miss its deadline while Temporal answers the others, and sending every
   * webhook of the next seconds to the dispatcher would turn slowness into a cliff of latency.
   */
  async signal(key: ConversationKey, work: Work, deadlineMs = this.timeoutMs): Promise<void> {
    const successesBefore = this.successes;
    try {
      await signalWork(this.conversations, key, work, deadlineMs);
      this.successes += 1;
      this.skipUntil = 0;
    } catch (err) {
      if (this.successes === successesBefore) this.skipUntil = Date.now() + this.cooldownMs;
      throw err;
    }
  }

  /** True when Temporal looked unreachable recently: do not try now, the dispatcher will. */
  get cooling(): boolean {
    return Date.now() < this.skipUntil;
  }
}
