// Durable accept: the inbound message is written (create-or-ignore on its unique waSid) before
// anything else happens to it, so a webhook that got 200 is never lost.
import { storedForm } from '../../activities/inbound';
import type { PrismaClient } from '../../db';
import { Prisma, type Conversation, type Message } from '../../generated/prisma/client';
import type { FloodVerdict } from './flood-control';
import type { InboundWebhook } from './parse';

/** What Message.metadata holds for an inbound message; the dispatcher rebuilds the signal from it. */
export interface InboundMetadata {
  input: InboundWebhook['input'];
  profileName?: string;
  /** Over the flood limit and the first in its window: signalled with `throttled: true`. */
  throttleNotice?: boolean;
  /** Twilio parameters not mapped to a column (AccountSid, WaId, ... and anything unknown). */
  params: Record<string, string | string[]>;
}

/** `created: false` when this MessageSid was stored before (a Twilio retry). */
export type StoredInbound = { created: true; message: Message; conversation: Conversation } | { created: false };

const isUniqueViolation = (err: unknown) => err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';

/** One statement (INSERT ... ON CONFLICT): Prisma upserts natively only with a non-empty update. */
async function ensureConversation(prisma: PrismaClient, restaurantId: string, hook: InboundWebhook): Promise<Conversation> {
  const name = hook.profileName ? { customerName: hook.profileName } : {};
  const upsert = () =>
    prisma.conversation.upsert({
      where: { restaurantId_customerWa: { restaurantId, customerWa: hook.from } },
      create: { restaurantId, customerWa: hook.from, ...name },
      update: { ...name, updatedAt: new Date() },
    });
  try {
    return await upsert();
  } catch (err) {
    // Two first messages of a new customer at once: one insert wins, the other now finds it.
    if (isUniqueViolation(err)) return upsert();
    throw err;
  }
}

export async function storeInbound(
  prisma: PrismaClient,
  restaurantId: string,
  hook: InboundWebhook,
  verdict: FloodVerdict,
  receivedAt: Date,
): Promise<StoredInbound> {
  const conversation = await ensureConversation(prisma, restaurantId, hook);
  // Stored the way the workflow's own recordInbound would store it, plus what dispatch needs.
  const form = storedForm(hook.input);
  const metadata: InboundMetadata = {
    ...form.metadata,
    input: hook.input,
    ...(hook.profileName ? { profileName: hook.profileName } : {}),
    ...(verdict === 'notice' ? { throttleNotice: true } : {}),
    params: hook.params,
  };
  const [inserted] = await prisma.message.createManyAndReturn({
    data: [
      {
        restaurantId,
        conversationId: conversation.id,
        direction: 'IN',
        sender: 'customer',
        status: 'received',
        waSid: hook.messageSid,
        type: form.type,
        // A media caption or a location without an address still shows something to agents.
        body: form.body || hook.body,
        mediaUrls: hook.media.length ? (hook.media as unknown as Prisma.InputJsonArray) : Prisma.DbNull,
        metadata: metadata as unknown as Prisma.InputJsonObject,
        rateLimited: verdict !== 'allowed',
        // Excess over the flood limit is stored for agents but never signalled.
        dispatchedAt: verdict === 'silent' ? receivedAt : null,
        createdAt: receivedAt,
      },
    ],
    skipDuplicates: true,
  });
  if (!inserted) return { created: false };
  const updated = await prisma.conversation.update({
    where: { id: conversation.id },
    data: { lastMessageAt: receivedAt, unreadCount: { increment: 1 } },
  });
  return { message: inserted, conversation: updated, created: true };
}

/** True when this MessageSid is already stored (a Redis idempotency hit is only a hint). */
export async function isStored(prisma: PrismaClient, messageSid: string): Promise<boolean> {
  return (await prisma.message.count({ where: { waSid: messageSid } })) > 0;
}
