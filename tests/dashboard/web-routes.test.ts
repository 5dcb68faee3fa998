// The routes the web pages need beyond the rest of the API (SPEC §4, §9): the admin's restaurant
// list, the dashboard's restaurant picker, the staff menu, marking a conversation read, and the
// pages themselves with their Content-Security-Policy.
import { startStack, type TestStack, type TestRestaurant } from '../support/stack';
import { admin, connectWs, http, mintToken, seedConversation, wsUrl } from './helpers';

let stack: TestStack;
let a: TestRestaurant;
let b: TestRestaurant;

beforeAll(async () => {
  stack = await startStack({ api: true });
  a = await stack.createRestaurant({ restaurantName: 'Alpha Grill' });
  b = await stack.createRestaurant({ restaurantName: 'Beta Grill' });
});
afterAll(() => stack.stop());

describe('GET /api/admin/restaurants', () => {
  test('pages through every restaurant, newest first, without any Twilio token', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin(stack, 'GET', `/api/admin/restaurants?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(1);
      expect(res.body.data[0]).not.toHaveProperty('twilioAuthToken');
      expect(res.text).not.toContain(a.authToken);
      expect(res.text).not.toContain(b.authToken);
      seen.push(res.body.data[0].id);
      cursor = res.body.nextCursor;
    } while (cursor && !seen.includes(a.tenant.id));
    // b was created after a: it comes first.
    expect(seen.indexOf(b.tenant.id)).toBeLessThan(seen.indexOf(a.tenant.id));
    expect(seen.indexOf(b.tenant.id)).toBeGreaterThanOrEqual(0);
  });

  test('needs X-Admin-Key (a dashboard token is not enough)', async () => {
    const token = await mintToken(stack, a.tenant.id, 'admin');
    expect((await http(stack, 'GET', '/api/admin/restaurants', { token })).status).toBe(401);
    expect((await admin(stack, 'GET', '/api/admin/restaurants?limit=0')).status).toBe(400);
  });
});

describe('GET /api/restaurants (the dashboard picker)', () => {
  test('an admin token lists every restaurant; an owner or agent token only its own', async () => {
    const adminToken = await mintToken(stack, a.tenant.id, 'admin');
    const all = await http(stack, 'GET', '/api/restaurants?limit=200', { token: adminToken });
    expect(all.status).toBe(200);
    const ids = all.body.data.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining([a.tenant.id, b.tenant.id]));
    expect(all.body.data[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      restaurantName: expect.any(String),
      whatsappFrom: expect.any(String),
      locale: expect.any(String),
      currency: expect.any(String),
      timeZone: expect.any(String),
      isActive: expect.any(Boolean),
    });
    for (const role of ['owner', 'agent'] as const) {
      const own = await http(stack, 'GET', '/api/restaurants', { token: await mintToken(stack, b.tenant.id, role) });
      expect(own.body.data.map((r: { id: string }) => r.id)).toEqual([b.tenant.id]);
    }
    expect((await http(stack, 'GET', '/api/restaurants')).status).toBe(401);
  });
});

describe('GET /api/restaurants/:id/menu', () => {
  test('staff get the admin GET’s document; another restaurant’s token gets 403', async () => {
    const adminView = await admin(stack, 'GET', `/api/admin/restaurants/${a.tenant.id}/menu`);
    const agent = await mintToken(stack, a.tenant.id, 'agent');
    const staffView = await http(stack, 'GET', `/api/restaurants/${a.tenant.id}/menu`, { token: agent });
    expect(staffView.status).toBe(200);
    expect(staffView.body).toEqual(adminView.body);
    expect(staffView.body.categories.length).toBeGreaterThan(0);
    const other = await mintToken(stack, b.tenant.id, 'owner');
    expect((await http(stack, 'GET', `/api/restaurants/${a.tenant.id}/menu`, { token: other })).status).toBe(403);
  });
});

describe('POST /api/restaurants/:id/conversations/:conversationId/read', () => {
  test('unreadCount back to 0, and open dashboards hear conversation.updated', async () => {
    const conversation = await seedConversation(stack.prisma, a.tenant.id);
    await stack.prisma.conversation.update({ where: { id: conversation.id }, data: { unreadCount: 4 } });
    const token = await mintToken(stack, a.tenant.id, 'agent');
    const ws = await connectWs(wsUrl(stack, { token }));
    try {
      const res = await http(stack, 'POST', `/api/restaurants/${a.tenant.id}/conversations/${conversation.id}/read`, { token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: conversation.id, unreadCount: 0 });
      const event = await ws.waitFor((e) => e.type === 'conversation.updated' && e.data.id === conversation.id);
      expect(event.data.unreadCount).toBe(0);
    } finally {
      ws.close();
    }
    await expect(stack.prisma.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).resolves.toMatchObject({
      unreadCount: 0,
    });
  });

  test('another restaurant’s conversation is 404 (and stays unread); a token for another restaurant is 403', async () => {
    const conversation = await seedConversation(stack.prisma, b.tenant.id);
    await stack.prisma.conversation.update({ where: { id: conversation.id }, data: { unreadCount: 2 } });
    const tokenA = await mintToken(stack, a.tenant.id, 'owner');
    expect(
      (await http(stack, 'POST', `/api/restaurants/${a.tenant.id}/conversations/${conversation.id}/read`, { token: tokenA })).status,
    ).toBe(404);
    expect(
      (await http(stack, 'POST', `/api/restaurants/${b.tenant.id}/conversations/${conversation.id}/read`, { token: tokenA })).status,
    ).toBe(403);
    await expect(stack.prisma.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).resolves.toMatchObject({
      unreadCount: 2,
    });
  });
});

describe('the web pages', () => {
  test('GET /dashboard: HTML with a CSP of its own origin only; GET /phone is 404 without the emulator', async () => {
    const page = await http(stack, 'GET', '/dashboard');
    // 503 when `npm run build` has not run on this checkout; the browser test builds and opens it.
    if (page.status === 200) {
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.text).toContain('<div id="app">');
    } else {
      expect(page.status).toBe(503);
    }
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const phone = await http(stack, 'GET', '/phone');
    expect(phone.status).toBe(404);
    expect((await http(stack, 'GET', '/phone/api/restaurants')).status).toBe(404);
  });
});
