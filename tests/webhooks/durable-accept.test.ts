// A webhook that got 200 is never lost (SPEC §7): with Temporal unreachable messages are stored,
// and once an API that reaches Temporal runs, its dispatcher hands every one over, answered once.
import { loadConfig } from '../../src/config';
import { closeApiDeps, createApiDeps, dispatchDepsOf } from '../../src/api/deps';
import { startApi, type RunningApi } from '../../src/server';
import { createDispatcher } from '../../src/dispatch/dispatcher';
import { startStack, randomWhatsApp, type TestStack, type TestRestaurant } from '../support/stack';
import { eventually } from '../support/eventually';
import { inboundParams, postSigned, withConcurrency, type WebhookTarget } from '../support/twilio-webhook';

const PATH = '/whatsapp/webhook';

let stack: TestStack;
let restaurant: TestRestaurant;
const running: RunningApi[] = [];

async function api(env: Record<string, string> = {}): Promise<RunningApi> {
  const config = loadConfig({
    ...process.env,
    TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
    TWILIO_API_BASE_URL: stack.config.TWILIO_API_BASE_URL!,
    ...env,
  });
  const started = await startApi(createApiDeps(config), 0);
  running.push(started);
  return started;
}

/** `sufrah_handoffs_total` of one API copy, `{ "api failed": n, ... }`. */
async function handoffs(instance: RunningApi): Promise<Record<string, number>> {
  const { values } = await instance.deps.metrics.handoffs.get();
  return Object.fromEntries(values.map((v) => [`${v.labels.by} ${v.labels.outcome}`, v.value]));
}

async function stopApi(instance: RunningApi): Promise<void> {
  running.splice(running.indexOf(instance), 1);
  await instance.stop();
  await closeApiDeps(instance.deps);
}

beforeAll(async () => {
  // Worker only: the APIs of this file are started by the tests, one of them cut off from Temporal.
  stack = await startStack({ worker: true });
  restaurant = await stack.createRestaurant({ locale: 'en' });
});

afterAll(async () => {
  for (const instance of [...running]) await stopApi(instance);
  await stack.stop();
});

test('Temporal unreachable: 20 webhooks → all 200 and stored; once Temporal is reachable all 20 are answered, once each', async () => {
  // A customer message's signal may run until the dispatcher's turn (less 0.5 s): here 1 s.
  const cutOff = await api({ TEMPORAL_ADDRESS: '127.0.0.1:1', WEBHOOK_SIGNAL_TIMEOUT_MS: '1000', DISPATCH_MIN_AGE_MS: '1500' });
  const target: WebhookTarget = { apiUrl: cutOff.url, publicBaseUrl: cutOff.deps.config.PUBLIC_BASE_URL, authToken: restaurant.authToken };
  const customers = Array.from({ length: 20 }, () => randomWhatsApp());
  const messages = customers.map((customer) => inboundParams(restaurant.tenant.whatsappFrom, { Body: 'hi' }, customer));
  const sids = messages.map((m) => m.MessageSid!);

  const started = Date.now();
  const answers = await withConcurrency(
    5,
    messages.map((params) => () => postSigned(target, PATH, params)),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
  // One signal times out; the rest skip straight to storage instead of each waiting for Temporal.
  expect(Date.now() - started).toBeLessThan(8_000);

  const stored = await stack.prisma.message.findMany({ where: { waSid: { in: sids } } });
  expect(stored).toHaveLength(20);
  expect(stored.every((m) => m.dispatchedAt === null)).toBe(true);
  // Give the cut-off API's dispatcher a few passes: it cannot signal either, and nothing is lost.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(stack.twilio.sentMessages().filter((m) => customers.includes(m.to))).toHaveLength(0);
  expect(await stack.prisma.message.count({ where: { waSid: { in: sids }, dispatchedAt: null } })).toBe(20);

  // The on-call engineer sees why: signals failed, then the copy cooled off and left them stored.
  const cutOffCounts = await handoffs(cutOff);
  expect(cutOffCounts['api failed']).toBeGreaterThanOrEqual(1);
  expect((cutOffCounts['api failed'] ?? 0) + (cutOffCounts['api cooling'] ?? 0)).toBe(20);
  expect(cutOffCounts['api signalled']).toBeUndefined();

  // "Temporal is back": an API that reaches it; its dispatcher picks the stored messages up.
  const back = Date.now();
  const reaching = await api();
  await eventually(async () => expect(await stack.prisma.message.count({ where: { waSid: { in: sids }, dispatchedAt: null } })).toBe(0), {
    timeoutMs: 10_000,
    what: 'all 20 dispatched',
  });
  for (const customer of customers) await stack.twilio.waitForMessages(1, { to: customer, timeoutMs: 15_000 });
  expect(Date.now() - back).toBeLessThan(15_000);

  // Answered once each: every customer got the same replies, each recorded once and sent once.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const counts = customers.map((customer) => stack.twilio.sentMessages({ to: customer }).length);
  expect(new Set(counts).size).toBe(1);
  const outbound = await stack.prisma.message.findMany({
    where: { direction: 'OUT', restaurantId: restaurant.tenant.id, conversation: { customerWa: { in: customers } } },
  });
  expect(outbound).toHaveLength(counts.reduce((a, b) => a + b, 0));
  for (const sid of sids) expect(outbound.some((m) => m.idempotencyKey?.startsWith(`${sid}:`))).toBe(true);
  expect((await handoffs(reaching))['dispatcher signalled']).toBe(20);

  await stopApi(cutOff);
});

test('the dispatcher keeps a customer\u2019s messages in arrival order', async () => {
  const cutOff = await api({ TEMPORAL_ADDRESS: '127.0.0.1:1', WEBHOOK_SIGNAL_TIMEOUT_MS: '500' });
  const target: WebhookTarget = { apiUrl: cutOff.url, publicBaseUrl: cutOff.deps.config.PUBLIC_BASE_URL, authToken: restaurant.authToken };
  const customer = randomWhatsApp();
  const first = inboundParams(restaurant.tenant.whatsappFrom, { Body: 'hi' }, customer);
  const second = inboundParams(restaurant.tenant.whatsappFrom, { ButtonPayload: 'new_order', Body: 'New order' }, customer);
  expect((await postSigned(target, PATH, first)).status).toBe(200);
  expect((await postSigned(target, PATH, second)).status).toBe(200);
  await stopApi(cutOff);

  // A pass of the dispatcher of the API that reaches Temporal (its own timer may get there first).
  const { deps } = running[0]!;
  await new Promise((resolve) => setTimeout(resolve, deps.config.DISPATCH_MIN_AGE_MS));
  // While the API's own dispatcher holds the conversation's lock, this pass skips it: pass again.
  await eventually(
    async () => {
      await createDispatcher(dispatchDepsOf(deps)).drain();
      const rows = await stack.prisma.message.findMany({ where: { waSid: { in: [first.MessageSid!, second.MessageSid!] } } });
      expect(rows.every((m) => m.dispatchedAt !== null)).toBe(true);
    },
    { timeoutMs: 15_000, what: 'both messages dispatched' },
  );
  // Handled in arrival order, each once: the welcome answers 'hi', then new_order asks for the order type.
  await stack.twilio.waitForMessages(2, { to: customer, timeoutMs: 15_000 });
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // room for a duplicate or stray reply to show up
  const replies = stack.twilio.sentMessages({ to: customer });
  expect(replies.map((m) => m.body)).toEqual([
    expect.stringContaining('Welcome to Test Grill'),
    expect.stringContaining('Delivery or pickup?'),
  ]);
  // Each reply is recorded against the message it answers (outbox key `<inbound MessageSid>:<n>`).
  const outbound = await eventually(
    async () => {
      const rows = await stack.prisma.message.findMany({
        where: { direction: 'OUT', conversation: { customerWa: customer } },
        orderBy: { createdAt: 'asc' },
      });
      expect(rows.map((m) => m.waSid)).toEqual(replies.map((m) => m.sid));
      return rows;
    },
    { timeoutMs: 5_000, what: 'both replies recorded with their SIDs' },
  );
  expect(outbound.map((m) => m.idempotencyKey?.split(':')[0])).toEqual([first.MessageSid, second.MessageSid]);
});

test('the database unreachable → 503 (nothing could be stored, so Twilio retries)', async () => {
  const noDb = await api({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' });
  const target: WebhookTarget = { apiUrl: noDb.url, publicBaseUrl: noDb.deps.config.PUBLIC_BASE_URL, authToken: restaurant.authToken };
  const params = inboundParams(restaurant.tenant.whatsappFrom, { Body: 'hi' });
  const res = await postSigned(target, PATH, params);
  expect(res.status).toBe(503);
  expect(JSON.parse(res.text).error.code).toBe('unavailable');
  await stopApi(noDb);
});
