// Inbound flood control (SPEC §7): over the per-customer limit messages are stored and marked, the
// customer gets one polite notice per window, the bot does not process the excess, Twilio sees 200.
import { startStack, randomWhatsApp, type TestStack, type TestRestaurant } from '../support/stack';
import { eventually } from '../support/eventually';
import { inboundParams, postSigned, withConcurrency, type WebhookTarget } from '../support/twilio-webhook';

const LIMIT = 5;
const PATH = '/whatsapp/webhook';

let stack: TestStack;
let restaurant: TestRestaurant;
let target: WebhookTarget;

beforeAll(async () => {
  stack = await startStack({ api: true, worker: true, env: { INBOUND_MAX_PER_MINUTE: String(LIMIT) } });
  restaurant = await stack.createRestaurant({ locale: 'en' });
  target = { apiUrl: stack.api!.url, publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken: restaurant.authToken };
});

afterAll(() => stack?.stop());

const outboundFor = (customer: string) =>
  stack.prisma.message.findMany({
    where: { direction: 'OUT', conversation: { restaurantId: restaurant.tenant.id, customerWa: customer } },
  });

test('50 messages in one second from one customer → all stored, only the allowed number processed, one notice', async () => {
  const customer = randomWhatsApp();
  const messages = Array.from({ length: 50 }, (_, i) => inboundParams(restaurant.tenant.whatsappFrom, { Body: `hi ${i}` }, customer));
  // A burst: all 50 in flight together, well inside one limit window.
  const answers = await Promise.all(messages.map((params) => postSigned(target, PATH, params)));
  expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200)); // never a 429 for Twilio

  const sids = messages.map((m) => m.MessageSid!);
  const stored = await stack.prisma.message.findMany({ where: { waSid: { in: sids } } });
  expect(stored).toHaveLength(50);
  const allowed = stored.filter((m) => !m.rateLimited);
  const limited = stored.filter((m) => m.rateLimited);
  expect(allowed).toHaveLength(LIMIT);
  expect(limited).toHaveLength(50 - LIMIT);
  const notices = limited.filter((m) => (m.metadata as { throttleNotice?: boolean }).throttleNotice);
  expect(notices).toHaveLength(1);

  // The allowed ones are answered by the bot; the notice goes out once; nothing else.
  await eventually(
    async () => {
      const keys = (await outboundFor(customer)).map((o) => o.idempotencyKey);
      expect(allowed.filter((m) => !keys.some((k) => k?.startsWith(`${m.waSid}:`))).map((m) => m.waSid)).toEqual([]);
      expect(keys).toContain(`${notices[0]!.waSid}:throttled`);
    },
    { timeoutMs: 20_000, what: 'replies to the allowed messages and one notice' },
  );
  await new Promise((resolve) => setTimeout(resolve, 2_000));

  const out = await outboundFor(customer);
  const silent = limited.filter((m) => m !== notices[0]);
  for (const m of silent) expect(out.some((o) => o.idempotencyKey?.startsWith(`${m.waSid}:`))).toBe(false);
  const noticeRows = out.filter((o) => o.idempotencyKey?.endsWith(':throttled'));
  expect(noticeRows).toHaveLength(1);
  const sent = stack.twilio.sentMessages({ to: customer });
  expect(sent.filter((m) => m.body === noticeRows[0]!.body)).toHaveLength(1);
  expect(sent).toHaveLength(out.length);
  // All excess is marked handled (nothing waits for the dispatcher) and visible to agents.
  expect(await stack.prisma.message.count({ where: { waSid: { in: sids }, dispatchedAt: null } })).toBe(0);

  // The counter lives in Redis under the tenant and customer (README runbook: rate limits).
  expect(await stack.redis.exists(`rl:in:${restaurant.tenant.id}:${customer}`)).toBe(1);

  const metrics = await (await fetch(`${target.apiUrl}/metrics`)).text();
  expect(metrics).toMatch(new RegExp(`sufrah_rate_limited_total\\{[^}]*scope="customer"[^}]*\\} ${50 - LIMIT}`));
});

test('the limit is per customer: another customer of the same restaurant is unaffected', async () => {
  const noisy = randomWhatsApp();
  const calm = randomWhatsApp();
  await withConcurrency(
    10,
    Array.from({ length: LIMIT + 3 }, () => () => postSigned(target, PATH, inboundParams(restaurant.tenant.whatsappFrom, {}, noisy))),
  );
  const params = inboundParams(restaurant.tenant.whatsappFrom, { Body: 'hi' }, calm);
  expect((await postSigned(target, PATH, params)).status).toBe(200);
  expect((await stack.prisma.message.findUniqueOrThrow({ where: { waSid: params.MessageSid } })).rateLimited).toBe(false);
  await stack.twilio.waitForMessages(1, { to: calm, timeoutMs: 20_000 });
});
