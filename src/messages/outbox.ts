// Outbound messages in the Message table, as an outbox (SPEC §7): a reply is recorded (queued)
// before it is sent, claimed (`sending`) by the attempt that calls Twilio, and settled with
// Twilio's SID — or failed with a reason, and then listed and replayable by ops.
import { createUnlessDuplicate, type Db, type PrismaClient } from '../db';
import type { ReplyNotice } from '../dialogue/types';
import type { FailureReason, Message, MessageSender, MessageStatus, Prisma } from '../generated/prisma/client';

/** Undelivered for good: listed in failed-sends and replayable. The one definition. */
export const FAILED_STATUSES = ['failed', 'undelivered'] as const satisfies readonly MessageStatus[];

/** Twilio has it: another attempt must never send it again. */
const HANDED_OVER: ReadonlySet<MessageStatus> = new Set<MessageStatus>(['sent', 'delivered', 'read']);

/** Not attempted on purpose (the customer or the restaurant is why), as opposed to refused by Twilio. */
const SKIP_REASONS: ReadonlySet<FailureReason> = new Set<FailureReason>(['opted_out', 'restaurant_inactive', 'outside_window']);

export const isFailed = (status: MessageStatus): boolean => (FAILED_STATUSES as readonly MessageStatus[]).includes(status);

/** Where a recorded reply stands: still to send, or settled by some attempt. */
export function outboxState(row: Message): 'pending' | 'sent' | 'failed' | 'skipped' {
  if (row.waSid || HANDED_OVER.has(row.status)) return 'sent';
  if (isFailed(row.status)) return row.failureReason && SKIP_REASONS.has(row.failureReason) ? 'skipped' : 'failed';
  return 'pending';
}

export const metadataOf = (row: Pick<Message, 'metadata'>): Prisma.JsonObject =>
  row.metadata && typeof row.metadata === 'object' && !Array.isArray(row.metadata) ? row.metadata : {};

export interface NewReply {
  restaurantId: string;
  conversationId: string;
  sender: MessageSender;
  /** Deterministic per reply: a retried activity finds the row it recorded before. */
  idempotencyKey: string;
  body: string;
  mediaUrl?: string;
  /** What the reply is about, kept so that any later send of it (an ops replay, a 63016) can use its template. */
  notice?: ReplyNotice;
}

/** Records a reply once per idempotency key (queued); a repeat returns the first row as it is now.
 * A new reply costs one INSERT; a repeat (a retried activity, two attempts racing) meets the unique
 * key and reads the row that is there. */
export async function recordReply(db: PrismaClient, reply: NewReply): Promise<Message> {
  const created = await createUnlessDuplicate(() =>
    db.message.create({
      data: {
        restaurantId: reply.restaurantId,
        conversationId: reply.conversationId,
        direction: 'OUT',
        sender: reply.sender,
        status: 'queued',
        idempotencyKey: reply.idempotencyKey,
        body: reply.body,
        ...(reply.mediaUrl ? { mediaUrls: [reply.mediaUrl] } : {}),
        ...(reply.notice ? { metadata: { notice: { ...reply.notice } } } : {}),
      },
    }),
  );
  return created ?? db.message.findUniqueOrThrow({ where: { idempotencyKey: reply.idempotencyKey } });
}

/** A long reply's parts (SPEC §6): the first keeps the reply's key, the others add `#2`, `#3`, … */
export const partKey = (idempotencyKey: string, index: number): string => (index === 0 ? idempotencyKey : `${idempotencyKey}#${index + 1}`);

/**
 * Records every part of a reply, in order, before any is sent: each its own row and key, so a
 * retried activity finds them all and sends each once. `first` is the row already recorded for
 * the first part (an agent's message, recorded by the API), else it is recorded here; the picture,
 * if any, goes with the first part.
 */
export async function recordReplyParts(db: PrismaClient, reply: NewReply, bodies: string[], first?: Message): Promise<Message[]> {
  const rows: Message[] = [];
  for (const [index, body] of bodies.entries()) {
    if (index === 0 && first) rows.push(first);
    else {
      const media = index === 0 && reply.mediaUrl ? { mediaUrl: reply.mediaUrl } : {};
      rows.push(
        await recordReply(db, { ...reply, mediaUrl: undefined, ...media, body, idempotencyKey: partKey(reply.idempotencyKey, index) }),
      );
    }
  }
  return rows;
}

export function findOutbound(db: Db, restaurantId: string, messageId: string): Promise<Message | null> {
  return db.message.findFirst({ where: { id: messageId, restaurantId, direction: 'OUT' } });
}

const noLease = { leaseToken: null, leaseExpiresAt: null } as const;

/**
 * Leases the send to one attempt for `ms`: only a free or expired lease can be taken, so two
 * attempts of one send never call Twilio at the same time. Null when another attempt holds it or
 * it is no longer to be sent.
 */
export async function takeLease(db: Db, messageId: string, token: string, ms: number): Promise<Message | null> {
  const now = new Date();
  const [leased] = await db.message.updateManyAndReturn({
    where: leasable(messageId, now),
    data: { status: 'sending', leaseToken: token, leaseExpiresAt: new Date(now.getTime() + ms) },
  });
  return leased ?? null;
}

/** Still to be sent, and its lease free or expired at `now`. */
function leasable(messageId: string, now: Date): Prisma.MessageWhereInput {
  return {
    id: messageId,
    waSid: null,
    status: { in: ['queued', 'sending'] },
    OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }],
  };
}

/**
 * The lease and the begun create in one statement, for a send no create of this round has begun
 * under (sendStartedAt unset: nothing can have reached Twilio, so no lookup is due): the lease spans
 * the ambiguity window at once. Null when the row is settled, leased, or has begun a create; the
 * caller then takes the lease the usual way. The row comes back as leased before the create (no
 * sendStartedAt), as `takeLease` returns it, so a refused create queues it again without one.
 */
export async function leaseFirstCreate(db: Db, messageId: string, token: string, windowMs: number): Promise<Message | null> {
  const now = new Date();
  const [leased] = await db.message.updateManyAndReturn({
    where: { ...leasable(messageId, now), sendStartedAt: null },
    data: { status: 'sending', leaseToken: token, leaseExpiresAt: new Date(now.getTime() + windowMs), sendStartedAt: now },
  });
  return leased ? { ...leased, sendStartedAt: null } : null;
}

/**
 * Right before Twilio's create: true when the lease is still this attempt's, now extended over the
 * ambiguity window (no other attempt may look up or resend until an answer lost in flight would
 * show at Twilio), and the round's first create time recorded for that lookup.
 */
export async function beginCreate(db: Db, leased: Message, token: string, windowMs: number): Promise<boolean> {
  const now = new Date();
  const { count } = await db.message.updateMany({
    where: { id: leased.id, leaseToken: token, leaseExpiresAt: { gt: now } },
    data: { leaseExpiresAt: new Date(now.getTime() + windowMs), ...(leased.sendStartedAt ? {} : { sendStartedAt: now }) },
  });
  return count > 0;
}

/** This attempt stops without an unclear Twilio call in flight: the next attempt may start at once. */
export async function releaseLease(db: Db, messageId: string, token: string): Promise<void> {
  await db.message.updateMany({ where: { id: messageId, leaseToken: token }, data: { leaseExpiresAt: new Date() } });
}

/** Twilio refused before accepting (a 4xx such as 429): nothing was sent by this create, so the
 * send is queued again with the create time it had before (an earlier lost create still counts). */
export async function releaseClaim(db: Db, leased: Message): Promise<void> {
  await db.message.updateMany({
    where: { id: leased.id, waSid: null, status: 'sending' },
    data: { status: 'queued', ...noLease, sendStartedAt: leased.sendStartedAt },
  });
}

/** Twilio accepted it: the SID is stored, so no later attempt sends it again. */
export function markSent(db: Db, row: Message, sent: { sid: string; status: MessageStatus; contentSid?: string }): Promise<Message> {
  return db.message.update({
    where: { id: row.id },
    data: {
      waSid: sent.sid,
      status: sent.status,
      sentAt: new Date(),
      errorCode: null,
      errorMessage: null,
      failureReason: null,
      ...noLease,
      ...(sent.contentSid ? { metadata: { ...metadataOf(row), contentSid: sent.contentSid } } : {}),
    },
  });
}

export interface SendFailure {
  reason: FailureReason;
  code?: number;
  message: string;
  /** Twilio accepted it and then reported it failed. */
  waSid?: string;
}

export function markFailed(db: Db, messageId: string, failure: SendFailure): Promise<Message> {
  return db.message.update({
    where: { id: messageId },
    data: {
      status: 'failed',
      failureReason: failure.reason,
      errorCode: failure.code ?? null,
      errorMessage: failure.message,
      ...noLease,
      ...(failure.waSid ? { waSid: failure.waSid } : {}),
    },
  });
}

/** An agent's message, recorded queued before its conversation's workflow sends it: one row per
 * part when it is too long for one WhatsApp message (keys as partKey). Returns them in order. */
export async function recordAgentMessage(
  db: Db,
  conversation: { id: string; restaurantId: string },
  parts: string[],
  idempotencyKey: string,
): Promise<Message[]> {
  const rows: Message[] = [];
  for (const [index, body] of parts.entries()) {
    const data = { restaurantId: conversation.restaurantId, conversationId: conversation.id, body };
    const key = partKey(idempotencyKey, index);
    rows.push(await db.message.create({ data: { ...data, direction: 'OUT', sender: 'agent', status: 'queued', idempotencyKey: key } }));
  }
  return rows;
}

/** An agent's message outside the 24-hour window: it waits (queued) for the customer's reply, which
 * reopens the window; meanwhile a template has invited them to write (SPEC §7). */
export async function holdForReply(db: Db, row: Message): Promise<void> {
  await db.message.updateMany({
    where: { id: row.id, waSid: null },
    data: { status: 'queued', ...noLease, metadata: { ...metadataOf(row), heldForReply: true } },
  });
}

/** The conversation's agent messages still waiting for the customer to write, oldest first. */
export function heldForReply(db: Db, conversationId: string): Promise<Message[]> {
  return db.message.findMany({
    where: { conversationId, direction: 'OUT', sender: 'agent', status: 'queued', metadata: { path: ['heldForReply'], equals: true } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}

/** Puts a failed send back in the queue for ops' replay, keeping the attempt that failed in
 * `metadata.previousAttempts`. Null when it is no longer failed (a concurrent retry took it). */
export async function requeueFailed(db: Db, message: Message): Promise<Message | null> {
  const metadata = metadataOf(message);
  const previous = Array.isArray(metadata.previousAttempts) ? metadata.previousAttempts : [];
  const attempt = {
    waSid: message.waSid,
    status: message.status,
    errorCode: message.errorCode,
    failureReason: message.failureReason,
    at: message.updatedAt.toISOString(),
  };
  const [queued] = await db.message.updateManyAndReturn({
    where: { id: message.id, status: { in: [...FAILED_STATUSES] } },
    data: {
      status: 'queued',
      waSid: null,
      errorCode: null,
      errorMessage: null,
      failureReason: null,
      ...noLease,
      sendStartedAt: null,
      sentAt: null,
      deliveredAt: null,
      readAt: null,
      metadata: { ...metadata, previousAttempts: [...previous, attempt].slice(-10) },
    },
  });
  return queued ?? null;
}

/** How many sends await replay, across all restaurants (the /metrics gauge). */
export function countFailedSends(db: Db): Promise<number> {
  return db.message.count({ where: { direction: 'OUT', status: { in: [...FAILED_STATUSES] } } });
}

/** SIDs earlier rounds of this message were sent with (before an ops replay): never this round's. */
export function previousSids(row: Pick<Message, 'metadata'>): Set<string> {
  const sids = previousAttempts(row).map((a) => (typeof a.waSid === 'string' ? a.waSid : undefined));
  return new Set(sids.filter((sid): sid is string => sid !== undefined));
}

/** The earlier rounds of this message (before ops replays or a resend), as requeueFailed kept them. */
export function previousAttempts(row: Pick<Message, 'metadata'>): Prisma.JsonObject[] {
  const attempts = metadataOf(row).previousAttempts;
  return Array.isArray(attempts) ? attempts.filter((a): a is Prisma.JsonObject => !!a && typeof a === 'object' && !Array.isArray(a)) : [];
}

/** Of these SIDs Twilio knows, the ones no row of ours holds yet. */
export async function unclaimedSids(db: Db, sids: string[]): Promise<Set<string>> {
  if (sids.length === 0) return new Set();
  const claimed = await db.message.findMany({ where: { waSid: { in: sids } }, select: { waSid: true } });
  const taken = new Set(claimed.map((m) => m.waSid));
  return new Set(sids.filter((sid) => !taken.has(sid)));
}
