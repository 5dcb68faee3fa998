// Idempotency-Key on POST …/send and …/retry (issue 15): a repeat answers the first answer and sends
// nothing; the same key with a different request is 422; keys are per restaurant and route; a
// request that failed frees its key.
import { randomUUID } from 'node:crypto';
import { eventually } from '../support/eventually';
import { startStack, type TestStack, type TestRestaurant } from '../support/stack';
import { TestCustomer } from '../workflow/helpers';
import { http, mintToken, seedConversation, seedMessage } from './helpers';

let stack: TestStack;
let restaurant: TestRestaurant;
let token: string;

beforeAll(async () => {
  stack = await startStack({ api: true, worker: true });
  restaurant = await stack.createRestaurant();
  token = await mintToken(stack, restaurant.tenant.id, 'agent');
});
afterAll(() => stack.stop());

const post = (path: string, key: string | undefined, body?: unknown, restaurantId = restaurant.tenant.id, as = token) =>
  http(stack, 'POST', `/api/restaurants/${restaurantId}${path}`, {
    token: as,
    body,
    headers: key === undefined ? {} : { 'idempotency-key': key },
  });

async function liveConversation(): Promise<{ id: string; customer: TestCustomer }> {
  const customer = new TestCustomer(stack, restaurant);
  await customer.text('hi');
  const row = await stack.prisma.conversation.findUniqueOrThrow({
    where: { restaurantId_customerWa: { restaurantId: restaurant.tenant.id, customerWa: customer.customerWa } },
  });
  return { id: row.id, customer };
}

test('the same send twice with one key: the first answer again, one message recorded and sent', async () => {
  const { id, customer } = await liveConversation();
  const key = randomUUID();
  const text = `on its way ${key.slice(0, 6)}`;
  const first = await post(`/conversations/${id}/send`, key, { text });
  const again = await post(`/conversations/${id}/send`, key, { text });
  expect(first.status).toBe(202);
  expect({ status: again.status, body: again.body }).toEqual({ status: first.status, body: first.body });
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(first.headers['idempotent-replayed']).toBeUndefined();

  await eventually(() => expect(customer.received()).toContain(text));
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(customer.received().filter((body) => body === text)).toHaveLength(1);
  expect(await stack.prisma.message.count({ where: { conversationId: id, sender: 'agent', body: text } })).toBe(1);
});

test('concurrent repeats with one key record one message', async () => {
  const { id } = await liveConversation();
  const key = randomUUID();
  const answers = await Promise.all([1, 2, 3].map(() => post(`/conversations/${id}/send`, key, { text: 'once only' })));
  expect(answers.map((a) => a.status).filter((s) => s === 202).length).toBeGreaterThanOrEqual(1);
  expect(answers.every((a) => a.status === 202 || a.status === 409)).toBe(true);
  expect(await stack.prisma.message.count({ where: { conversationId: id, sender: 'agent', body: 'once only' } })).toBe(1);
});

test('the same key with a different body or another conversation → 422, nothing recorded', async () => {
  const { id } = await liveConversation();
  const other = await liveConversation();
  const key = randomUUID();
  expect((await post(`/conversations/${id}/send`, key, { text: 'first' })).status).toBe(202);
  const changed = await post(`/conversations/${id}/send`, key, { text: 'second' });
  expect(changed.status).toBe(422);
  expect(changed.body.error.code).toBe('idempotency_key_reused');
  expect((await post(`/conversations/${other.id}/send`, key, { text: 'first' })).status).toBe(422);
  expect(await stack.prisma.message.count({ where: { sender: 'agent', body: 'second' } })).toBe(0);
  expect(await stack.prisma.message.count({ where: { conversationId: other.id, sender: 'agent' } })).toBe(0);
});

test('a key is scoped to its restaurant and route', async () => {
  const { id } = await liveConversation();
  const elsewhere = await stack.createRestaurant();
  const conversation = await seedConversation(stack.prisma, elsewhere.tenant.id);
  const ownerThere = await mintToken(stack, elsewhere.tenant.id, 'owner');
  const failed = await seedMessage(
    stack.prisma,
    { id, restaurantId: restaurant.tenant.id },
    { direction: 'OUT', status: 'failed', waSid: null },
  );
  const key = randomUUID();
  expect((await post(`/conversations/${id}/send`, key, { text: 'here' })).status).toBe(202);
  // Another restaurant, same key: its own request, not a replay and not a conflict.
  const there = await post(`/conversations/${conversation.id}/send`, key, { text: 'there' }, elsewhere.tenant.id, ownerThere);
  expect(there.status).toBe(202);
  expect(there.headers['idempotent-replayed']).toBeUndefined();
  // Another route, same key.
  expect((await post(`/messages/${failed.id}/retry`, key)).status).toBe(202);
});

test('a retry repeated with its key answers the first 202 instead of 409, and is queued once', async () => {
  const { id } = await liveConversation();
  const failed = await seedMessage(
    stack.prisma,
    { id, restaurantId: restaurant.tenant.id },
    { direction: 'OUT', status: 'failed', waSid: null },
  );
  const key = randomUUID();
  const first = await post(`/messages/${failed.id}/retry`, key);
  const again = await post(`/messages/${failed.id}/retry`, key);
  expect(first.status).toBe(202);
  expect({ status: again.status, body: again.body }).toEqual({ status: 202, body: first.body });
  expect((await post(`/messages/${failed.id}/retry`, undefined)).status).toBe(409);
});

test('a request that failed frees its key; a malformed key is 400', async () => {
  const { id } = await liveConversation();
  const key = randomUUID();
  expect((await post('/conversations/no-such-conversation/send', key, { text: 'x' })).status).toBe(404);
  expect((await post(`/conversations/${id}/send`, key, { text: 'x' })).status).toBe(202);
  expect((await post(`/conversations/${id}/send`, 'with space', { text: 'x' })).status).toBe(400);
  expect((await post(`/conversations/${id}/send`, 'k'.repeat(256), { text: 'x' })).status).toBe(400);
});
