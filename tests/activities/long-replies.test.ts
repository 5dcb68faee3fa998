// WhatsApp's 1,600-character limit (SPEC §6) against real Postgres, Redis and the Twilio fake (which
// refuses a longer body with 21617): a long reply goes out as several messages, in order, each
// recorded before it is sent with its own row and key, each sent once however attempts overlap.
import { randomUUID } from 'node:crypto';
import type { SendReplyArgs } from '../../src/workflows/contract';
import { randomWhatsApp, type TestRestaurant } from '../support/stack';
import { retriedLikeTemporal, startActivityHarness, type ActivityHarness } from './harness';

let h: ActivityHarness;
let restaurant: TestRestaurant;

beforeAll(async () => {
  h = await startActivityHarness({ SEND_AMBIGUITY_WINDOW_MS: '200' });
  restaurant = await h.stack.createRestaurant({ interactiveMessages: true });
});
afterAll(() => h.close());
beforeEach(() => h.stack.twilio.reset());

/** About 3,000 characters in lines of words, as a long menu or cart would be. */
const LONG = Array.from({ length: 60 }, (_, i) => `${i + 1}. Mixed grill platter with rice and salad`).join('\n');

const args = (customerWa: string, body: string, options = false): SendReplyArgs => ({
  restaurantId: restaurant.tenant.id,
  customerWa,
  idempotencyKey: `SM${randomUUID().replace(/-/g, '')}:0`,
  reply: { body, ...(options ? { options: [{ id: 'checkout', title: 'Checkout' }] } : {}) },
  sender: 'bot',
});

test('a 3,000-character reply arrives as two messages in order, each its own row; the result names the first', async () => {
  expect(LONG.length).toBeGreaterThan(2_600);
  const customer = randomWhatsApp();
  const send = args(customer, LONG);
  const result = await h.activities.sendReply(send);
  const sent = h.stack.twilio.sentMessages({ to: customer });
  expect(sent).toHaveLength(2);
  expect(sent.every((m) => [...m.body].length <= 1600)).toBe(true);
  expect(sent.map((m) => m.body).join('\n')).toBe(LONG);
  expect(sent[0]!.body.endsWith('salad')).toBe(true); // cut at a line
  const rows = await h.deps.prisma.message.findMany({
    where: { idempotencyKey: { startsWith: send.idempotencyKey } },
    orderBy: { createdAt: 'asc' },
  });
  expect(rows.map((r) => [r.idempotencyKey, r.waSid, r.status])).toEqual([
    [send.idempotencyKey, sent[0]!.sid, 'sent'],
    [`${send.idempotencyKey}#2`, sent[1]!.sid, 'sent'],
  ]);
  expect(result).toEqual({ messageId: rows[0]!.id, status: 'sent', waSid: sent[0]!.sid });
  // A retried activity sends nothing again.
  await h.activities.sendReply(send);
  expect(h.stack.twilio.sentMessages({ to: customer })).toHaveLength(2);
});

test('a long reply with options goes as text parts, the numbered options in the last', async () => {
  const customer = randomWhatsApp();
  await h.activities.sendReply(args(customer, LONG, true));
  const sent = h.stack.twilio.sentMessages({ to: customer });
  expect(sent).toHaveLength(2);
  expect(sent.every((m) => m.contentSid === null)).toBe(true);
  expect(sent[1]!.body.endsWith('1. Checkout')).toBe(true);
  expect(h.stack.twilio.contents()).toHaveLength(0);
});

test('a part whose answer was lost is looked up and adopted on retry, never sent twice', async () => {
  const customer = randomWhatsApp();
  const send = args(customer, LONG);
  h.stack.twilio.dropNextResponse();
  await expect(h.activities.sendReply(send)).rejects.toThrow(); // the first part's answer was lost
  const retried = await retriedLikeTemporal(h.activities.sendReply, send);
  const sent = h.stack.twilio.sentMessages({ to: customer });
  expect(sent).toHaveLength(2);
  expect(retried).toMatchObject({ status: 'sent', waSid: sent[0]!.sid });
});

test('no body over 1,600 characters ever reaches Twilio', async () => {
  const customer = randomWhatsApp();
  await h.activities.sendReply(args(customer, 'ش'.repeat(4_000)));
  const creates = h.stack.twilio.requests.filter((r) => r.endpoint === 'messages.create');
  expect(creates).toHaveLength(3);
  expect(creates.every((r) => r.status === 201)).toBe(true);
  expect(h.stack.twilio.sentMessages({ to: customer }).map((m) => [...m.body].length)).toEqual([1600, 1600, 800]);
});
