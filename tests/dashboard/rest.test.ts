// Dashboard REST (SPEC §4): paging, filters, orders and their transitions, menu items, failed-send
// replay (HTTP and ops CLI) — and never a secret in a response.
import { randomUUID } from 'node:crypto';
import { runOps } from '../../src/ops/cli';
import { startStack, randomWhatsApp, type TestStack, type TestRestaurant } from '../support/stack';
import { connectWs, http, mintToken, seedConversation, seedMessage, seedOrder, wsUrl } from './helpers';

let stack: TestStack;
let restaurant: TestRestaurant;
let id: string;
let token: string;
const responses: string[] = [];

beforeAll(async () => {
  stack = await startStack({ api: true });
  restaurant = await stack.createRestaurant();
  id = restaurant.tenant.id;
  token = await mintToken(stack, id, 'owner');
});
afterAll(async () => {
  // Secrets never in any response: the tenant's Twilio token, the JWT secret, the admin key.
  for (const secret of [restaurant.authToken, stack.config.JWT_SECRET, stack.config.ADMIN_API_KEY]) {
    expect(responses.some((text) => text.includes(secret))).toBe(false);
  }
  await stack.stop();
});

async function get(path: string, as = token) {
  const res = await http(stack, 'GET', `/api/restaurants/${id}${path}`, { token: as });
  responses.push(res.text);
  return res;
}
async function send(method: 'POST' | 'PATCH', path: string, body?: unknown) {
  const res = await http(stack, method, `/api/restaurants/${id}${path}`, { token, body });
  responses.push(res.text);
  return res;
}

describe('cursor paging', () => {
  test('250 conversations through cursors: no duplicates, no gaps, newest first', async () => {
    const own = (await stack.createRestaurant()).tenant.id;
    const ownToken = await mintToken(stack, own, 'agent');
    const base = Date.now();
    // Ten share each timestamp, so only the id tie-breaker keeps pages apart.
    const created = await Promise.all(
      Array.from({ length: 250 }, (_, i) =>
        seedConversation(stack.prisma, own, { lastMessageAt: new Date(base - Math.floor(i / 10) * 1000) }),
      ),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=17${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await http(stack, 'GET', `/api/restaurants/${own}/conversations${query}`, { token: ownToken });
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(17);
      seen.push(...res.body.data.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(250 / 17));
    expect(new Set(seen).size).toBe(250);
    expect([...seen].sort()).toEqual(created.map((c) => c.id).sort());
    const times = await stack.prisma.conversation.findMany({ where: { restaurantId: own }, select: { id: true, lastMessageAt: true } });
    const at = new Map(times.map((t) => [t.id, t.lastMessageAt.getTime()]));
    for (let i = 1; i < seen.length; i++) expect(at.get(seen[i - 1]!)!).toBeGreaterThanOrEqual(at.get(seen[i]!)!);

    const first = await http(stack, 'GET', `/api/restaurants/${own}/conversations`, { token: ownToken });
    expect(first.body.data).toHaveLength(50);
    const capped = await http(stack, 'GET', `/api/restaurants/${own}/conversations?limit=1000`, { token: ownToken });
    expect(capped.body.data).toHaveLength(200);
  });

  test.each(['limit=0', 'limit=abc', 'limit=-5', 'cursor=garbage', 'status=SLEEPING'])('bad query %s → 400', async (query) => {
    const res = await get(`/conversations?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });
});

describe('lists and filters', () => {
  test('conversations by status and by q on number or name; messages by conversation; orders by status', async () => {
    const sara = await seedConversation(stack.prisma, id, { customerName: 'Sara Qahtani', status: 'NEEDS_AGENT' });
    const other = await seedConversation(stack.prisma, id, { customerWa: 'whatsapp:+966511122233', customerName: 'Omar' });
    await seedMessage(stack.prisma, sara, { body: 'for sara' });
    await seedMessage(stack.prisma, other, { body: 'for omar' });
    await seedOrder(stack.prisma, sara, { status: 'PREPARING' });
    await seedOrder(stack.prisma, other, { status: 'DELIVERED', orderType: 'delivery' });

    const needsAgent = await get('/conversations?status=NEEDS_AGENT');
    expect(needsAgent.body.data.map((c: { id: string }) => c.id)).toEqual([sara.id]);
    expect(needsAgent.body.data[0]).toMatchObject({
      customerWa: sara.customerWa,
      status: 'NEEDS_AGENT',
      isBotActive: true,
      unreadCount: 0,
    });
    expect((await get('/conversations?q=qahtani')).body.data.map((c: { id: string }) => c.id)).toEqual([sara.id]);
    expect((await get('/conversations?q=511122')).body.data.map((c: { id: string }) => c.id)).toEqual([other.id]);

    const messages = await get(`/messages?conversationId=${sara.id}`);
    expect(messages.body.data).toHaveLength(1);
    expect(messages.body.data[0]).toMatchObject({ direction: 'IN', body: 'for sara', status: 'received', sender: 'customer' });
    expect(messages.body.data[0]).toHaveProperty('waSid');
    expect(messages.body.data[0]).toHaveProperty('createdAt');

    const preparing = await get('/orders?status=PREPARING');
    expect(preparing.body.data).toHaveLength(1);
    expect(preparing.body.data[0]).toMatchObject({
      status: 'PREPARING',
      items: [expect.objectContaining({ name: 'Shish Tawook', quantity: 1 })],
    });
    expect((await get('/orders?status=NOPE')).status).toBe(400);
  });

  test('one order with its items; unknown → 404', async () => {
    const conversation = await seedConversation(stack.prisma, id);
    const order = await seedOrder(stack.prisma, conversation);
    const res = await get(`/orders/${order.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: order.id, orderReference: order.orderReference, total: order.total, currency: 'SAR' });
    expect(res.body.items).toHaveLength(1);
    expect((await get('/orders/nope')).status).toBe(404);
  });
});

describe('PATCH order status', () => {
  const walk = async (orderType: 'delivery' | 'pickup', path: string[]) => {
    const conversation = await seedConversation(stack.prisma, id);
    const order = await seedOrder(stack.prisma, conversation, { status: 'AWAITING_PAYMENT', orderType });
    for (const status of path) {
      const res = await send('PATCH', `/orders/${order.id}`, { status });
      expect({ status, code: res.status }).toEqual({ status, code: 200 });
      expect(res.body.status).toBe(status);
    }
    return stack.prisma.order.findUniqueOrThrow({ where: { id: order.id } });
  };

  test('delivery and pickup paths, each status with its timestamp', async () => {
    const delivered = await walk('delivery', ['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    expect([delivered.confirmedAt, delivered.preparingAt, delivered.outForDeliveryAt, delivered.deliveredAt].every(Boolean)).toBe(true);
    const picked = await walk('pickup', ['CONFIRMED', 'PREPARING', 'READY_FOR_PICKUP', 'PICKED_UP']);
    expect(picked.readyForPickupAt && picked.pickedUpAt).toBeTruthy();
    const cancelled = await walk('pickup', ['CONFIRMED', 'CANCELLED']);
    expect(cancelled.cancelledAt).toBeTruthy();
  });

  test.each([
    ['delivery', ['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'CANCELLED']],
    ['pickup', ['CONFIRMED', 'PREPARING', 'READY_FOR_PICKUP', 'CANCELLED']],
  ] as const)('the restaurant may cancel a %s order until it is handed over', async (orderType, path) => {
    const cancelled = await walk(orderType, [...path]);
    expect(cancelled.cancelledAt).toBeTruthy();
  });

  test.each([
    ['delivery', 'AWAITING_PAYMENT', 'PREPARING'],
    ['delivery', 'PREPARING', 'READY_FOR_PICKUP'],
    ['pickup', 'PREPARING', 'OUT_FOR_DELIVERY'],
    ['delivery', 'DELIVERED', 'CANCELLED'],
    ['pickup', 'PICKED_UP', 'CANCELLED'],
    ['pickup', 'CANCELLED', 'CONFIRMED'],
    ['pickup', 'CONFIRMED', 'CONFIRMED'],
  ] as const)('%s %s → %s is 409 and changes nothing', async (orderType, from, to) => {
    const conversation = await seedConversation(stack.prisma, id);
    const order = await seedOrder(stack.prisma, conversation, { status: from, orderType });
    const res = await send('PATCH', `/orders/${order.id}`, { status: to });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    await expect(stack.prisma.order.findUniqueOrThrow({ where: { id: order.id } })).resolves.toMatchObject({
      status: from,
      updatedAt: order.updatedAt,
    });
  });

  test('an unknown status → 400; three racing moves: one wins, the others are 409', async () => {
    const conversation = await seedConversation(stack.prisma, id);
    const order = await seedOrder(stack.prisma, conversation, { status: 'CONFIRMED' });
    expect((await send('PATCH', `/orders/${order.id}`, { status: 'EATEN' })).status).toBe(400);
    const results = await Promise.all([1, 2, 3].map(() => send('PATCH', `/orders/${order.id}`, { status: 'PREPARING' })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });

  test('publishes order.updated to the dashboard', async () => {
    const client = await connectWs(wsUrl(stack, { token }));
    const conversation = await seedConversation(stack.prisma, id);
    const order = await seedOrder(stack.prisma, conversation, { status: 'CONFIRMED' });
    await send('PATCH', `/orders/${order.id}`, { status: 'PREPARING' });
    const event = await client.waitFor((m) => m.type === 'order.updated' && m.data.id === order.id);
    expect(event.data).toMatchObject({ status: 'PREPARING', orderReference: order.orderReference });
    client.close();
  });
});

describe('agent message and takeover (REST side)', () => {
  test('send records a queued agent message and answers 202 with its id; empty text → 400', async () => {
    const conversation = await seedConversation(stack.prisma, id);
    const res = await send('POST', `/conversations/${conversation.id}/send`, { text: 'Your order is on its way' });
    expect(res.status).toBe(202);
    const message = await stack.prisma.message.findUniqueOrThrow({ where: { id: res.body.messageId } });
    expect(message).toMatchObject({ direction: 'OUT', sender: 'agent', body: 'Your order is on its way', conversationId: conversation.id });
    expect((await send('POST', `/conversations/${conversation.id}/send`, { text: '  ' })).status).toBe(400);
    expect((await send('POST', `/conversations/nope/send`, { text: 'x' })).status).toBe(404);
  });

  test('bot off flags the conversation for an agent; bot on hands it back', async () => {
    const conversation = await seedConversation(stack.prisma, id);
    const off = await send('POST', `/conversations/${conversation.id}/bot`, { enabled: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: conversation.id, isBotActive: false, status: 'NEEDS_AGENT' });
    const on = await send('POST', `/conversations/${conversation.id}/bot`, { enabled: true });
    expect(on.body).toMatchObject({ isBotActive: true, status: 'ACTIVE' });
    expect((await send('POST', `/conversations/${conversation.id}/bot`, { enabled: 'yes' })).status).toBe(400);
  });
});

describe('menu items', () => {
  test('sold-out toggle and price change bump the menu version; bad input → 400; unknown → 404', async () => {
    const item = restaurant.menu.categories[0]!.items[0]!;
    const version = async () => (await stack.prisma.restaurantBot.findUniqueOrThrow({ where: { id } })).menuVersion;
    const before = await version();
    const res = await send('PATCH', `/menu/items/${item.id}`, { isAvailable: false, price: 3500 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: item.id, isAvailable: false, price: 3500 });
    expect(await version()).toBe(before + 1);
    expect((await send('PATCH', `/menu/items/${item.id}`, { price: 10.5 })).status).toBe(400);
    expect((await send('PATCH', `/menu/items/${item.id}`, { price: -1 })).status).toBe(400);
    expect((await send('PATCH', `/menu/items/${item.id}`, {})).status).toBe(400);
    expect((await send('PATCH', '/menu/items/nope', { isAvailable: true })).status).toBe(404);
    expect(await version()).toBe(before + 1);
  });
});

describe('failed sends', () => {
  test('listed, retried once (back to queued, no SID), other messages → 409', async () => {
    const conversation = await seedConversation(stack.prisma, id);
    const failed = await seedMessage(stack.prisma, conversation, { direction: 'OUT', status: 'failed', waSid: null, body: 'your order' });
    const undelivered = await seedMessage(stack.prisma, conversation, { direction: 'OUT', status: 'undelivered' });
    const sent = await seedMessage(stack.prisma, conversation, { direction: 'OUT', status: 'sent' });
    const inbound = await seedMessage(stack.prisma, conversation);

    const list = await get('/failed-sends');
    const ids = list.body.data.map((m: { id: string }) => m.id);
    expect(ids).toEqual(expect.arrayContaining([failed.id, undelivered.id]));
    expect(ids).not.toContain(sent.id);

    const retry = await send('POST', `/messages/${undelivered.id}/retry`);
    expect(retry.status).toBe(202);
    expect(retry.body.messageId).toBe(undelivered.id);
    await expect(stack.prisma.message.findUniqueOrThrow({ where: { id: undelivered.id } })).resolves.toMatchObject({
      status: 'queued',
      waSid: null,
    });
    expect((await send('POST', `/messages/${undelivered.id}/retry`)).status).toBe(409);
    expect((await send('POST', `/messages/${sent.id}/retry`)).status).toBe(409);
    expect((await send('POST', `/messages/${inbound.id}/retry`)).status).toBe(409);
    expect((await send('POST', '/messages/nope/retry')).status).toBe(404);
  });

  test('the ops CLI lists and retries through the same functions', async () => {
    const conversation = await seedConversation(stack.prisma, id);
    const failed = await seedMessage(stack.prisma, conversation, { direction: 'OUT', status: 'failed', waSid: null });
    const lines: string[] = [];
    await runOps(['failed-sends', '--restaurant', id], (line) => lines.push(line));
    expect(lines.some((l) => l.includes(failed.id))).toBe(true);
    await runOps(['retry', '--restaurant', id, '--message', failed.id], (line) => lines.push(line));
    await expect(stack.prisma.message.findUniqueOrThrow({ where: { id: failed.id } })).resolves.toMatchObject({ status: 'queued' });
    await expect(runOps(['retry', '--restaurant', id, '--message', failed.id], () => undefined)).rejects.toMatchObject({ status: 409 });
  });
});

test('random ids and numbers in paths never crash the API', async () => {
  for (const path of [`/orders/${randomUUID()}`, `/conversations/${encodeURIComponent(randomWhatsApp())}/send`]) {
    const res = await http(stack, path.endsWith('send') ? 'POST' : 'GET', `/api/restaurants/${id}${path}`, {
      token,
      body: path.endsWith('send') ? { text: 'x' } : undefined,
    });
    expect(res.status).toBe(404);
  }
});
