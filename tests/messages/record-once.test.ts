// A customer message is stored once per MessageSid and a reply once per idempotency key (real
// PostgreSQL), also when copies arrive at once: the first copy creates the row, every other copy
// learns that it exists (an inbound: not created; a reply: the first row, as it is now).
import { storeArrival, type ArrivingMessage } from '../../src/messages/inbound';
import { recordReply, type NewReply } from '../../src/messages/outbox';
import { newMessageSid, textArrival } from '../support/twilio-webhook';
import { randomWhatsApp, startStack, type TestRestaurant, type TestStack } from '../support/stack';

let stack: TestStack;
let restaurant: TestRestaurant;

beforeAll(async () => {
  stack = await startStack();
  restaurant = await stack.createRestaurant({ locale: 'en' });
});
afterAll(() => stack?.stop());

const store = (hook: ArrivingMessage) => storeArrival(stack.prisma, restaurant.tenant.id, hook, 'allowed', new Date());

test('a MessageSid stored again is not created twice, nor counted twice as unread', async () => {
  const hook = textArrival(randomWhatsApp());
  const first = await store(hook);
  expect(first.created).toBe(true);
  expect(await store(hook)).toEqual({ created: false });
  expect(await stack.prisma.message.count({ where: { waSid: hook.messageSid } })).toBe(1);
  const conversation = await stack.prisma.conversation.findUniqueOrThrow({
    where: { id: first.created ? first.message.conversationId : '' },
  });
  expect(conversation.unreadCount).toBe(1);
});

test('five copies of one MessageSid at once: one is created, four are told it exists', async () => {
  const hook = textArrival(randomWhatsApp());
  const results = await Promise.all(Array.from({ length: 5 }, () => store(hook)));
  expect(results.filter((r) => r.created)).toHaveLength(1);
  expect(await stack.prisma.message.count({ where: { waSid: hook.messageSid } })).toBe(1);
});

test('a reply recorded again (a retried activity, attempts racing) is one row, returned as it is now', async () => {
  const stored = await store(textArrival(randomWhatsApp()));
  if (!stored.created) throw new Error('not stored');
  const reply: NewReply = {
    restaurantId: restaurant.tenant.id,
    conversationId: stored.conversation.id,
    sender: 'bot',
    idempotencyKey: `reply:${newMessageSid()}`,
    body: 'Welcome!',
  };
  const first = await recordReply(stack.prisma, reply);
  await stack.prisma.message.update({ where: { id: first.id }, data: { status: 'sent', waSid: newMessageSid() } });
  const again = await recordReply(stack.prisma, { ...reply, body: 'a different body' });
  expect(again).toMatchObject({ id: first.id, status: 'sent', body: 'Welcome!' });

  const racing = { ...reply, idempotencyKey: `reply:${newMessageSid()}` };
  const rows = await Promise.all(Array.from({ length: 5 }, () => recordReply(stack.prisma, racing)));
  expect(new Set(rows.map((r) => r.id)).size).toBe(1);
  expect(await stack.prisma.message.count({ where: { idempotencyKey: racing.idempotencyKey } })).toBe(1);
});
