// Twilio delivers a webhook more than once; each customer message is stored once and answered once.
import { loadConfig } from '../../src/config';
import { closeApiDeps, createApiDeps } from '../../src/api/deps';
import { startApi, type RunningApi } from '../../src/server';
import { idempotencyKey } from '../../src/api/webhooks/inbound';
import { startStack, randomWhatsApp, type TestStack, type TestRestaurant } from '../support/stack';
import { eventually } from '../support/eventually';
import { inboundParams, postSigned, type WebhookTarget } from '../support/twilio-webhook';

const PATH = '/whatsapp/webhook';

let stack: TestStack;
let restaurant: TestRestaurant;
let target: WebhookTarget;

beforeAll(async () => {
  stack = await startStack({ api: true, worker: true });
  restaurant = await stack.createRestaurant({ locale: 'en' });
  target = { apiUrl: stack.api!.url, publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken: restaurant.authToken };
});

afterAll(() => stack?.stop());

const to = () => restaurant.tenant.whatsappFrom;
const settle = (ms = 2_000) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for the first reply, gives a duplicate time to produce a second, returns all replies. */
async function repliesTo(customer: string) {
  await stack.twilio.waitForMessages(1, { to: customer, timeoutMs: 20_000 });
  await settle();
  return stack.twilio.sentMessages({ to: customer });
}

test('the same MessageSid five times at once → all 200, one row, one reply', async () => {
  const customer = randomWhatsApp();
  const params = inboundParams(to(), { Body: 'hi' }, customer);
  const answers = await Promise.all(Array.from({ length: 5 }, () => postSigned(target, PATH, params)));
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
  expect(await stack.prisma.message.count({ where: { waSid: params.MessageSid } })).toBe(1);

  const single = randomWhatsApp();
  await postSigned(target, PATH, inboundParams(to(), { Body: 'hi' }, single));
  // As many replies as one delivery of the same message gets: the duplicates added none.
  expect((await repliesTo(customer)).length).toBe((await repliesTo(single)).length);
  const conversation = await stack.prisma.conversation.findFirstOrThrow({
    where: { restaurantId: restaurant.tenant.id, customerWa: customer },
  });
  expect(conversation.unreadCount).toBe(1);
});

test('a retry after acceptance → 200, counted and audited as a duplicate', async () => {
  const params = inboundParams(to());
  expect((await postSigned(target, PATH, params)).status).toBe(200);
  expect(await stack.redis.ttl(idempotencyKey(params.MessageSid!))).toBeGreaterThan(0);
  const retry = await postSigned(target, PATH, params, { headers: { 'x-request-id': `dup-${params.MessageSid}` } });
  expect(retry.status).toBe(200);
  expect(retry.text).toBe('<Response></Response>');
  const audit = await eventually(
    async () => {
      const row = await stack.prisma.auditLog.findFirst({ where: { requestId: `dup-${params.MessageSid}` } });
      expect(row).not.toBeNull();
      return row!;
    },
    { timeoutMs: 5_000, what: 'the retry audited' },
  );
  expect(audit.outcome).toBe('duplicate');
  expect(await stack.prisma.message.count({ where: { waSid: params.MessageSid } })).toBe(1);
});

test('a message that could not be stored → 503, and Twilio\u2019s retry is not dropped as a duplicate', async () => {
  // Fault injection in the test database: inserts of this one message fail until the trigger goes.
  const customer = randomWhatsApp();
  const params = inboundParams(to(), { Body: 'hi' }, customer);
  await stack.prisma.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION webhook_test_fail_insert() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'injected storage failure'; END $$ LANGUAGE plpgsql`);
  await stack.prisma.$executeRawUnsafe(`
    CREATE TRIGGER webhook_test_fail BEFORE INSERT ON "Message"
    FOR EACH ROW WHEN (NEW."waSid" = '${params.MessageSid}') EXECUTE FUNCTION webhook_test_fail_insert()`);
  try {
    const res = await postSigned(target, PATH, params);
    expect(res.status).toBe(503);
    expect(await stack.redis.exists(idempotencyKey(params.MessageSid!))).toBe(0);
  } finally {
    await stack.prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS webhook_test_fail ON "Message"`);
  }
  const retry = await postSigned(target, PATH, params);
  expect(retry.status).toBe(200);
  expect(await stack.prisma.message.count({ where: { waSid: params.MessageSid } })).toBe(1);
  await stack.twilio.waitForMessages(1, { to: customer, timeoutMs: 20_000 });
});

describe('with Redis unreachable', () => {
  let api: RunningApi;

  beforeAll(async () => {
    const deps = createApiDeps(loadConfig({ ...process.env, ...envOf(stack), REDIS_URL: 'redis://127.0.0.1:1' }));
    api = await startApi(deps, 0);
  });

  afterAll(async () => {
    await api.stop();
    await closeApiDeps(api.deps);
  });

  test('messages are still accepted, stored and answered; the database dedupes', async () => {
    const customer = randomWhatsApp();
    const params = inboundParams(to(), { Body: 'hi' }, customer);
    const viaBroken = { ...target, apiUrl: api.url };
    const answers = await Promise.all([postSigned(viaBroken, PATH, params), postSigned(viaBroken, PATH, params)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(await stack.prisma.message.count({ where: { waSid: params.MessageSid } })).toBe(1);
    await stack.twilio.waitForMessages(1, { to: customer, timeoutMs: 20_000 });
  });
});

/** The stack's own settings (task queue, Twilio fake) for a second API instance. */
function envOf(s: TestStack): Record<string, string> {
  return {
    TEMPORAL_TASK_QUEUE: s.config.TEMPORAL_TASK_QUEUE,
    TWILIO_API_BASE_URL: s.config.TWILIO_API_BASE_URL!,
    PUBLIC_BASE_URL: s.config.PUBLIC_BASE_URL,
  };
}

test('a pending duplicate is stored only once even when Redis lost the key', async () => {
  const params = inboundParams(to());
  expect((await postSigned(target, PATH, params)).status).toBe(200);
  await stack.redis.del(idempotencyKey(params.MessageSid!));
  expect((await postSigned(target, PATH, params)).status).toBe(200);
  expect(await stack.prisma.message.count({ where: { waSid: params.MessageSid } })).toBe(1);
});
