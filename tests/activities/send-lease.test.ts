// sendReply when attempts overlap or Twilio's answer is unclear (SPEC §7, exactly once): each send
// is leased to one attempt, a send whose outcome is unknown is looked up (never resent) once its
// ambiguity window has passed, and a lookup that fails leaves the send for the next attempt.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { requeueFailed } from '../../src/messages/outbox';
import type { SendReplyArgs } from '../../src/workflows/contract';
import { randomWhatsApp, type TestRestaurant } from '../support/stack';
import { eventually } from '../support/eventually';
import { rejectionOf, retriedLikeTemporal, runAsAttempt, startActivityHarness, type ActivityHarness } from './harness';

const AMBIGUITY_WINDOW_MS = 400;

let h: ActivityHarness;
let restaurant: TestRestaurant;

beforeAll(async () => {
  h = await startActivityHarness({ SEND_AMBIGUITY_WINDOW_MS: String(AMBIGUITY_WINDOW_MS) });
  restaurant = await h.stack.createRestaurant();
});
afterAll(() => h.close());
beforeEach(() => h.stack.twilio.reset());

const reply = (customerWa: string, body = `Hello ${randomUUID().slice(0, 6)}`): SendReplyArgs => ({
  restaurantId: restaurant.tenant.id,
  customerWa,
  idempotencyKey: `SM${randomUUID().replace(/-/g, '')}:0`,
  reply: { body },
  sender: 'bot',
});

const rowOf = (idempotencyKey: string) => h.deps.prisma.message.findUniqueOrThrow({ where: { idempotencyKey } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const retried = (args: SendReplyArgs) => retriedLikeTemporal(h.activities.sendReply, args);

test('two attempts of one send running at once send it once', async () => {
  const customer = randomWhatsApp();
  const args = reply(customer);
  // Attempt 1 is slow at Twilio; Temporal's timeout starts attempt 2 while attempt 1 still runs.
  h.stack.twilio.delayNext(800);
  const first = runAsAttempt(1, h.activities.sendReply, args);
  await eventually(() => expect(h.stack.twilio.requests.map((r) => r.endpoint)).toContain('messages.create'), { intervalMs: 10 });
  const second = await rejectionOf(runAsAttempt(2, h.activities.sendReply, args));
  expect(second).toBeInstanceOf(ApplicationFailure);
  expect((second as ApplicationFailure).type).toBe('SendInProgress');

  const result = await first;
  expect(result.status).toBe('sent');
  await expect(retried(args)).resolves.toEqual(result);
  expect(h.stack.twilio.sentMessages({ to: customer })).toHaveLength(1);
});

test('a lost answer whose lookup is refused (429) is looked up again later, never resent', async () => {
  const customer = randomWhatsApp();
  const args = reply(customer);
  h.stack.twilio.dropNextResponse();
  await expect(h.activities.sendReply(args)).rejects.toBeInstanceOf(ApplicationFailure);
  const [accepted] = h.stack.twilio.sentMessages({ to: customer });
  expect(accepted).toBeDefined();

  await sleep(AMBIGUITY_WINDOW_MS + 50);
  h.stack.twilio.failNext({ status: 429, code: 20429 }, { endpoint: 'messages.list' });
  await expect(runAsAttempt(2, h.activities.sendReply, args)).rejects.toBeInstanceOf(ApplicationFailure);
  expect(await rowOf(args.idempotencyKey)).toMatchObject({ status: 'sending', waSid: null });

  const result = await retried(args);
  expect(result).toMatchObject({ status: 'sent', waSid: accepted!.sid });
  expect(h.stack.twilio.sentMessages({ to: customer })).toHaveLength(1);
});

test('a lookup refused for bad credentials (20003) leaves the send to be looked up, not failed', async () => {
  const customer = randomWhatsApp();
  const args = reply(customer);
  h.stack.twilio.dropNextResponse();
  await expect(h.activities.sendReply(args)).rejects.toBeInstanceOf(ApplicationFailure);
  await sleep(AMBIGUITY_WINDOW_MS + 50);
  h.stack.twilio.failNext({ status: 401, code: 20003 }, { endpoint: 'messages.list' });
  await expect(runAsAttempt(2, h.activities.sendReply, args)).rejects.toBeInstanceOf(ApplicationFailure);
  expect(await rowOf(args.idempotencyKey)).toMatchObject({ status: 'sending', failureReason: null });
  await expect(retried(args)).resolves.toMatchObject({ status: 'sent' });
  expect(h.stack.twilio.sentMessages({ to: customer })).toHaveLength(1);
});

test('an ops replay whose first attempt hits a network error never adopts the failed original', async () => {
  const customer = randomWhatsApp();
  const args = reply(customer, 'Your order is ready');
  const original = await h.activities.sendReply(args);
  // WhatsApp could not deliver it; ops replay it from failed-sends.
  const failed = await h.deps.prisma.message.update({ where: { id: original.messageId }, data: { status: 'undelivered' } });
  expect(await requeueFailed(h.deps.prisma, failed)).not.toBeNull();
  const replay: SendReplyArgs = { ...args, sender: 'agent', messageId: original.messageId, idempotencyKey: `agent:${original.messageId}` };

  h.stack.twilio.failNext({ status: 503 });
  await expect(h.activities.sendReply(replay)).rejects.toBeInstanceOf(ApplicationFailure);
  const result = await retried(replay);

  const sent = h.stack.twilio.sentMessages({ to: customer });
  expect(sent).toHaveLength(2);
  expect(result).toMatchObject({ status: 'sent', waSid: sent[1]!.sid });
  expect(result.waSid).not.toBe(original.waSid);
});

test('a send whose attempt died before its create began is sent once, with no lookup at Twilio', async () => {
  const customer = randomWhatsApp();
  const args = reply(customer);
  const conversation = await h.deps.prisma.conversation.create({ data: { restaurantId: restaurant.tenant.id, customerWa: customer } });
  // Leased by an attempt that died before its create: the lease ran out, no create time was set.
  await h.deps.prisma.message.create({
    data: {
      restaurantId: restaurant.tenant.id,
      conversationId: conversation.id,
      direction: 'OUT',
      sender: 'bot',
      status: 'sending',
      body: args.reply.body,
      idempotencyKey: args.idempotencyKey,
      leaseToken: 'dead-attempt',
      leaseExpiresAt: new Date(Date.now() - 1000),
    },
  });
  const result = await h.activities.sendReply(args);
  expect(result.status).toBe('sent');
  expect(h.stack.twilio.requests.map((r) => r.endpoint)).toEqual(['messages.create']);
  expect(await rowOf(args.idempotencyKey)).toMatchObject({ status: 'sent', waSid: result.waSid, leaseToken: null });
});

test('while Twilio answers a first create, the lease spans the ambiguity window and the create time is set', async () => {
  const customer = randomWhatsApp();
  const args = reply(customer);
  h.stack.twilio.delayNext(500);
  const before = Date.now();
  const sending = h.activities.sendReply(args);
  await eventually(() => expect(h.stack.twilio.requests.map((r) => r.endpoint)).toContain('messages.create'), { intervalMs: 10 });
  const during = await rowOf(args.idempotencyKey);
  expect(during.status).toBe('sending');
  expect(during.sendStartedAt!.getTime()).toBeGreaterThanOrEqual(before - 5);
  expect(during.leaseExpiresAt!.getTime() - during.sendStartedAt!.getTime()).toBe(AMBIGUITY_WINDOW_MS);
  await expect(sending).resolves.toMatchObject({ status: 'sent' });
  expect(h.stack.twilio.sentMessages({ to: customer })).toHaveLength(1);
});
