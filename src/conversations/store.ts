// Conversations: the one owner of the Conversation table. One row per (restaurant, customer),
// created on first sight; the customer's arrivals (last message, unread count), the bot switch
// (human takeover), opt-out and staff reading it all change it here and nowhere else.
import { isUniqueViolation, type Db } from '../db';
import type { Conversation, ConversationStatus, Locale } from '../generated/prisma/client';
import type { ConversationKey } from '../workflows/contract';

export type { Conversation };

const byKey = ({ restaurantId, customerWa }: ConversationKey) => ({ restaurantId_customerWa: { restaurantId, customerWa } });

/** The conversation of (restaurant, customer), created on first sight; a new profile name is kept. */
export async function ensureConversation(db: Db, key: ConversationKey, customerName?: string): Promise<Conversation> {
  const existing = await db.conversation.findUnique({ where: byKey(key) });
  if (existing && (!customerName || existing.customerName === customerName)) return existing;
  const name = customerName ? { customerName } : {};
  // INSERT ... ON CONFLICT needs a non-empty update: updatedAt makes Prisma upsert natively.
  const upsert = () =>
    db.conversation.upsert({
      where: byKey(key),
      create: { restaurantId: key.restaurantId, customerWa: key.customerWa, ...name },
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

export function findConversation(db: Db, restaurantId: string, conversationId: string): Promise<Conversation | null> {
  return db.conversation.findFirst({ where: { id: conversationId, restaurantId } });
}

/** A customer message arrived: it is the latest, staff have one more to read, and WhatsApp's 24-hour
 * window runs from it (open again even if Twilio had said it closed). One statement (UPDATE …
 * RETURNING), on the webhook's hot path. */
export async function noteArrival(db: Db, conversationId: string, receivedAt: Date): Promise<Conversation> {
  const [updated] = await db.conversation.updateManyAndReturn({
    where: { id: conversationId },
    data: { lastMessageAt: receivedAt, lastInboundAt: receivedAt, windowClosedAt: null, unreadCount: { increment: 1 } },
  });
  if (!updated) throw new Error(`conversation ${conversationId} vanished while a message arrived`);
  return updated;
}

/** Staff opened the conversation. Null when it is not this restaurant's. */
export async function markRead(db: Db, restaurantId: string, conversationId: string): Promise<Conversation | null> {
  const [updated] = await db.conversation.updateManyAndReturn({
    where: { id: conversationId, restaurantId },
    data: { unreadCount: 0 },
  });
  return updated ?? null;
}

export interface ConversationFlags {
  isBotActive?: boolean;
  status?: ConversationStatus;
}

/** The bot switch: off means a human has the conversation (it needs an agent), on hands it back. */
export const botSwitch = (enabled: boolean): Required<ConversationFlags> => ({
  isBotActive: enabled,
  status: enabled ? 'ACTIVE' : 'NEEDS_AGENT',
});

/** Sets the bot flag and/or status, creating the conversation if it is new. */
export function setFlags(db: Db, key: ConversationKey, flags: ConversationFlags): Promise<Conversation> {
  const changes = {
    ...(flags.isBotActive !== undefined ? { isBotActive: flags.isBotActive } : {}),
    ...(flags.status !== undefined ? { status: flags.status } : {}),
  };
  return db.conversation.upsert({
    where: byKey(key),
    create: { restaurantId: key.restaurantId, customerWa: key.customerWa, ...changes },
    update: { ...changes, updatedAt: new Date() },
  });
}

/** Twilio refused a send with 21610 (the customer blocked us there): nothing more is sent to them.
 * The time of an earlier opt-out stands. */
export async function markOptedOut(db: Db, conversationId: string): Promise<Conversation> {
  const [updated] = await db.conversation.updateManyAndReturn({
    where: { id: conversationId, optedOut: false },
    data: { optedOut: true, optedOutAt: new Date() },
  });
  return updated ?? db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
}

/** The customer wrote STOP (opted out) or START (back in), at this restaurant (SPEC §6). */
export function setOptedOut(db: Db, key: ConversationKey, optedOut: boolean): Promise<Conversation> {
  const change = { optedOut, optedOutAt: optedOut ? new Date() : null };
  return db.conversation.upsert({
    where: byKey(key),
    create: { restaurantId: key.restaurantId, customerWa: key.customerWa, ...change },
    update: change,
  });
}

/** Twilio refused a free-form send as outside the 24-hour window (63016): closed until they write.
 * Conditional on no newer message, so a message that reopened it is not overruled by an older refusal. */
export async function closeWindow(db: Db, conversationId: string, at: Date): Promise<void> {
  await db.conversation.updateMany({
    where: { id: conversationId, OR: [{ lastInboundAt: null }, { lastInboundAt: { lt: at } }] },
    data: { windowClosedAt: at },
  });
}

/** The customer's language at this restaurant, kept across conversation runs. */
export function rememberLocale(db: Db, key: ConversationKey, locale: Locale): Promise<Conversation> {
  return db.conversation.upsert({
    where: byKey(key),
    create: { restaurantId: key.restaurantId, customerWa: key.customerWa, locale },
    update: { locale },
  });
}
