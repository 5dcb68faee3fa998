// Opt-out through Twilio's webhooks (real API, worker, Temporal, the Twilio fake): the webhook's
// signal says whether the customer is opted out as it stored the message; when that disagrees
// with what the workflow itself just did (STOP or START still being handled), the workflow reads
// the conversation again rather than trusting the older picture. A 21610 status callback opts out.
import { startStack, randomWhatsApp, type TestRestaurant, type TestStack } from '../support/stack';
import { inboundParams, postSigned, statusParams, type WebhookTarget } from '../support/twilio-webhook';

let stack: TestStack;
let restaurant: TestRestaurant;
let target: WebhookTarget;

beforeAll(async () => {
  stack = await startStack({ api: true, worker: true });
  restaurant = await stack.createRestaurant({ locale: 'en' });
  target = { apiUrl: stack.api!.url, publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken: restaurant.authToken };
});
afterAll(() => stack?.stop());

async function post(customer: string, body: string): Promise<void> {
  const res = await postSigned(target, '/whatsapp/webhook', inboundParams(restaurant.tenant.whatsappFrom, { Body: body }, customer));
  expect(res.status).toBe(200);
}

const bodies = (customer: string) => stack.twilio.sentMessages({ to: customer }).map((m) => m.body);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('messages right behind STOP get nothing; a message right behind START is answered', async () => {
  const customer = randomWhatsApp();
  await post(customer, 'hi');
  await stack.twilio.waitForMessages(1, { to: customer, timeoutMs: 20_000 });
  // Stored (and signalled as "opted in") most likely before the workflow has handled STOP.
  await post(customer, 'STOP');
  await post(customer, 'menu');
  await post(customer, 'hello?');
  await stack.twilio.waitForMessages(2, { to: customer, timeoutMs: 20_000 });
  await sleep(1_500);
  expect(bodies(customer)).toHaveLength(2);
  expect(bodies(customer)[1]).toContain('unsubscribed');

  await post(customer, 'START');
  await post(customer, 'track'); // stored (and signalled as "opted out") before START is handled
  const replies = await stack.twilio.waitForMessages(4, { to: customer, timeoutMs: 20_000 });
  expect(replies[2]!.body).toContain('Welcome back');
  expect(replies[3]!.body).not.toContain('Welcome back');
});

test('a 21610 status callback opts the customer out: their next message gets nothing', async () => {
  const customer = randomWhatsApp();
  await post(customer, 'hi');
  const [reply] = await stack.twilio.waitForMessages(1, { to: customer, timeoutMs: 20_000 });
  const callback = statusParams(restaurant.tenant.whatsappFrom, customer, reply!.sid, 'failed', { ErrorCode: '21610' });
  expect((await postSigned(target, '/whatsapp/status', callback)).status).toBe(200);
  await post(customer, 'menu');
  await sleep(1_500);
  expect(bodies(customer)).toHaveLength(1);
  await post(customer, 'START');
  const [, back] = await stack.twilio.waitForMessages(2, { to: customer, timeoutMs: 20_000 });
  expect(back!.body).toContain('Welcome back');
});
