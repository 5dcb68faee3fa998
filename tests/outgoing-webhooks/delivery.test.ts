// Outgoing restaurant webhooks on the real stack (SPEC §4 "Restaurant webhooks", issue 14 item 1):
// signed posts to a local receiver, retried with the same delivery id, given up as failed and
// replayed, in order per order, and nothing lost across a worker restart. Backoff and give-up age
// are shortened for the test; WEBHOOK_ALLOW_PRIVATE_URLS lets the receiver live on 127.0.0.1.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import type { NewOrder } from '../../src/dialogue/types';
import { createConversationWorker } from '../../src/worker';
import { verifySignature } from '../../src/webhooks/signature';
import { admin, http, mintToken, sleep } from '../dashboard/helpers';
import { eventually } from '../support/eventually';
import { randomWhatsApp, startStack, type TestRestaurant, type TestStack } from '../support/stack';
import { inboundParams, postSigned } from '../support/twilio-webhook';
import { startReceiver, type Receiver } from './receiver';

let stack: TestStack;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await startStack({
    api: true,
    worker: true,
    env: {
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      WEBHOOK_RETRY_INITIAL_MS: '200',
      WEBHOOK_RETRY_MAX_MS: '400',
      WEBHOOK_GIVE_UP_SECONDS: '3',
      DISPATCH_INTERVAL_MS: '200',
      DISPATCH_MIN_AGE_MS: '300',
    },
  });
});
afterAll(async () => {
  await stack.stop();
  await receiver.close();
});

let paths = 0;

/** A restaurant whose webhook points at a path of its own on the receiver; returns its secret. */
async function restaurantWithWebhook(): Promise<{ restaurant: TestRestaurant; path: string; secret: string; token: string }> {
  const restaurant = await stack.createRestaurant();
  const path = `/hook/${++paths}`;
  const res = await admin(stack, 'PUT', `/api/admin/restaurants/${restaurant.tenant.id}/webhook`, { url: receiver.url(path) });
  expect(res.status).toBe(200);
  return { restaurant, path, secret: res.body.secret as string, token: await mintToken(stack, restaurant.tenant.id, 'owner') };
}

let refs = 0;
/** An order placed as the workflow places it (the createOrder activity), but outside Temporal: with no
 * client to signal its queue, order.created goes out through the sweeper — the path of a failed signal. */
async function placeOrder(restaurant: TestRestaurant): Promise<string> {
  const item = restaurant.menu.categories[0]!.items[0]!;
  const order: NewOrder = {
    orderReference: `ORD-W${process.pid % 1000}${++refs}`,
    orderType: 'pickup',
    branchId: restaurant.menu.branches[0]!.id,
    paymentMethod: 'cash',
    status: 'CONFIRMED',
    items: [{ menuItemId: item.id, name: item.nameEn, quantity: 1, unitPrice: item.price, lineTotal: item.price }],
    subtotal: item.price,
    deliveryFee: 0,
    total: item.price,
    currency: 'SAR',
  };
  const activities = createActivities(stack.activityDeps!);
  const { orderId } = await activities.createOrder({ restaurantId: restaurant.tenant.id, customerWa: randomWhatsApp(), order });
  return orderId;
}

const moveOrder = (restaurantId: string, orderId: string, status: string, token: string) =>
  http(stack, 'PATCH', `/api/restaurants/${restaurantId}/orders/${orderId}`, { token, body: { status } });

const deliveryOf = (id: string) => stack.prisma.webhookDelivery.findUniqueOrThrow({ where: { id } });

const outcomes = async () => {
  const { values } = await stack.activityDeps!.metrics.outgoingWebhookDeliveries.get();
  return Object.fromEntries(values.map((v) => [String(v.labels.outcome), v.value]));
};

test('PUT answers the secret once and stores it encrypted; calling again rotates it; DELETE removes it', async () => {
  const { tenant } = await stack.createRestaurant();
  const path = `/api/admin/restaurants/${tenant.id}/webhook`;
  const first = await admin(stack, 'PUT', path, { url: receiver.url('/rotating') });
  expect(first.status).toBe(200);
  expect(first.body).toEqual({ url: receiver.url('/rotating'), secret: expect.stringMatching(/^whsec_/) });
  const stored = await stack.prisma.restaurantWebhook.findUniqueOrThrow({ where: { restaurantId: tenant.id } });
  expect(stored.secret).toMatch(/^v2:/);
  expect(stored.secret).not.toContain(first.body.secret);
  const second = await admin(stack, 'PUT', path, { url: receiver.url('/rotating') });
  expect(second.body.secret).not.toBe(first.body.secret);
  // The public restaurant list never carries it.
  expect(JSON.stringify((await admin(stack, 'GET', '/api/admin/restaurants?limit=200')).body)).not.toContain(second.body.secret);

  expect((await admin(stack, 'PUT', path, { url: 'not a url' })).status).toBe(400);
  expect((await admin(stack, 'PUT', path, { url: 'ftp://example.com/x' })).status).toBe(400);
  expect((await admin(stack, 'PUT', `/api/admin/restaurants/nope/webhook`, { url: receiver.url('/x') })).status).toBe(404);
  const del = () => http(stack, 'DELETE', path, { adminKey: stack.config.ADMIN_API_KEY });
  expect((await del()).status).toBe(204);
  expect((await del()).status).toBe(404);
});

test('order.created is signed with the secret: the receiver verifies X-Sufrah-Signature over the raw body', async () => {
  const { restaurant, path, secret } = await restaurantWithWebhook();
  const orderId = await placeOrder(restaurant);
  const [post] = await eventually(() => {
    const posts = receiver.posts(path);
    expect(posts).toHaveLength(1);
    return posts;
  });
  expect(post!.headers['x-sufrah-event']).toBe('order.created');
  expect(post!.body).toEqual({
    id: post!.headers['x-sufrah-delivery'],
    type: 'order.created',
    createdAt: expect.any(String),
    restaurantId: restaurant.tenant.id,
    data: expect.objectContaining({ id: orderId, status: 'CONFIRMED', items: [expect.objectContaining({ quantity: 1 })] }),
  });
  // As the README shows a receiver doing it, with nothing but node:crypto.
  const header = String(post!.headers['x-sufrah-signature']);
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)!;
  const expected = createHmac('sha256', secret).update(`${t}.${post!.raw}`).digest('hex');
  expect(timingSafeEqual(Buffer.from(v1!), Buffer.from(expected))).toBe(true);
  expect(verifySignature(secret, post!.raw, header)).toBe(true);
  expect(verifySignature('whsec_other', post!.raw, header)).toBe(false);
  expect(verifySignature(secret, post!.raw.replace('CONFIRMED', 'CANCELLED'), header)).toBe(false);
  const row = await eventually(async () => {
    const found = await deliveryOf(post!.body.id);
    expect(found.status).toBe('delivered');
    return found;
  });
  expect(row.signalledAt).toBeInstanceOf(Date);
});

test('a receiver failing twice, then answering 200, gets three posts with one delivery id', async () => {
  const { restaurant, path, token } = await restaurantWithWebhook();
  const before = await outcomes();
  const orderId = await placeOrder(restaurant);
  await eventually(() => expect(receiver.posts(path)).toHaveLength(1));
  receiver.script(path, (n) => (n === 2 || n === 3 ? 500 : 200));
  expect((await moveOrder(restaurant.tenant.id, orderId, 'PREPARING', token)).status).toBe(200);
  const posts = await eventually(() => {
    const all = receiver.posts(path);
    expect(all).toHaveLength(4);
    return all.slice(1);
  });
  expect(new Set(posts.map((p) => p.headers['x-sufrah-delivery'])).size).toBe(1);
  expect(posts.map((p) => p.body.type)).toEqual(['order.updated', 'order.updated', 'order.updated']);
  expect(posts[0]!.body.data.status).toBe('PREPARING');
  const delivery = await eventually(async () => {
    const row = await deliveryOf(posts[0]!.body.id);
    expect(row.status).toBe('delivered');
    return row;
  });
  expect({ attempts: delivery.attempts, lastStatusCode: delivery.lastStatusCode }).toEqual({ attempts: 3, lastStatusCode: 200 });
  await eventually(async () => {
    const after = await outcomes();
    expect((after.retrying ?? 0) - (before.retrying ?? 0)).toBe(2);
    expect((after.delivered ?? 0) - (before.delivered ?? 0)).toBe(2); // order.created, then this one
  });
  await sleep(600);
  expect(receiver.posts(path)).toHaveLength(4); // nothing more once delivered
});

test('a receiver down for the whole test leaves the delivery failed, listed, and a replay delivers it with the same id', async () => {
  const { restaurant, path, token } = await restaurantWithWebhook();
  receiver.script(path, () => 503);
  const orderId = await placeOrder(restaurant);
  const base = `/api/restaurants/${restaurant.tenant.id}/webhook-deliveries`;
  const failed = await eventually(
    async () => {
      const res = await http(stack, 'GET', `${base}?status=failed`, { token });
      expect(res.body.data).toHaveLength(1);
      return res.body.data[0] as { id: string; attempts: number; lastStatusCode: number; lastError: string; orderId: string };
    },
    { timeoutMs: 15_000 },
  );
  expect(failed).toMatchObject({ orderId, lastStatusCode: 503, lastError: 'receiver answered 503' });
  expect(failed.attempts).toBeGreaterThanOrEqual(3);
  expect((await outcomes()).failed).toBeGreaterThanOrEqual(1);
  expect((await http(stack, 'GET', `${base}?status=pending`, { token })).body.data).toEqual([]);
  expect((await http(stack, 'GET', `${base}?status=nope`, { token })).status).toBe(400);
  const agent = await mintToken(stack, restaurant.tenant.id, 'agent');
  expect((await http(stack, 'GET', base, { token: agent })).status).toBe(403);

  const posted = receiver.posts(path).length;
  receiver.script(path, () => 200);
  const retry = await http(stack, 'POST', `${base}/${failed.id}/retry`, { token });
  expect(retry.status).toBe(202);
  expect(retry.body).toMatchObject({ id: failed.id, status: 'pending' });
  await eventually(async () => expect((await deliveryOf(failed.id)).status).toBe('delivered'));
  const replayed = receiver.posts(path).slice(posted);
  expect(replayed.map((p) => p.headers['x-sufrah-delivery'])).toEqual([failed.id]);
  // Only a failed delivery is replayed; another restaurant's is not found.
  expect((await http(stack, 'POST', `${base}/${failed.id}/retry`, { token })).status).toBe(409);
  const other = await restaurantWithWebhook();
  const otherBase = `/api/restaurants/${other.restaurant.tenant.id}/webhook-deliveries`;
  expect((await http(stack, 'POST', `${otherBase}/${failed.id}/retry`, { token: other.token })).status).toBe(404);
});

test('events of one order arrive in order, even when the first is retried and the receiver is slow', async () => {
  const { restaurant, path, token } = await restaurantWithWebhook();
  receiver.script(path, (n) => (n === 1 ? 500 : { status: 200, delayMs: 50 }));
  const orderId = await placeOrder(restaurant);
  const statuses = ['PREPARING', 'READY_FOR_PICKUP', 'PICKED_UP'];
  for (const status of statuses) expect((await moveOrder(restaurant.tenant.id, orderId, status, token)).status).toBe(200);
  const delivered = await eventually(
    () => {
      const unique = [...new Map(receiver.posts(path).map((p) => [p.body.id, p])).values()];
      expect(unique).toHaveLength(4);
      return unique;
    },
    { timeoutMs: 15_000 },
  );
  expect(delivered.map((p) => [p.body.type, p.body.data.status])).toEqual([
    ['order.created', 'CONFIRMED'],
    ['order.updated', 'PREPARING'],
    ['order.updated', 'READY_FOR_PICKUP'],
    ['order.updated', 'PICKED_UP'],
  ]);
  // The first was retried once; nothing else was posted twice.
  expect(receiver.posts(path)).toHaveLength(5);
  // The log pages like every list, newest first.
  const base = `/api/restaurants/${restaurant.tenant.id}/webhook-deliveries`;
  const first = await http(stack, 'GET', `${base}?limit=3`, { token });
  const second = await http(stack, 'GET', `${base}?limit=3&cursor=${first.body.nextCursor}`, { token });
  expect([...first.body.data, ...second.body.data].map((d: { id: string }) => d.id)).toEqual(delivered.map((p) => p.body.id).reverse());
  expect(second.body.nextCursor).toBeNull();
});

test('conversation.needs_agent when the customer asks for a person; a receiver slow to answer never holds the bot up', async () => {
  const { restaurant, path } = await restaurantWithWebhook();
  receiver.script(path, () => ({ status: 200, delayMs: 6000 }));
  const customer = randomWhatsApp();
  const target = { apiUrl: stack.api!.url, authToken: restaurant.authToken, publicBaseUrl: stack.config.PUBLIC_BASE_URL };
  const sent = Date.now();
  await postSigned(target, '/whatsapp/webhook', inboundParams(restaurant.tenant.whatsappFrom, { Body: 'support' }, customer));
  const [post] = await eventually(
    () => {
      const posts = receiver.posts(path);
      expect(posts).toHaveLength(1);
      return posts;
    },
    { timeoutMs: 20_000 },
  );
  expect(post!.headers['x-sufrah-event']).toBe('conversation.needs_agent');
  expect(post!.body.data).toMatchObject({ customerWa: customer, status: 'NEEDS_AGENT', isBotActive: false });
  // The bot's answer (the support contact) goes out while the receiver still holds the post.
  await stack.twilio.waitForMessages(1, { to: customer, timeoutMs: 20_000 });
  expect(Date.now() - post!.at).toBeLessThan(6000);
  expect(Date.now() - sent).toBeLessThan(15_000);
  await eventually(async () => expect((await deliveryOf(post!.body.id)).status).toBe('delivered'), { timeoutMs: 15_000 });
});

test('a worker restart mid-retry loses nothing: the new worker delivers the same delivery', async () => {
  const { restaurant, path } = await restaurantWithWebhook();
  let up = false;
  receiver.script(path, () => (up ? 200 : 500));
  await placeOrder(restaurant);
  await eventually(() => expect(receiver.posts(path).length).toBeGreaterThanOrEqual(1));
  const id = receiver.posts(path)[0]!.body.id;

  const original = stack.worker!;
  original.shutdown();
  await eventually(() => expect(original.getState()).toBe('STOPPED'), { timeoutMs: 20_000 });
  const seen = receiver.posts(path).length;
  up = true;
  await sleep(800); // retries come due while no worker runs
  expect(receiver.posts(path)).toHaveLength(seen);
  expect((await deliveryOf(id)).status).toBe('pending');

  const connection = await NativeConnection.connect({ address: stack.config.TEMPORAL_ADDRESS });
  let worker: Worker | undefined;
  try {
    worker = await createConversationWorker(connection, stack.activityDeps!);
    const running = worker.run();
    await eventually(async () => expect((await deliveryOf(id)).status).toBe('delivered'), { timeoutMs: 15_000 });
    expect(new Set(receiver.posts(path).map((p) => p.body.id))).toEqual(new Set([id]));
    worker.shutdown();
    await running;
  } finally {
    await connection.close();
  }
});
