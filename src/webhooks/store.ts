// The only writer of RestaurantWebhook and WebhookDelivery (SPEC §4 "Restaurant webhooks"): a
// restaurant's webhook with its signing secret encrypted at rest (like the Twilio token), and the
// delivery log, which is also the queue: deliveries of one order (or conversation) go out one at a
// time in `seq` order, each pending until its receiver answers 2xx or it is given up as failed.
import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '../db';
import type { Prisma, WebhookDelivery } from '../generated/prisma/client';
import type { WebhookDeliveryStatus } from '../generated/prisma/enums';
import { decryptSecret, encryptSecret, type CredentialKeys } from '../tenants/credentials';

type Db = PrismaClient | Prisma.TransactionClient;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const satisfies readonly WebhookDeliveryStatus[];

export type WebhookEventType = 'order.created' | 'order.updated' | 'conversation.needs_agent';

/** Associated data of the secret's ciphertext: a Twilio token's ciphertext copied here does not decrypt. */
const secretContext = (restaurantId: string) => `webhook:${restaurantId}`;

export interface WebhookTarget {
  url: string;
  secret: string;
}

/** Sets (or replaces) the restaurant's webhook with a fresh secret; the plain secret is returned once. */
export async function setWebhook(db: Db, keys: CredentialKeys, restaurantId: string, url: string): Promise<WebhookTarget> {
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const encrypted = encryptSecret(secret, keys, secretContext(restaurantId));
  await db.restaurantWebhook.upsert({
    where: { restaurantId },
    create: { restaurantId, url, secret: encrypted },
    update: { url, secret: encrypted },
  });
  return { url, secret };
}

/** Whether there was one to remove. */
export async function removeWebhook(db: Db, restaurantId: string): Promise<boolean> {
  const { count } = await db.restaurantWebhook.deleteMany({ where: { restaurantId } });
  return count > 0;
}

export async function webhookTarget(db: Db, keys: CredentialKeys, restaurantId: string): Promise<WebhookTarget | null> {
  const row = await db.restaurantWebhook.findUnique({ where: { restaurantId } });
  return row ? { url: row.url, secret: decryptSecret(row.secret, keys, secretContext(restaurantId)) } : null;
}

/** Every webhook secret for the key rotation, a batch at a time. */
export async function webhookSecrets(db: Db, after: string | undefined, take: number) {
  return db.restaurantWebhook.findMany({
    where: after ? { id: { gt: after } } : {},
    orderBy: { id: 'asc' },
    take,
    select: { id: true, restaurantId: true, secret: true },
  });
}

/** Re-encrypts one secret, only if it still holds the ciphertext that was read. */
export async function reencryptSecret(db: Db, keys: CredentialKeys, row: { id: string; restaurantId: string; secret: string }) {
  const plain = decryptSecret(row.secret, keys, secretContext(row.restaurantId));
  const written = await db.restaurantWebhook.updateMany({
    where: { id: row.id, secret: row.secret },
    data: { secret: encryptSecret(plain, keys, secretContext(row.restaurantId)) },
  });
  return written.count === 1;
}

export interface NewDelivery {
  restaurantId: string;
  type: WebhookEventType;
  data: unknown;
  orderId?: string;
  conversationId?: string;
  /** What makes this event one (e.g. `status:PREPARING`): the same event recorded twice is one delivery. */
  eventKey: string;
}

/** UUID-shaped id derived from the event, so a retried activity or request records it once. */
function deliveryIdOf(restaurantId: string, type: string, subject: string, eventKey: string): string {
  const hex = createHash('sha256').update([restaurantId, type, subject, eventKey].join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export const queueOf = (event: { orderId?: string | null; conversationId?: string | null }) =>
  event.orderId ? `order:${event.orderId}` : `conversation:${event.conversationId ?? ''}`;

/** Records the event for the restaurant's webhook; null when it has none. Idempotent by event. */
export async function recordDelivery(db: Db, event: NewDelivery, now = new Date()): Promise<WebhookDelivery | null> {
  const hook = await db.restaurantWebhook.findUnique({ where: { restaurantId: event.restaurantId }, select: { id: true } });
  if (!hook) return null;
  const queue = queueOf(event);
  const id = deliveryIdOf(event.restaurantId, event.type, queue, event.eventKey);
  const payload = { id, type: event.type, createdAt: now.toISOString(), restaurantId: event.restaurantId, data: event.data };
  await db.webhookDelivery.createMany({
    data: [
      {
        id,
        restaurantId: event.restaurantId,
        type: event.type,
        payload: payload as Prisma.InputJsonValue,
        orderId: event.orderId,
        conversationId: event.conversationId,
        queue,
        createdAt: now,
        queuedAt: now,
      },
    ],
    skipDuplicates: true,
  });
  return db.webhookDelivery.findUnique({ where: { id } });
}

export const findDelivery = (db: Db, id: string) => db.webhookDelivery.findUnique({ where: { id } });

/** The queue's next delivery to send: its oldest pending one. */
export const nextPending = (db: Db, restaurantId: string, queue: string) =>
  db.webhookDelivery.findFirst({ where: { restaurantId, queue, status: 'pending' }, orderBy: { seq: 'asc' }, select: { id: true } });

export async function markDelivered(db: Db, id: string, statusCode: number): Promise<void> {
  await db.webhookDelivery.updateMany({
    where: { id, status: 'pending' },
    data: { status: 'delivered', attempts: { increment: 1 }, lastStatusCode: statusCode, lastError: null, deliveredAt: new Date() },
  });
}

/** One attempt that did not succeed; `giveUp` marks it failed (replayable). */
export async function markAttemptFailed(db: Db, id: string, failure: { error: string; statusCode?: number; giveUp: boolean }) {
  await db.webhookDelivery.updateMany({
    where: { id, status: 'pending' },
    data: {
      attempts: { increment: 1 },
      lastError: failure.error.slice(0, 500),
      lastStatusCode: failure.statusCode ?? null,
      ...(failure.giveUp ? { status: 'failed' as const } : {}),
    },
  });
}

export async function markGivenUp(db: Db, id: string, error: string): Promise<void> {
  await db.webhookDelivery.updateMany({ where: { id, status: 'pending' }, data: { status: 'failed', lastError: error } });
}

/** A failed delivery back in its queue, same id; null when it is not failed (or not this restaurant's). */
export async function requeueFailed(db: Db, restaurantId: string, id: string): Promise<WebhookDelivery | null> {
  const { count } = await db.webhookDelivery.updateMany({
    where: { id, restaurantId, status: 'failed' },
    data: { status: 'pending', queuedAt: new Date(), signalledAt: null },
  });
  return count === 1 ? findDelivery(db, id) : null;
}

/** Its queue's workflow has been told (the sweeper leaves it alone unless it is requeued). */
export async function markSignalled(db: Db, ids: string[]): Promise<void> {
  if (ids.length) await db.webhookDelivery.updateMany({ where: { id: { in: ids }, signalledAt: null }, data: { signalledAt: new Date() } });
}

/** Pending deliveries no workflow was told of, older than `minAgeMs`, oldest first. */
export const unsignalled = (db: Db, minAgeMs: number, take: number) =>
  db.webhookDelivery.findMany({
    where: { status: 'pending', signalledAt: null, queuedAt: { lt: new Date(Date.now() - minAgeMs) } },
    orderBy: { seq: 'asc' },
    take,
    select: { id: true, restaurantId: true, queue: true },
  });
