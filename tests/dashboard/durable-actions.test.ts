// Staff actions are as durable as webhooks (SPEC §7), on the real stack: recorded and answered 2xx
// while Temporal is unreachable from the API that took them, delivered by a dispatcher once it can
// be reached, and a status change that starts a fresh workflow run is still told to the customer.
import { loadConfig } from '../../src/config';
import { closeApiDeps, createApiDeps } from '../../src/api/deps';
import { createDispatcher } from '../../src/dispatch/dispatcher';
import { startApi, type RunningApi } from '../../src/server';
import { eventually } from '../support/eventually';
import { startStack, type TestRestaurant, type TestStack } from '../support/stack';
import { conversationsWith, TestCustomer } from '../workflow/helpers';
import { mintToken } from './helpers';

let stack: TestStack;
let restaurant: TestRestaurant;
let cutOff: RunningApi;
let token: string;

beforeAll(async () => {
  stack = await startStack({ api: true, worker: true });
  restaurant = await stack.createRestaurant({ locale: 'en' });
  token = await mintToken(stack, restaurant.tenant.id, 'owner');
  // An API copy that cannot reach Temporal (its dispatcher never runs here: it would fail too).
  const config = loadConfig({
    ...process.env,
    TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
    TWILIO_API_BASE_URL: stack.config.TWILIO_API_BASE_URL!,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    WEBHOOK_SIGNAL_TIMEOUT_MS: '500',
  });
  cutOff = await startApi(createApiDeps(config), 0);
});
afterAll(async () => {
  await cutOff.stop();
  await closeApiDeps(cutOff.deps);
  await stack.stop();
});

const call = async (api: RunningApi, method: 'POST' | 'PATCH', path: string, body: unknown) => {
  const res = await fetch(`${api.url}/api/restaurants/${restaurant.tenant.id}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/** The dispatcher of an API that reaches Temporal, taking work of any age. */
const dispatchNow = () =>
  createDispatcher({
    prisma: stack.prisma,
    conversations: stack.conversations,
    log: stack.api!.deps.log,
    settings: { signalTimeoutMs: 5_000, intervalMs: 60_000, minAgeMs: 0, batchSize: 100 },
  }).drain();

async function conversationIdOf(customer: TestCustomer): Promise<string> {
  const row = await stack.prisma.conversation.findUniqueOrThrow({
    where: { restaurantId_customerWa: { restaurantId: restaurant.tenant.id, customerWa: customer.customerWa } },
  });
  return row.id;
}

test('a hand-back while Temporal is unreachable answers 200, and the bot answers the next message', async () => {
  const customer = new TestCustomer(stack, restaurant);
  await customer.text('hi');
  const conversationId = await conversationIdOf(customer);
  expect((await call(stack.api!, 'POST', `/conversations/${conversationId}/bot`, { enabled: false })).status).toBe(200);
  await customer.send({ kind: 'text', text: 'anyone?' });
  await customer.expectNoMoreReplies(1, 800);

  const handBack = await call(cutOff, 'POST', `/conversations/${conversationId}/bot`, { enabled: true });
  expect(handBack).toMatchObject({ status: 200, body: { isBotActive: true, status: 'ACTIVE' } });
  // The workflow has not heard of it; the customer writes again and is answered.
  expect(await customer.text('hello again')).toContain('How can we help you today?');

  // The recorded action still reaches the workflow (in order, harmlessly) once dispatched.
  expect(await dispatchNow()).toBeGreaterThanOrEqual(1);
  await expect(stack.prisma.conversationAction.count({ where: { conversationId, dispatchedAt: null } })).resolves.toBe(0);
  await expect(customer.state()).resolves.toMatchObject({ botEnabled: true });
});

test('an order status change and an agent message while Temporal is unreachable are 2xx, then told in order', async () => {
  const customer = new TestCustomer(stack, restaurant);
  await customer.text('hi');
  await customer.startPickup('Olaya Branch');
  await customer.addToCart('Grills', 'Shish Tawook', 1);
  const { orderReference } = await customer.checkOut('cash');
  const order = await stack.prisma.order.findUniqueOrThrow({ where: { orderReference } });
  const before = customer.received().length;

  const moved = await call(cutOff, 'PATCH', `/orders/${order.id}`, { status: 'PREPARING' });
  expect(moved).toMatchObject({ status: 200, body: { status: 'PREPARING' } });
  const sent = await call(cutOff, 'POST', `/conversations/${order.conversationId}/send`, { text: 'It will be 10 minutes' });
  expect(sent.status).toBe(202);
  await customer.expectNoMoreReplies(before, 500);

  // (The database is shared with earlier test files: the count may include their leftovers.)
  expect(await dispatchNow()).toBeGreaterThanOrEqual(2);
  await expect(
    stack.prisma.conversationAction.count({ where: { conversationId: order.conversationId, dispatchedAt: null } }),
  ).resolves.toBe(0);
  const told = (await customer.waitForReplies(before + 2)).slice(before);
  expect(told[0]).toContain(`Update on your order ${orderReference}: it is now being prepared`);
  expect(told[1]).toBe('It will be 10 minutes');
  await customer.expectNoMoreReplies(before + 2, 500);
});

test('a status change that starts a fresh run after the conversation went idle is told to the customer', async () => {
  const customer = new TestCustomer(stack, restaurant, undefined, conversationsWith(stack, { conversationIdleMs: 2_000 }));
  await customer.text('hi');
  await customer.startPickup('Olaya Branch');
  await customer.addToCart('Drinks', 'Laban', 1);
  const { orderReference } = await customer.checkOut('cash');
  const order = await stack.prisma.order.findUniqueOrThrow({ where: { orderReference } });
  const first = await stack.temporal.client.workflow.getHandle(customer.workflowId).describe();
  await eventually(
    async () =>
      expect((await stack.temporal.client.workflow.getHandle(customer.workflowId, first.runId).describe()).status.name).toBe('COMPLETED'),
    { timeoutMs: 10_000, what: 'the idle run to complete' },
  );
  const before = customer.received().length;

  expect((await call(stack.api!, 'PATCH', `/orders/${order.id}`, { status: 'PREPARING' })).status).toBe(200);
  const [told] = (await customer.waitForReplies(before + 1)).slice(before);
  expect(told).toContain(`Update on your order ${orderReference}: it is now being prepared`);
  await eventually(async () =>
    expect(await stack.prisma.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ notifiedStatus: 'PREPARING' }),
  );
});
