// A status callback that arrives before sendReply stored the message's SID is held in Redis and
// applied (forward only) by the send right after it stores the SID (SPEC §4).
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../src/activities';
import type { ConversationActivities, SendReplyArgs } from '../../src/workflows/contract';
import { applyEarlyReport, earlyReportKey, recordStatusReport, type DeliveryStatusDeps } from '../../src/messages/delivery-status';
import { createRedis } from '../../src/redis';
import { listenToRestaurant, retriedLikeTemporal } from '../activities/harness';
import { randomWhatsApp, startStack, type TestRestaurant, type TestStack } from '../support/stack';
import { eventually } from '../support/eventually';
import { newMessageSid, postSigned, statusParams, type Params, type WebhookTarget } from '../support/twilio-webhook';

const PATH = '/whatsapp/status';

let stack: TestStack;
let restaurant: TestRestaurant;
let target: WebhookTarget;
let activities: ConversationActivities;

beforeAll(async () => {
  stack = await startStack({ api: true, worker: true, env: { SEND_AMBIGUITY_WINDOW_MS: '200' } });
  restaurant = await stack.createRestaurant({ locale: 'en' });
  target = { apiUrl: stack.api!.url, publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken: restaurant.authToken };
  activities = createActivities(stack.activityDeps!);
});
afterAll(() => stack?.stop());
beforeEach(() => stack.twilio.reset());

const reply = (customerWa: string): SendReplyArgs => ({
  restaurantId: restaurant.tenant.id,
  customerWa,
  idempotencyKey: `SM${randomUUID().replace(/-/g, '')}:0`,
  reply: { body: `Hello ${randomUUID().slice(0, 6)}` },
  sender: 'bot',
});

const report = (sid: string, customer: string, status: string, extra: Params = {}) =>
  postSigned(target, PATH, statusParams(restaurant.tenant.whatsappFrom, customer, sid, status, extra));

const auditOf = (sid: string, status: string) =>
  eventually(
    async () => {
      const rows = await stack.prisma.auditLog.findMany({
        where: { action: 'whatsapp.status', details: { path: ['messageSid'], equals: sid } },
      });
      const row = rows.find((r) => (r.details as Record<string, unknown>)['status'] === status);
      expect(row).toBeDefined();
      return row!;
    },
    { timeoutMs: 5_000, what: `audit row for ${status}` },
  );

/**
 * Twilio accepts the send but its answer is lost, so the row is left `sending` without a SID: the
 * window in which Twilio's callbacks can already arrive. The retry adopts the SID and stores it.
 */
async function acceptedButNotStored(customer: string) {
  const args = reply(customer);
  stack.twilio.dropNextResponse();
  await expect(activities.sendReply(args)).rejects.toBeInstanceOf(ApplicationFailure);
  const [accepted] = stack.twilio.sentMessages({ to: customer });
  expect(accepted).toBeDefined();
  const row = await stack.prisma.message.findUniqueOrThrow({ where: { idempotencyKey: args.idempotencyKey } });
  expect(row).toMatchObject({ status: 'sending', waSid: null });
  return { args, sid: accepted!.sid, row };
}

test('delivered before the SID is stored: held, applied when the send stores it; a late sent does not undo it', async () => {
  const customer = randomWhatsApp();
  const { args, sid, row } = await acceptedButNotStored(customer);
  const key = earlyReportKey(restaurant.tenant.id, sid);

  expect((await report(sid, customer, 'delivered')).status).toBe(200);
  // An earlier status reported later does not replace the furthest one held.
  expect((await report(sid, customer, 'sent')).status).toBe(200);
  expect(JSON.parse((await stack.redis.get(key))!)).toEqual({ status: 'delivered' });
  expect(await stack.redis.ttl(key)).toBeGreaterThan(500);
  const audit = await auditOf(sid, 'delivered');
  expect(audit.outcome).toBe('unknown_message');
  expect(audit.details).toMatchObject({ heldEarly: true });

  const events = await listenToRestaurant(stack.config.REDIS_URL, restaurant.tenant.id);
  try {
    const result = await retriedLikeTemporal(activities.sendReply, args);
    expect(result).toEqual({ messageId: row.id, status: 'sent', waSid: sid });
    const stored = await stack.prisma.message.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored).toMatchObject({ status: 'delivered', waSid: sid });
    expect(stored.deliveredAt).not.toBeNull();
    const event = await events.next('message.status');
    expect(event.data).toMatchObject({ id: row.id, status: 'delivered', waSid: sid });
    expect(await stack.redis.exists(key)).toBe(0);
  } finally {
    await events.close();
  }

  // Twilio's late 'sent' (now about a known SID) does not move it back.
  expect((await report(sid, customer, 'sent')).status).toBe(200);
  expect((await stack.prisma.message.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('delivered');
  await eventually(
    async () =>
      expect(
        await stack.prisma.auditLog.findFirst({
          where: { action: 'whatsapp.status', outcome: 'stale', details: { path: ['messageSid'], equals: sid } },
        }),
      ).not.toBeNull(),
    { timeoutMs: 5_000, what: 'the late report audited as stale' },
  );
});

test('an early failure keeps its error code; 21610 marks the conversation opted out', async () => {
  const customer = randomWhatsApp();
  const { args, sid, row } = await acceptedButNotStored(customer);
  expect((await report(sid, customer, 'failed', { ErrorCode: '21610', ErrorMessage: 'Recipient opted out' })).status).toBe(200);
  // A failure and a delivery are not ordered: the first one held stays, as in the database.
  expect((await report(sid, customer, 'delivered')).status).toBe(200);

  expect((await retriedLikeTemporal(activities.sendReply, args)).waSid).toBe(sid);
  expect(await stack.prisma.message.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
    status: 'failed',
    errorCode: 21610,
    errorMessage: 'Recipient opted out',
  });
  expect(await stack.prisma.conversation.findUniqueOrThrow({ where: { id: row.conversationId } })).toMatchObject({ optedOut: true });
});

test('a report for another restaurant\u2019s SID is held under that restaurant only', async () => {
  const customer = randomWhatsApp();
  const { args, sid, row } = await acceptedButNotStored(customer);
  const other = await stack.createRestaurant();
  const asOther = { ...target, authToken: other.authToken };
  expect((await postSigned(asOther, PATH, statusParams(other.tenant.whatsappFrom, customer, sid, 'read'))).status).toBe(200);
  expect(await stack.redis.exists(earlyReportKey(other.tenant.id, sid))).toBe(1);

  await retriedLikeTemporal(activities.sendReply, args);
  expect((await stack.prisma.message.findUniqueOrThrow({ where: { id: row.id } })).status).not.toBe('read');
});

test('Redis down: neither the webhook\u2019s hold nor the send\u2019s lookup throws', async () => {
  const dead = createRedis('redis://127.0.0.1:1', { retryStrategy: () => null });
  dead.on('error', () => undefined);
  const deps: DeliveryStatusDeps = { prisma: stack.prisma, redis: dead, log: stack.activityDeps!.log, publish: () => Promise.resolve() };
  try {
    const sid = newMessageSid();
    await expect(recordStatusReport(deps, restaurant.tenant.id, { messageSid: sid, status: 'delivered' })).resolves.toEqual({
      outcome: 'unknown_message',
      held: false,
    });
    await expect(applyEarlyReport(deps, restaurant.tenant.id, sid)).resolves.toBeNull();
  } finally {
    dead.disconnect();
  }
});
