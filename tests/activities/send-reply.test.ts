// sendReply against real Postgres and Redis and the Twilio fake: outbox semantics (SPEC §7).
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { SendReplyArgs } from '../../src/workflows/contract';
import { eventually } from '../support/eventually';
import { randomWhatsApp, type TestRestaurant } from '../support/stack';
import { listenToRestaurant, rejectionOf, retriedLikeTemporal, startActivityHarness, type ActivityHarness } from './harness';

let h: ActivityHarness;
let restaurant: TestRestaurant;

beforeAll(async () => {
  // A lost answer is looked up after this window (60 s in production).
  h = await startActivityHarness({ SEND_AMBIGUITY_WINDOW_MS: '300' });
  restaurant = await h.stack.createRestaurant();
});
afterAll(() => h.close());
beforeEach(() => h.stack.twilio.reset());

const reply = (customerWa: string, body = `Hello ${randomUUID().slice(0, 6)}`): SendReplyArgs => ({
  restaurantId: restaurant.tenant.id,
  customerWa,
  idempotencyKey: `SM${randomUUID().replace(/-/g, '')}:0`,
  reply: {
    body,
    options: [
      { id: 'new_order', title: 'New order' },
      { id: 'track_order', title: 'Track my order' },
    ],
  },
  sender: 'bot',
});

const rowOf = (messageId: string) => h.deps.prisma.message.findUniqueOrThrow({ where: { id: messageId } });

describe('sendReply', () => {
  test('records the message before sending, sends the text form once, and stores the SID', async () => {
    const customer = randomWhatsApp();
    const args = reply(customer, 'Welcome to Test Grill');
    h.stack.twilio.delayNext(500);
    const sending = h.activities.sendReply(args);
    // While Twilio is still answering, the row exists and says it is being sent.
    await eventually(() => expect(h.stack.twilio.requests.map((r) => r.endpoint)).toContain('messages.create'), { intervalMs: 10 });
    const during = await h.deps.prisma.message.findUniqueOrThrow({ where: { idempotencyKey: args.idempotencyKey } });
    expect(during).toMatchObject({ direction: 'OUT', sender: 'bot', status: 'sending', waSid: null });

    const result = await sending;
    const [sent] = await h.stack.twilio.waitForMessages(1, { to: customer });
    expect(sent!.body).toBe('Welcome to Test Grill\n\n1. New order\n2. Track my order');
    expect(sent!.from).toBe(restaurant.tenant.whatsappFrom);
    expect(sent!.statusCallback).toBe(`${h.stack.config.PUBLIC_BASE_URL}/whatsapp/status`);
    expect(result).toEqual({ messageId: during.id, status: 'sent', waSid: sent!.sid });
    expect(await rowOf(result.messageId)).toMatchObject({ status: 'sent', waSid: sent!.sid, body: sent!.body });
  });

  test('a second call with the same idempotency key sends nothing', async () => {
    const customer = randomWhatsApp();
    const args = reply(customer);
    const first = await h.activities.sendReply(args);
    const second = await h.activities.sendReply(args);
    expect(second).toEqual(first);
    expect(h.stack.twilio.sentMessages({ to: customer })).toHaveLength(1);
    expect(await h.deps.prisma.message.count({ where: { idempotencyKey: args.idempotencyKey } })).toBe(1);
  });

  test('publishes message.sent with the message in API field names', async () => {
    const events = await listenToRestaurant(h.stack.config.REDIS_URL, restaurant.tenant.id);
    try {
      const result = await h.activities.sendReply(reply(randomWhatsApp()));
      const event = await events.next('message.sent');
      expect(event.data).toMatchObject({ id: result.messageId, direction: 'OUT', sender: 'bot', status: 'sent', waSid: result.waSid });
      expect(typeof event.data['createdAt']).toBe('string');
    } finally {
      await events.close();
    }
  });

  test('permanent 21211 marks the message failed, publishes message.failed and returns failed', async () => {
    const events = await listenToRestaurant(h.stack.config.REDIS_URL, restaurant.tenant.id);
    try {
      // Not a phone number: the fake, like Twilio, answers 400 with code 21211.
      const result = await h.activities.sendReply(reply('whatsapp:+12'));
      expect(result.status).toBe('failed');
      expect(await rowOf(result.messageId)).toMatchObject({ status: 'failed', errorCode: 21211, waSid: null });
      const event = await events.next('message.failed');
      expect(event.data).toMatchObject({ id: result.messageId, status: 'failed', errorCode: 21211 });
      expect(h.stack.twilio.sentMessages()).toHaveLength(0);
    } finally {
      await events.close();
    }
  });

  test.each([
    ['HTTP 500', { status: 500 }],
    ['20429 throttling', { status: 429, code: 20429 }],
    ['63018 channel rate limit', { status: 429, code: 63018 }],
  ])('retryable %s throws for Temporal to retry; the retry sends exactly once', async (_name, error) => {
    const customer = randomWhatsApp();
    const args = reply(customer);
    h.stack.twilio.failNext(error);
    const err = await rejectionOf(h.activities.sendReply(args));
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).toBeFalsy();
    expect((err as ApplicationFailure).type).toBe('TwilioRetryableError');

    const retried = await retriedLikeTemporal(h.activities.sendReply, args);
    expect(retried.status).toBe('sent');
    expect(h.stack.twilio.sentMessages({ to: customer })).toHaveLength(1);
  });

  test('a lost response is recovered on retry: one message at Twilio, its SID on the row', async () => {
    const customer = randomWhatsApp();
    const args = reply(customer);
    h.stack.twilio.dropNextResponse();
    await expect(h.activities.sendReply(args)).rejects.toBeInstanceOf(ApplicationFailure);
    const [accepted] = h.stack.twilio.sentMessages({ to: customer });
    expect(accepted).toBeDefined();
    const pending = await h.deps.prisma.message.findUniqueOrThrow({ where: { idempotencyKey: args.idempotencyKey } });
    expect(pending).toMatchObject({ status: 'sending', waSid: null });

    const retried = await retriedLikeTemporal(h.activities.sendReply, args);
    expect(retried).toEqual({ messageId: pending.id, status: 'sent', waSid: accepted!.sid });
    expect(h.stack.twilio.sentMessages({ to: customer })).toHaveLength(1);
    expect(await rowOf(pending.id)).toMatchObject({ status: 'sent', waSid: accepted!.sid });
  });

  test('a lost response does not adopt an identical earlier message that is already ours', async () => {
    const customer = randomWhatsApp();
    await h.activities.sendReply(reply(customer, 'Sorry, I did not understand'));
    const again = reply(customer, 'Sorry, I did not understand');
    h.stack.twilio.failNext({ status: 503 });
    await expect(h.activities.sendReply(again)).rejects.toBeInstanceOf(ApplicationFailure);
    const retried = await retriedLikeTemporal(h.activities.sendReply, again);
    const sent = h.stack.twilio.sentMessages({ to: customer });
    expect(sent).toHaveLength(2);
    expect(retried.waSid).toBe(sent[1]!.sid);
  });

  test('21610 marks the conversation opted out; later sends are skipped without calling Twilio', async () => {
    const customer = randomWhatsApp();
    h.stack.twilio.failNext({ status: 400, code: 21610 });
    const refused = await h.activities.sendReply(reply(customer));
    expect(refused.status).toBe('failed');
    expect(await rowOf(refused.messageId)).toMatchObject({ status: 'failed', errorCode: 21610 });
    const conversation = await h.deps.prisma.conversation.findUniqueOrThrow({
      where: { restaurantId_customerWa: { restaurantId: restaurant.tenant.id, customerWa: customer } },
    });
    expect(conversation.optedOut).toBe(true);

    const calls = h.stack.twilio.requests.length;
    const later = await h.activities.sendReply(reply(customer));
    expect(later.status).toBe('skipped');
    expect(h.stack.twilio.requests.length).toBe(calls);
    expect(await rowOf(later.messageId)).toMatchObject({ status: 'failed', failureReason: 'opted_out', errorCode: 21610 });
  });

  test('an inactive restaurant sends nothing; the skipped message can be replayed once it is active', async () => {
    const inactive = await h.stack.createRestaurant({ isActive: false });
    const customer = randomWhatsApp();
    const args = { ...reply(customer), restaurantId: inactive.tenant.id };
    const result = await h.activities.sendReply(args);
    expect(result.status).toBe('skipped');
    await expect(h.activities.sendReply(args)).resolves.toEqual(result);
    expect(h.stack.twilio.requests).toHaveLength(0);
    expect(await rowOf(result.messageId)).toMatchObject({
      status: 'failed',
      failureReason: 'restaurant_inactive',
      errorMessage: 'restaurant inactive',
    });

    // Ops replay (as the failed-sends retry does): back to queued, sent through its row.
    await h.deps.prisma.restaurantBot.update({ where: { id: inactive.tenant.id }, data: { isActive: true } });
    await h.deps.prisma.message.update({
      where: { id: result.messageId },
      data: { status: 'queued', errorMessage: null, failureReason: null },
    });
    const replayed = await h.activities.sendReply({
      ...args,
      sender: 'agent',
      messageId: result.messageId,
      idempotencyKey: `agent:${result.messageId}`,
    });
    expect(replayed).toMatchObject({ messageId: result.messageId, status: 'sent' });
    expect(h.stack.twilio.sentMessages({ to: customer })).toHaveLength(1);
  });

  test('an agent message recorded by the API is sent from its own row', async () => {
    const customer = randomWhatsApp();
    const conversation = await h.deps.prisma.conversation.create({ data: { restaurantId: restaurant.tenant.id, customerWa: customer } });
    const agentRow = await h.deps.prisma.message.create({
      data: {
        restaurantId: restaurant.tenant.id,
        conversationId: conversation.id,
        direction: 'OUT',
        sender: 'agent',
        status: 'queued',
        body: 'Your order is on its way, sorry for the wait',
      },
    });
    const args = { ...reply(customer, agentRow.body), sender: 'agent' as const, messageId: agentRow.id, reply: { body: agentRow.body } };
    const result = await h.activities.sendReply(args);
    expect(result).toMatchObject({ messageId: agentRow.id, status: 'sent' });
    await h.activities.sendReply(args);
    const sent = h.stack.twilio.sentMessages({ to: customer });
    expect(sent.map((m) => m.body)).toEqual([agentRow.body]);
  });

  describe('reply latency (sufrah_reply_latency_seconds), from the customer message it first answers', () => {
    const observed = async () => {
      const { values } = await h.deps.metrics.endToEnd.get();
      const of = (name: string) => values.find((v) => v.metricName === `sufrah_reply_latency_seconds_${name}`)?.value ?? 0;
      return { count: of('count'), sum: of('sum') };
    };

    test('is measured from the receivedAt the workflow passes, with no message row to read', async () => {
      const before = await observed();
      const receivedAt = new Date(Date.now() - 5_000).toISOString();
      await h.activities.sendReply({
        ...reply(randomWhatsApp()),
        inboundSid: `SM${randomUUID().replace(/-/g, '')}`,
        inboundReceivedAt: receivedAt,
      });
      const after = await observed();
      expect(after.count - before.count).toBe(1);
      expect(after.sum - before.sum).toBeGreaterThanOrEqual(5);
      expect(after.sum - before.sum).toBeLessThan(10);
    });

    test('without receivedAt (a run from before it was passed) reads the stored message', async () => {
      const customer = randomWhatsApp();
      const conversation = await h.deps.prisma.conversation.create({ data: { restaurantId: restaurant.tenant.id, customerWa: customer } });
      const waSid = `SM${randomUUID().replace(/-/g, '')}`;
      await h.deps.prisma.message.create({
        data: {
          restaurantId: restaurant.tenant.id,
          conversationId: conversation.id,
          direction: 'IN',
          sender: 'customer',
          status: 'received',
          waSid,
          body: 'hi',
          createdAt: new Date(Date.now() - 3_000),
        },
      });
      const before = await observed();
      await h.activities.sendReply({ ...reply(customer), inboundSid: waSid });
      const after = await observed();
      expect(after.count - before.count).toBe(1);
      expect(after.sum - before.sum).toBeGreaterThanOrEqual(3);
      expect(after.sum - before.sum).toBeLessThan(8);
    });
  });

  test('bad credentials (20003) fail the message permanently and never appear in its error', async () => {
    const rotated = await h.stack.createRestaurant();
    h.stack.twilio.addAccount(rotated.tenant.twilioAccountSid, 'f'.repeat(32));
    const result = await h.activities.sendReply({ ...reply(randomWhatsApp()), restaurantId: rotated.tenant.id });
    expect(result.status).toBe('failed');
    const row = await rowOf(result.messageId);
    expect(row.errorCode).toBe(20003);
    expect(row.errorMessage).not.toContain(rotated.authToken);
  });
});
