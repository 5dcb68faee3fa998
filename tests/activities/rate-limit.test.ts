// Outbound rate limits per restaurant (SPEC §7): over maxMessagesPerMin a send is delayed, never
// dropped, and goes out once the window has passed; with Redis down sends still go out.
import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../src/activities';
import type { SendReplyArgs } from '../../src/workflows/contract';
import { OUTBOUND_KEY_PREFIX } from '../../src/activities/outbound-limit';
import { createActivityDeps } from '../../src/worker';
import { randomWhatsApp, type TestRestaurant } from '../support/stack';
import { rejectionOf, startActivityHarness, type ActivityHarness } from './harness';

let h: ActivityHarness;
let restaurant: TestRestaurant;

beforeAll(async () => {
  h = await startActivityHarness();
  restaurant = await h.stack.createRestaurant({ maxMessagesPerMin: 2 });
});
afterAll(() => h.close());

let seq = 0;
const reply = (restaurantId: string, customerWa: string): SendReplyArgs => ({
  restaurantId,
  customerWa,
  idempotencyKey: `rate-limit-${process.pid}-${Date.now()}-${++seq}`,
  reply: { body: `message ${seq}` },
  sender: 'bot',
});

test('over maxMessagesPerMin the send is delayed with a next retry delay, then goes out', async () => {
  const customer = randomWhatsApp();
  const { id } = restaurant.tenant;
  await h.activities.sendReply(reply(id, customer));
  await h.activities.sendReply(reply(id, customer));
  const third = reply(id, customer);
  const before = await h.deps.metrics.rateLimited.get();

  const err = await rejectionOf(h.activities.sendReply(third));
  expect(err).toBeInstanceOf(ApplicationFailure);
  const failure = err as ApplicationFailure;
  expect(failure.type).toBe('RateLimited');
  expect(failure.nonRetryable).toBeFalsy();
  expect(failure.nextRetryDelay).toBeGreaterThan(0);
  expect(failure.nextRetryDelay).toBeLessThanOrEqual(60_000);
  expect(h.stack.twilio.sentMessages({ to: customer })).toHaveLength(2);
  // Recorded, waiting: not dropped.
  const waiting = await h.deps.prisma.message.findUniqueOrThrow({ where: { idempotencyKey: third.idempotencyKey } });
  expect(waiting.status).toBe('queued');
  const after = await h.deps.metrics.rateLimited.get();
  const count = (m: typeof before) => m.values.find((v) => v.labels['scope'] === 'restaurant_minute')?.value ?? 0;
  expect(count(after)).toBe(count(before) + 1);

  // The minute passes (shortened here by expiring the window's key).
  await h.deps.redis.pexpire(`${OUTBOUND_KEY_PREFIX.minute}:${id}`, 50);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const retried = await h.activities.sendReply(third);
  expect(retried.status).toBe('sent');
  expect(h.stack.twilio.sentMessages({ to: customer })).toHaveLength(3);
});

test('limits are per restaurant: one restaurant over its limit does not delay another', async () => {
  const busy = await h.stack.createRestaurant({ maxMessagesPerMin: 1 });
  const quiet = await h.stack.createRestaurant({ maxMessagesPerMin: 1 });
  const customer = randomWhatsApp();
  await h.activities.sendReply(reply(busy.tenant.id, customer));
  await expect(h.activities.sendReply(reply(busy.tenant.id, customer))).rejects.toBeInstanceOf(ApplicationFailure);
  await expect(h.activities.sendReply(reply(quiet.tenant.id, customer))).resolves.toMatchObject({ status: 'sent' });
});

test('the daily limit delays sends too', async () => {
  const daily = await h.stack.createRestaurant({ maxMessagesPerDay: 1 });
  const customer = randomWhatsApp();
  await h.activities.sendReply(reply(daily.tenant.id, customer));
  const err = await rejectionOf(h.activities.sendReply(reply(daily.tenant.id, customer)));
  expect((err as ApplicationFailure).type).toBe('RateLimited');
  expect((err as ApplicationFailure).nextRetryDelay).toBeGreaterThan(60_000);
});

test('with Redis down, replies are still sent (uncounted) and the activity succeeds', async () => {
  // A Redis URL where nothing listens: limiter and event publisher both fail fast.
  const deps = createActivityDeps({ ...h.stack.config, REDIS_URL: 'redis://127.0.0.1:1' });
  deps.redis.on('error', () => undefined);
  try {
    const activities = createActivities(deps);
    const customer = randomWhatsApp();
    const result = await activities.sendReply(reply(restaurant.tenant.id, customer));
    expect(result.status).toBe('sent');
    expect(h.stack.twilio.sentMessages({ to: customer })).toHaveLength(1);
  } finally {
    deps.redis.disconnect();
    await deps.prisma.$disconnect();
  }
});
