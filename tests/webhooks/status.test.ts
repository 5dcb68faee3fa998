// POST /whatsapp/status: delivery reports move a message's status forward only (SPEC §4).
import { randomBytes } from 'node:crypto';
import { channelFor } from '../../src/events/publisher';
import { createRedis, type RedisClient } from '../../src/redis';
import type { MessageStatus } from '../../src/generated/prisma/client';
import { startStack, randomWhatsApp, type TestStack, type TestRestaurant } from '../support/stack';
import { eventually } from '../support/eventually';
import { inboundParams, newMessageSid, postSigned, statusParams, type Params, type WebhookTarget } from '../support/twilio-webhook';

const PATH = '/whatsapp/status';

let stack: TestStack;
let restaurant: TestRestaurant;
let target: WebhookTarget;
let subscriber: RedisClient;
const events: { type: string; data: { waSid?: string; status?: string } }[] = [];

beforeAll(async () => {
  stack = await startStack({ api: true, worker: true });
  restaurant = await stack.createRestaurant({ locale: 'en' });
  target = { apiUrl: stack.api!.url, publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken: restaurant.authToken };
  subscriber = createRedis(stack.config.REDIS_URL, { enableOfflineQueue: true });
  subscriber.on('message', (_channel: string, payload: string) => events.push(JSON.parse(payload)));
  await subscriber.subscribe(channelFor(restaurant.tenant.id, 'messages'));
});

afterAll(async () => {
  subscriber?.disconnect();
  await stack?.stop();
});

/** A bot reply as the send activity leaves it: recorded, handed to Twilio, SID known. */
async function sentReply(status: MessageStatus = 'queued', owner = restaurant) {
  const customer = randomWhatsApp();
  const conversation = await stack.prisma.conversation.create({ data: { restaurantId: owner.tenant.id, customerWa: customer } });
  const message = await stack.prisma.message.create({
    data: {
      restaurantId: owner.tenant.id,
      conversationId: conversation.id,
      direction: 'OUT',
      sender: 'bot',
      status,
      body: 'Welcome!',
      waSid: newMessageSid(),
      idempotencyKey: `test:${randomBytes(8).toString('hex')}`,
    },
  });
  return { customer, conversation, message, sid: message.waSid! };
}

const report = (sid: string, customer: string, status: string, extra: Params = {}) =>
  postSigned(target, PATH, statusParams(restaurant.tenant.whatsappFrom, customer, sid, status, extra));

const statusOf = async (sid: string) => (await stack.prisma.message.findUniqueOrThrow({ where: { waSid: sid } })).status;

test('out of order: delivered before sent → delivered stays', async () => {
  const { customer, sid } = await sentReply();
  expect((await report(sid, customer, 'delivered')).status).toBe(200);
  expect((await report(sid, customer, 'sent')).status).toBe(200);
  const row = await stack.prisma.message.findUniqueOrThrow({ where: { waSid: sid } });
  expect(row.status).toBe('delivered');
  expect(row.deliveredAt).not.toBeNull();
  expect((await report(sid, customer, 'read')).status).toBe(200);
  expect((await report(sid, customer, 'delivered')).status).toBe(200);
  expect(await statusOf(sid)).toBe('read');
});

test('concurrent callbacks in any order end at the furthest status', async () => {
  const replies = await Promise.all(Array.from({ length: 5 }, () => sentReply()));
  await Promise.all(
    replies.flatMap(({ customer, sid }) =>
      ['read', 'sent', 'queued', 'delivered', 'sending'].map((status) => report(sid, customer, status)),
    ),
  );
  for (const { sid } of replies) expect(await statusOf(sid)).toBe('read');
});

test('a failure stores Twilio\u2019s error code and publishes message.status', async () => {
  const { customer, sid } = await sentReply('sent');
  // 30008: unknown error (63016, outside the window, is resent as a template: tests/dashboard/window.test.ts).
  const res = await report(sid, customer, 'undelivered', { ErrorCode: '30008' });
  expect(res.status).toBe(200);
  const row = await stack.prisma.message.findUniqueOrThrow({ where: { waSid: sid } });
  expect(row).toMatchObject({ status: 'undelivered', errorCode: 30008 });
  const event = await eventually(
    () => {
      const found = events.find((e) => e.type === 'message.status' && e.data.waSid === sid);
      expect(found).toBeDefined();
      return found!;
    },
    { timeoutMs: 5_000, what: 'message.status' },
  );
  expect(event.data.status).toBe('undelivered');
  // A late success report does not resurrect it.
  await report(sid, customer, 'delivered');
  expect(await statusOf(sid)).toBe('undelivered');
});

test('21610 (customer replied STOP) marks the conversation opted out', async () => {
  const { customer, sid, conversation } = await sentReply('sent');
  expect((await report(sid, customer, 'failed', { ErrorCode: '21610' })).status).toBe(200);
  expect(await stack.prisma.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).toMatchObject({ optedOut: true });
  expect(await stack.prisma.message.findUniqueOrThrow({ where: { waSid: sid } })).toMatchObject({ status: 'failed', errorCode: 21610 });
});

test('an unknown MessageSid → 200 and nothing to do (Twilio must not retry forever)', async () => {
  const sid = newMessageSid();
  const res = await report(sid, randomWhatsApp(), 'delivered', {});
  expect(res.status).toBe(200);
  const audit = await eventually(
    async () => {
      const row = await stack.prisma.auditLog.findFirst({
        where: { action: 'whatsapp.status', details: { path: ['messageSid'], equals: sid } },
      });
      expect(row).not.toBeNull();
      return row!;
    },
    { timeoutMs: 5_000, what: 'the report audited' },
  );
  expect(audit.outcome).toBe('unknown_message');
});

test('a restaurant cannot move another restaurant\u2019s messages', async () => {
  const other = await stack.createRestaurant();
  const { customer, sid } = await sentReply('sent');
  const asOther = { ...target, authToken: other.authToken };
  const res = await postSigned(asOther, PATH, statusParams(other.tenant.whatsappFrom, customer, sid, 'read'));
  expect(res.status).toBe(200);
  expect(await statusOf(sid)).toBe('sent');
});

test('same checks as the inbound webhook: 403 forged, 404 unknown From, 400 malformed', async () => {
  const { customer, sid } = await sentReply('sent');
  const params = statusParams(restaurant.tenant.whatsappFrom, customer, sid, 'read');
  expect((await postSigned(target, PATH, params, { signature: 'forged' })).status).toBe(403);
  expect((await postSigned(target, PATH, params, { signature: null })).status).toBe(403);
  expect((await postSigned(target, PATH, { ...params, From: 'whatsapp:+15550000001' })).status).toBe(404);
  const { MessageStatus: _status, ...noStatus } = params;
  expect((await postSigned(target, PATH, noStatus)).status).toBe(400);
  expect(await statusOf(sid)).toBe('sent');
});

test('a real reply: the status callback Twilio sends for the bot\u2019s message moves it to delivered', async () => {
  const customer = randomWhatsApp();
  const params = inboundParams(restaurant.tenant.whatsappFrom, { Body: 'hi' }, customer);
  expect((await postSigned(target, '/whatsapp/webhook', params)).status).toBe(200);
  const [reply] = await stack.twilio.waitForMessages(1, { to: customer, timeoutMs: 20_000 });
  expect(reply!.statusCallback).toBe(`${stack.config.PUBLIC_BASE_URL}${PATH}`);
  await eventually(async () => expect(await stack.prisma.message.findUnique({ where: { waSid: reply!.sid } })).not.toBeNull(), {
    timeoutMs: 5_000,
    what: 'reply recorded',
  });
  expect((await report(reply!.sid, customer, 'delivered')).status).toBe(200);
  expect(await statusOf(reply!.sid)).toBe('delivered');
});
