// The Twilio side of an outbound send: one call to create the message (bounded per worker), and
// the lookup that recovers a send whose response was lost.
import type { MessageInstance, MessageStatus as TwilioStatus } from 'twilio/lib/rest/api/v2010/account/message';
import type { PrismaClient } from '../db';
import type { MessageStatus } from '../generated/prisma/enums';
import type { TwilioClient } from '../twilio/client';
import { Semaphore } from './semaphore';

export interface SendTarget {
  from: string;
  to: string;
}

export interface OutboundContent {
  body: string;
  mediaUrl?: string;
  statusCallback: string;
}

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

  send(client: TwilioClient, target: SendTarget, content: OutboundContent): Promise<TwilioAccepted> {
    return this.slots.run(async () =>
      accepted(
        await client.messages.create({
          from: target.from,
          to: target.to,
          body: content.body,
          statusCallback: content.statusCallback,
          ...(content.mediaUrl ? { mediaUrl: [content.mediaUrl] } : {}),
        }),
      ),
    );
  }
}

/** How far back (before the row was recorded) a lost send may be dated: clock skew between us and Twilio. */
const CLOCK_SKEW_MS = 5 * 60_000;
const LOOKBACK = 20;

/**
 * A previous attempt reached `sending` and died without recording an answer: Twilio may have
 * accepted the message. Looks for it among the latest messages from this number to this customer:
 * same body, created after the row, not already the SID of another of our rows. The oldest match
 * wins (the lost attempt came first).
 *
 * Filtering happens here rather than with Twilio's DateSent filter, because a message Twilio has
 * accepted but not yet sent has no DateSent and would be missed.
 */
export async function findLostSend(
  prisma: PrismaClient,
  client: TwilioClient,
  target: SendTarget,
  row: { body: string; createdAt: Date },
): Promise<TwilioAccepted | undefined> {
  const recent = await client.messages.list({ to: target.to, from: target.from, limit: LOOKBACK });
  const since = row.createdAt.getTime() - CLOCK_SKEW_MS;
  const candidates = recent.filter(
    (m) => m.body === row.body && m.direction.startsWith('outbound') && m.dateCreated.getTime() >= since,
  );
  if (candidates.length === 0) return undefined;
  const claimed = await prisma.message.findMany({
    where: { waSid: { in: candidates.map((m) => m.sid) } },
    select: { waSid: true },
  });
  const taken = new Set(claimed.map((m) => m.waSid));
  const oldestFree = candidates.filter((m) => !taken.has(m.sid)).at(-1);
  return oldestFree ? accepted(oldestFree) : undefined;
}
