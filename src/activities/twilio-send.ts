// The Twilio side of an outbound send: one call to create the message (bounded per worker), and
// the lookup that recovers a send whose response was lost.
import type { MessageInstance, MessageStatus as TwilioStatus } from 'twilio/lib/rest/api/v2010/account/message';
import type { MessageStatus } from '../generated/prisma/enums';
import type { TwilioClient } from '../twilio/client';
import { Semaphore } from './semaphore';

export interface SendTarget {
  from: string;
  to: string;
}

/** Plain text (with an optional picture), or a Content API template by its SID with its variables (JSON). */
export type OutboundContent = { statusCallback: string } & (
  { body: string; mediaUrl?: string } | { contentSid: string; contentVariables: string }
);

/** What we keep of Twilio's answer. */
export interface TwilioAccepted {
  sid: string;
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
}

/** Twilio's status at creation as ours: anything short of delivery counts as `sent` (handed over). */
export function statusOf(twilioStatus: TwilioStatus): MessageStatus {
  switch (twilioStatus) {
    case 'delivered':
    case 'read':
    case 'failed':
    case 'undelivered':
      return twilioStatus;
    default:
      return 'sent';
  }
}

function accepted(m: MessageInstance): TwilioAccepted {
  return { sid: m.sid, status: statusOf(m.status), errorCode: m.errorCode ?? null, errorMessage: m.errorMessage ?? null };
}

export class TwilioSender {
  private readonly slots: Semaphore;

  constructor(concurrency: number) {
    this.slots = new Semaphore(concurrency);
  }

  /** Runs `task` (this attempt's Twilio calls) in one of the worker's send slots, waiting at most
   * `maxWaitMs` for one (then SlotTimeout). */
  inSlot<T>(task: () => Promise<T>, maxWaitMs: number): Promise<T> {
    return this.slots.run(task, maxWaitMs);
  }

  /** One create call; inside inSlot. */
  async send(client: TwilioClient, target: SendTarget, content: OutboundContent): Promise<TwilioAccepted> {
    return accepted(
      await client.messages.create({
        from: target.from,
        to: target.to,
        statusCallback: content.statusCallback,
        ...('contentSid' in content
          ? { contentSid: content.contentSid, contentVariables: content.contentVariables }
          : { body: content.body, ...(content.mediaUrl ? { mediaUrl: [content.mediaUrl] } : {}) }),
      }),
    );
  }
}

/** How far before our own record of a create a lost send may be dated: clock skew between us and Twilio. */
const CLOCK_SKEW_MS = 2 * 60_000;
const LOOKBACK = 20;

/**
 * An earlier attempt called Twilio's create and never learnt the answer: Twilio may have accepted
 * the message. These are the candidates among the latest messages from this number to this
 * customer: one of the bodies it may have been sent with (text form, or the interactive
 * template's body), created since that create began; oldest first.
 *
 * Filtering happens here rather than with Twilio's DateSent filter, because a message Twilio has
 * accepted but not yet sent has no DateSent and would be missed.
 */
export async function recentSends(client: TwilioClient, target: SendTarget, since: Date, bodies: string[]): Promise<TwilioAccepted[]> {
  const recent = await client.messages.list({ to: target.to, from: target.from, limit: LOOKBACK });
  const from = since.getTime() - CLOCK_SKEW_MS;
  return recent
    .filter((m) => bodies.includes(m.body) && m.direction.startsWith('outbound') && m.dateCreated.getTime() >= from)
    .reverse() // Twilio lists newest first
    .map(accepted);
}
