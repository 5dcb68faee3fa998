// Tenant isolation on every dashboard route (SPEC §4, §7): A's token on B → 403 with none of B's
// data and nothing changed; an admin token reaches both; forged, expired and alg-none tokens → 401.
import { startStack, type TestStack } from '../support/stack';
import { forgedTokens, http, mintToken, seedConversation, seedMessage, seedOrder, type HttpResult } from './helpers';

let stack: TestStack;

interface Tenant {
  id: string;
  conversationId: string;
  orderId: string;
  failedMessageId: string;
  itemId: string;
  customerWa: string;
}

async function seedTenant(): Promise<Tenant> {
  const { tenant, menu } = await stack.createRestaurant();
  const conversation = await seedConversation(stack.prisma, tenant.id);
  await seedMessage(stack.prisma, conversation);
  const failed = await seedMessage(stack.prisma, conversation, { direction: 'OUT', status: 'failed', waSid: null });
  const order = await seedOrder(stack.prisma, conversation, { status: 'CONFIRMED' });
  return {
    id: tenant.id,
    conversationId: conversation.id,
    orderId: order.id,
    failedMessageId: failed.id,
    itemId: menu.categories[0]!.items[0]!.id,
    customerWa: conversation.customerWa,
  };
}

type Route = [name: string, method: 'GET' | 'POST' | 'PATCH', path: (t: Tenant) => string, body?: unknown];

const ROUTES: Route[] = [
  ['list conversations', 'GET', (t) => `/api/restaurants/${t.id}/conversations`],
  ['list messages', 'GET', (t) => `/api/restaurants/${t.id}/messages?conversationId=${t.conversationId}`],
  ['list orders', 'GET', (t) => `/api/restaurants/${t.id}/orders`],
  ['one order', 'GET', (t) => `/api/restaurants/${t.id}/orders/${t.orderId}`],
  ['send', 'POST', (t) => `/api/restaurants/${t.id}/conversations/${t.conversationId}/send`, { text: 'hello from staff' }],
  ['bot off', 'POST', (t) => `/api/restaurants/${t.id}/conversations/${t.conversationId}/bot`, { enabled: false }],
  ['order status', 'PATCH', (t) => `/api/restaurants/${t.id}/orders/${t.orderId}`, { status: 'PREPARING' }],
  ['failed sends', 'GET', (t) => `/api/restaurants/${t.id}/failed-sends`],
  ['retry', 'POST', (t) => `/api/restaurants/${t.id}/messages/${t.failedMessageId}/retry`],
  ['menu item', 'PATCH', (t) => `/api/restaurants/${t.id}/menu/items/${t.itemId}`, { isAvailable: false }],
  ['stats', 'GET', (t) => `/api/restaurants/${t.id}/stats`],
];

let a: Tenant;
let b: Tenant;
let tokenA: string;
let agentA: string;
let adminToken: string;
let forged: Record<string, string>;

beforeAll(async () => {
  stack = await startStack({ api: true });
  [a, b] = [await seedTenant(), await seedTenant()];
  tokenA = await mintToken(stack, a.id, 'owner');
  agentA = await mintToken(stack, a.id, 'agent');
  adminToken = await mintToken(stack, a.id, 'admin');
  forged = await forgedTokens(stack, b.id);
});
afterAll(() => stack.stop());

const call = (route: Route, tenant: Tenant, token?: string): Promise<HttpResult> =>
  http(stack, route[1], route[2](tenant), { token, body: route[3] });

/** What B holds that must not leak or change. */
async function snapshotB() {
  const [conversation, order, failed, item, messages] = await Promise.all([
    stack.prisma.conversation.findUniqueOrThrow({ where: { id: b.conversationId } }),
    stack.prisma.order.findUniqueOrThrow({ where: { id: b.orderId } }),
    stack.prisma.message.findUniqueOrThrow({ where: { id: b.failedMessageId } }),
    stack.prisma.menuItem.findUniqueOrThrow({ where: { id: b.itemId } }),
    stack.prisma.message.count({ where: { restaurantId: b.id } }),
  ]);
  return { isBotActive: conversation.isBotActive, order: order.status, failed: failed.status, item: item.isAvailable, messages };
}

describe.each(ROUTES)('%s', (...route) => {
  test("A's owner and agent tokens on B → 403, none of B's data, nothing changed", async () => {
    const before = await snapshotB();
    for (const token of [tokenA, agentA]) {
      const res = await call(route, b, token);
      expect(res.status).toBe(403);
      expect(Object.keys(res.body)).toEqual(['error']);
      for (const secret of [b.conversationId, b.orderId, b.customerWa, b.failedMessageId]) expect(res.text).not.toContain(secret);
    }
    expect(await snapshotB()).toEqual(before);
  });

  test.each(['missing', 'expired', 'wrongSecret', 'algNone', 'hs512', 'noExp', 'garbage'])('%s token → 401', async (kind) => {
    const res = await call(route, b, kind === 'missing' ? undefined : forged[kind]);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });
});

test("an admin token reaches both restaurants on every route; A's own token reaches A", async () => {
  for (const route of ROUTES) {
    for (const [tenant, token] of [
      [b, adminToken],
      [a, tokenA],
    ] as const) {
      const res = await call(route, tenant, token);
      expect({ route: route[0], ok: [200, 202].includes(res.status) }).toEqual({ route: route[0], ok: true });
    }
  }
});

test("A's token cannot reach B's rows through A's own routes", async () => {
  const viaA = (path: string) => http(stack, 'GET', `/api/restaurants/${a.id}${path}`, { token: tokenA });
  expect((await viaA(`/orders/${b.orderId}`)).status).toBe(404);
  const messages = await viaA(`/messages?conversationId=${b.conversationId}`);
  expect(messages.body.data).toEqual([]);
  const patch = await http(stack, 'PATCH', `/api/restaurants/${a.id}/menu/items/${b.itemId}`, {
    token: tokenA,
    body: { isAvailable: false },
  });
  expect(patch.status).toBe(404);
  const send = await http(stack, 'POST', `/api/restaurants/${a.id}/conversations/${b.conversationId}/send`, {
    token: tokenA,
    body: { text: 'x' },
  });
  expect(send.status).toBe(404);
  const retry = await http(stack, 'POST', `/api/restaurants/${a.id}/messages/${b.failedMessageId}/retry`, { token: tokenA });
  expect(retry.status).toBe(404);
});

test('agent actions are audited with the actor, never the token', async () => {
  const rows = await stack.prisma.auditLog.findMany({ where: { kind: 'agent', restaurantId: a.id } });
  expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['conversation.send', 'conversation.bot', 'order.status']));
  expect(rows.every((r) => r.actor?.startsWith('owner:') || r.actor?.startsWith('agent:'))).toBe(true);
  expect(JSON.stringify(rows)).not.toContain(tokenA);
});
