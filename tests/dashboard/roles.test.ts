// The role matrix (SPEC §4 "Roles"): every route of the route table (src/api/auth/roles.ts) × owner,
// agent and admin × own and other restaurant, plus /ws. The table is enumerated, so a route added
// to it without a sample here fails the first test; a route missing from the table answers 404.
import { randomUUID } from 'node:crypto';
import { DASHBOARD_ROUTES, type DashboardRoute } from '../../src/api/auth/roles';
import type { Role } from '../../src/api/auth/jwt';
import { startStack, type TestStack } from '../support/stack';
import { connectWs, http, mintToken, refusedStatus, seedConversation, seedMessage, seedOrder, wsUrl, type HttpResult } from './helpers';

let stack: TestStack;

interface Tenant {
  id: string;
  conversationId: string;
  itemId: string;
}

interface Call {
  path: string;
  body?: unknown;
}

/** How to call each route of the table on a restaurant; fresh rows where a call uses one up. */
type Sample = (t: Tenant) => Promise<Call>;

const fresh = {
  failedMessage: async (t: Tenant) => {
    const conversation = await seedConversation(stack.prisma, t.id);
    return seedMessage(stack.prisma, conversation, { direction: 'OUT', status: 'failed', waSid: null });
  },
  order: async (t: Tenant) => seedOrder(stack.prisma, await seedConversation(stack.prisma, t.id), { status: 'CONFIRMED' }),
  failedDelivery: async (t: Tenant) =>
    stack.prisma.webhookDelivery.create({
      data: { id: randomUUID(), restaurantId: t.id, type: 'order.updated', payload: {}, queue: `order:${randomUUID()}`, status: 'failed' },
    }),
};

const SAMPLES: Record<string, Sample> = {
  'GET /conversations': async () => ({ path: '/conversations' }),
  'POST /conversations/:conversationId/read': async (t) => ({ path: `/conversations/${t.conversationId}/read` }),
  'POST /conversations/:conversationId/send': async (t) => ({ path: `/conversations/${t.conversationId}/send`, body: { text: 'hi' } }),
  'POST /conversations/:conversationId/bot': async (t) => ({ path: `/conversations/${t.conversationId}/bot`, body: { enabled: true } }),
  'GET /messages': async (t) => ({ path: `/messages?conversationId=${t.conversationId}` }),
  'GET /failed-sends': async () => ({ path: '/failed-sends' }),
  'POST /messages/:messageId/retry': async (t) => ({ path: `/messages/${(await fresh.failedMessage(t)).id}/retry` }),
  'GET /orders': async () => ({ path: '/orders' }),
  'GET /orders/:orderId': async (t) => ({ path: `/orders/${(await fresh.order(t)).id}` }),
  'PATCH /orders/:orderId': async (t) => ({ path: `/orders/${(await fresh.order(t)).id}`, body: { status: 'PREPARING' } }),
  'GET /menu': async () => ({ path: '/menu' }),
  'PATCH /menu/items/:itemId': async (t) => ({ path: `/menu/items/${t.itemId}`, body: { isAvailable: true } }),
  'GET /stats': async () => ({ path: '/stats' }),
  'GET /webhook-deliveries': async () => ({ path: '/webhook-deliveries' }),
  'POST /webhook-deliveries/:deliveryId/retry': async (t) => ({ path: `/webhook-deliveries/${(await fresh.failedDelivery(t)).id}/retry` }),
  'GET /templates': async () => ({ path: '/templates' }),
};

const nameOf = (route: DashboardRoute) => `${route.method} ${route.path}`;
const ROLES: Role[] = ['owner', 'agent', 'admin'];

let a: Tenant;
let b: Tenant;
const tokens = {} as Record<Role, string>;

async function seedTenant(): Promise<Tenant> {
  const { tenant, menu } = await stack.createRestaurant();
  const conversation = await seedConversation(stack.prisma, tenant.id);
  await seedMessage(stack.prisma, conversation);
  return { id: tenant.id, conversationId: conversation.id, itemId: menu.categories[0]!.items[0]!.id };
}

beforeAll(async () => {
  stack = await startStack({ api: true });
  [a, b] = [await seedTenant(), await seedTenant()];
  for (const role of ROLES) tokens[role] = await mintToken(stack, a.id, role);
});
afterAll(() => stack.stop());

async function call(route: DashboardRoute, tenant: Tenant, token: string): Promise<HttpResult> {
  const sample = SAMPLES[nameOf(route)];
  const { path, body } = sample ? await sample(tenant) : { path: route.path, body: undefined };
  return http(stack, route.method, `/api/restaurants/${tenant.id}${path}`, { token, body });
}

test('every route of the table has a sample here, and every sample a route', () => {
  expect(Object.keys(SAMPLES).sort()).toEqual(DASHBOARD_ROUTES.map(nameOf).sort());
});

const cases = DASHBOARD_ROUTES.flatMap((route) =>
  ROLES.flatMap((role) => (['own', 'other'] as const).map((where) => ({ name: nameOf(route), route, role, where }))),
);

test.each(cases)('$name as $role on its $where restaurant', async ({ route, role, where }) => {
  const allowed = route.roles.includes(role) && (where === 'own' || role === 'admin');
  const res = await call(route, where === 'own' ? a : b, tokens[role]);
  if (!allowed) {
    expect({ status: res.status, keys: Object.keys(res.body) }).toEqual({ status: 403, keys: ['error'] });
  } else {
    expect({ status: res.status, ok: res.status >= 200 && res.status < 300 }).toEqual({ status: res.status, ok: true });
  }
});

describe('agents change availability, never prices', () => {
  const patch = (role: Role, body: unknown) =>
    http(stack, 'PATCH', `/api/restaurants/${a.id}/menu/items/${a.itemId}`, { token: tokens[role], body });

  test('an agent may mark an item sold out and back', async () => {
    expect((await patch('agent', { isAvailable: false })).body.isAvailable).toBe(false);
    expect((await patch('agent', { isAvailable: true })).status).toBe(200);
  });

  test('an agent sending price (alone or with isAvailable) → 403 and the price is unchanged', async () => {
    const before = await stack.prisma.menuItem.findUniqueOrThrow({ where: { id: a.itemId } });
    for (const body of [{ price: 1 }, { isAvailable: false, price: 1 }]) {
      const res = await patch('agent', body);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/isAvailable only/);
    }
    const after = await stack.prisma.menuItem.findUniqueOrThrow({ where: { id: a.itemId } });
    expect({ price: after.price, isAvailable: after.isAvailable }).toEqual({ price: before.price, isAvailable: before.isAvailable });
  });

  test('owner and admin change the price', async () => {
    expect((await patch('owner', { price: 1500 })).body.price).toBe(1500);
    expect((await patch('admin', { price: 1600 })).body.price).toBe(1600);
  });
});

test('routes outside the table are 404 for every role, not 403', async () => {
  for (const role of ROLES) {
    for (const [method, path] of [
      ['GET', '/nothing-here'],
      ['POST', '/stats'],
      ['DELETE', '/orders/x'],
      ['GET', '/conversations/x/y/z'],
    ] as const) {
      const res = await http(stack, method, `/api/restaurants/${a.id}${path}`, { token: tokens[role] });
      expect({ role, method, path, status: res.status }).toEqual({ role, method, path, status: 404 });
    }
  }
});

test('an admin JWT never reaches /api/admin/* (that is X-Admin-Key only)', async () => {
  for (const [method, path, body] of [
    ['GET', '/api/admin/restaurants', undefined],
    ['POST', '/api/admin/tokens', { restaurantId: a.id, role: 'owner' }],
    ['PATCH', `/api/admin/restaurants/${a.id}`, { isActive: false }],
    ['GET', `/api/admin/restaurants/${a.id}/menu`, undefined],
  ] as const) {
    const res = await http(stack, method, path, { token: tokens.admin, body });
    expect({ path, status: res.status }).toEqual({ path, status: 401 });
  }
  expect((await stack.prisma.restaurantBot.findUniqueOrThrow({ where: { id: a.id } })).isActive).toBe(true);
});

describe('/ws', () => {
  test.each(ROLES)('%s: own restaurant opens; another opens only for admin', async (role) => {
    const own = await connectWs(wsUrl(stack, { token: tokens[role] }));
    own.close();
    const other = await refusedStatus(wsUrl(stack, { token: tokens[role], restaurantId: b.id }));
    expect(other).toBe(role === 'admin' ? 101 : 403);
  });
});
