// Customer messages in the Message table: stored once by their unique waSid — by the webhook before
// it answers Twilio (durable accept, SPEC §7), or by the workflow when it was signalled directly —
// and marked dispatched once their conversation workflow has them.
import { createUnlessDuplicate, isUniqueViolation, type Db, type PrismaClient } from '../db';
import type { CustomerInput } from '../dialogue/types';
import { Prisma, type Conversation, type Message } from '../generated/prisma/client';
import { ensureConversation, noteArrival } from '../conversations/store';
import { contextVersions, type ContextVersions } from '../tenants/store';
import type { ConversationKey, InboundMessage } from '../workflows/contract';

interface InboundForm {
  body: string;
  type: string;
  metadata?: Prisma.InputJsonObject;
}

/** How a parsed customer input is stored: body for agents to read, the rest in metadata. */
export function inboundForm(input: CustomerInput): InboundForm {
  switch (input.kind) {
    case 'text':
      return { body: input.text, type: 'text' };
    case 'button':
      return { body: input.text ?? input.id, type: 'button', metadata: { buttonPayload: input.id } };
    case 'location': {
      const { lat, lng, address } = input;
      return { body: address ?? '', type: 'location', metadata: { latitude: lat, longitude: lng, ...(address ? { address } : {}) } };
    }
    case 'media':
      return { body: '', type: input.mediaType.split('/')[0] || 'media', metadata: { mediaType: input.mediaType } };
  }
}

/** What Message.metadata holds for a message the webhook stored; the signal is rebuilt from it. */
export interface InboundMetadata {
  input: CustomerInput;
  profileName?: string;
  /** Over the flood limit and the first in its window: signalled with `throttled: true`. */
  throttleNotice?: boolean;
  /** Twilio parameters not mapped to a column (AccountSid, WaId, ... and anything unknown). */
  params: Record<string, string | string[]>;
}

/** A customer message as the webhook received it. */
export interface ArrivingMessage {
  messageSid: string;
  from: string;
  input: CustomerInput;
  /** Twilio's Body, shown when the input has no text of its own (a media caption). */
  body: string;
  profileName?: string;
  media: unknown[];
  params: Record<string, string | string[]>;
}

/** `allowed`: processed; `notice`: the first over the flood limit (one polite notice); `silent`: stored only. */
export type Admission = 'allowed' | 'notice' | 'silent';

export type StoredArrival =
  | {
      created: true;
      message: Message;
      conversation: Conversation;
      /** The restaurant's menu and settings versions as the message was stored. */
      versions: ContextVersions;
    }
  | { created: false };

/** The webhook's durable accept: create-or-ignore on the unique waSid, then the conversation's counters. */
export async function storeArrival(
  prisma: PrismaClient,
  restaurantId: string,
  hook: ArrivingMessage,
  admission: Admission,
  receivedAt: Date,
): Promise<StoredArrival> {
  // The restaurant's versions are read alongside, not after: one round trip less on the hot path.
  const [conversation, versions] = await Promise.all([
    ensureConversation(prisma, { restaurantId, customerWa: hook.from }, hook.profileName),
    contextVersions(prisma, restaurantId),
  ]);
  const form = inboundForm(hook.input);
  const metadata: InboundMetadata = {
    ...form.metadata,
    input: hook.input,
    ...(hook.profileName ? { profileName: hook.profileName } : {}),
    ...(admission === 'notice' ? { throttleNotice: true } : {}),
    params: hook.params,
  };
  const inserted = await createUnlessDuplicate(() =>
    prisma.message.create({
      data: {
        ...inboundRow(restaurantId, conversation.id, hook.messageSid, form, receivedAt),
        // A media caption or a location without an address still shows something to agents.
        body: form.body || hook.body,
        mediaUrls: hook.media.length ? (hook.media as unknown as Prisma.InputJsonArray) : Prisma.DbNull,
        metadata: metadata as unknown as Prisma.InputJsonObject,
        rateLimited: admission !== 'allowed',
        // Excess over the flood limit is stored for agents but never signalled.
        dispatchedAt: admission === 'silent' ? receivedAt : null,
      },
    }),
  );
  if (!inserted) return { created: false };
  return { created: true, message: inserted, conversation: await noteArrival(prisma, conversation.id, receivedAt), versions };
}

/** The workflow's own record of a message it was handed (already stored by the webhook, usually). */
export async function recordSignalled(
  prisma: PrismaClient,
  key: ConversationKey,
  message: InboundMessage,
): Promise<{ created: false; messageId: string } | { created: true; message: Message; conversation: Conversation }> {
  const existing = await findBySid(prisma, message.messageSid);
  if (existing) return { created: false, messageId: existing.id };
  const receivedAt = new Date(message.receivedAt);
  const form = inboundForm(message.input);
  try {
    return await prisma.$transaction(async (tx) => {
      const conversation = await ensureConversation(tx, key, message.profileName);
      const row = await tx.message.create({
        data: {
          ...inboundRow(key.restaurantId, conversation.id, message.messageSid, form, receivedAt),
          ...(form.metadata ? { metadata: form.metadata } : {}),
          rateLimited: message.throttled ?? false,
          // It reached the workflow, so the webhook's dispatcher must not signal it again.
          dispatchedAt: new Date(),
        },
      });
      return { created: true as const, message: row, conversation: await noteArrival(tx, conversation.id, receivedAt) };
    });
  } catch (err) {
    // The webhook (or a concurrent attempt) stored it between our lookup and insert.
    const raced = isUniqueViolation(err) ? await findBySid(prisma, message.messageSid) : null;
    if (raced) return { created: false, messageId: raced.id };
    throw err;
  }
}

function inboundRow(restaurantId: string, conversationId: string, waSid: string, form: InboundForm, receivedAt: Date) {
  return {
    restaurantId,
    conversationId,
    direction: 'IN' as const,
    sender: 'customer' as const,
    status: 'received' as const,
    waSid,
    body: form.body,
    type: form.type,
    createdAt: receivedAt,
  };
}

const findBySid = (db: Db, waSid: string) => db.message.findUnique({ where: { waSid }, select: { id: true } });

/** True when this MessageSid is already stored (a Redis idempotency hit is only a hint). */
export async function isStored(db: Db, messageSid: string): Promise<boolean> {
  return (await findBySid(db, messageSid)) !== null;
}

/** Records that the workflow has these messages. Rows another transaction holds right now (the
 * dispatcher signalling them) are skipped rather than waited for: it marks them itself. */
export async function markDispatched(db: Db, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return;
  await db.$executeRaw`
    UPDATE "Message" SET "dispatchedAt" = now() AT TIME ZONE 'UTC'
    WHERE "id" IN (
      SELECT "id" FROM "Message" WHERE "id" = ANY(${messageIds}) AND "dispatchedAt" IS NULL
      FOR UPDATE SKIP LOCKED)`;
}
