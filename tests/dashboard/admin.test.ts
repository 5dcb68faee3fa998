// Admin API (SPEC §4 Admin): tenants, menus and tokens behind X-Admin-Key; nothing secret comes back.
import { randomBytes } from 'node:crypto';
import { demoMenu } from '../../prisma/demo-menu';
import { decryptSecret } from '../../src/tenants/credentials';
import { randomWhatsApp, startStack, type TestStack } from '../support/stack';
import { admin, http, mintToken } from './helpers';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ api: true });
});
afterAll(() => stack.stop());

const newTenant = (overrides: Record<string, unknown> = {}) => ({
  name: 'admin-test',
  restaurantName: 'Admin Test Grill',
  whatsappFrom: randomWhatsApp(),
  twilioAccountSid: `AC${randomBytes(16).toString('hex')}`,
  twilioAuthToken: `tok_${randomBytes(16).toString('hex')}`,
  ...overrides,
});

describe('X-Admin-Key', () => {
  test.each([
    ['missing', undefined],
    ['wrong', 'not-the-admin-key'],
    ['a prefix of the right one', 'dev-admin'],
  ])('%s key → 401 and nothing created', async (_what, key) => {
    const body = newTenant();
    const res = await http(stack, 'POST', '/api/admin/restaurants', { adminKey: key, body });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
    await expect(stack.prisma.restaurantBot.count({ where: { whatsappFrom: body.whatsappFrom } })).resolves.toBe(0);
  });
});

describe('POST /api/admin/restaurants', () => {
  test('201 with the tenant and its id, never the token; the token is stored encrypted', async () => {
    const body = newTenant({ locale: 'en', deliveryFee: 500, interactiveMessages: true });
    const res = await admin(stack, 'POST', '/api/admin/restaurants', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'admin-test',
      whatsappFrom: body.whatsappFrom,
      locale: 'en',
      deliveryFee: 500,
      currency: 'SAR',
      isActive: true,
      interactiveMessages: true,
    });
    expect(typeof res.body.id).toBe('string');
    expect(res.body).not.toHaveProperty('twilioAuthToken');
    expect(res.text).not.toContain(body.twilioAuthToken);
    const stored = await stack.prisma.restaurantBot.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(stored.twilioAuthToken).not.toContain(body.twilioAuthToken);
    expect(decryptSecret(stored.twilioAuthToken, stack.config.CREDENTIALS_KEY, stored.id)).toBe(body.twilioAuthToken);
    const audit = await stack.prisma.auditLog.findFirst({
      where: { kind: 'admin', action: 'restaurant.create', restaurantId: res.body.id },
    });
    expect(audit).toMatchObject({ outcome: 'ok', actor: 'admin-key' });
    expect(JSON.stringify(audit)).not.toContain(body.twilioAuthToken);
  });

  test('duplicate whatsappFrom → 409', async () => {
    const first = newTenant();
    expect((await admin(stack, 'POST', '/api/admin/restaurants', first)).status).toBe(201);
    const res = await admin(stack, 'POST', '/api/admin/restaurants', newTenant({ whatsappFrom: first.whatsappFrom }));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
  });

  test.each([
    ['whatsappFrom', { whatsappFrom: '+966500000000' }],
    ['twilioAccountSid', { twilioAccountSid: 'not-a-sid' }],
    ['name', { name: undefined }],
    ['twilioAuthToken', { twilioAuthToken: undefined }],
    ['locale', { locale: 'fr' }],
    ['deliveryFee', { deliveryFee: 1.5 }],
    ['timeZone', { timeZone: 'Mars/Olympus' }],
  ])('400 naming %s', async (field, overrides) => {
    const res = await admin(stack, 'POST', '/api/admin/restaurants', newTenant(overrides));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
  });

  test('a malformed JSON body → 400', async () => {
    const res = await http(stack, 'POST', '/api/admin/restaurants', {
      adminKey: stack.config.ADMIN_API_KEY,
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(res.status).toBe(400);
  });
});

describe('PATCH /api/admin/restaurants/:id', () => {
  test('updates fields, rotates the token (re-encrypted), deactivates; never returns it', async () => {
    const created = await admin(stack, 'POST', '/api/admin/restaurants', newTenant());
    const rotated = `rotated_${randomBytes(12).toString('hex')}`;
    const res = await admin(stack, 'PATCH', `/api/admin/restaurants/${created.body.id}`, {
      twilioAuthToken: rotated,
      isActive: false,
      restaurantName: 'Renamed',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.body.id, isActive: false, restaurantName: 'Renamed' });
    expect(res.text).not.toContain(rotated);
    expect(res.body).not.toHaveProperty('twilioAuthToken');
    const stored = await stack.prisma.restaurantBot.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(decryptSecret(stored.twilioAuthToken, stack.config.CREDENTIALS_KEY, stored.id)).toBe(rotated);
    const audit = await stack.prisma.auditLog.findFirst({ where: { action: 'restaurant.update', restaurantId: created.body.id } });
    expect(JSON.stringify(audit)).not.toContain(rotated);
  });

  test("unknown id → 404; invalid field → 400; taking another tenant's number → 409", async () => {
    expect((await admin(stack, 'PATCH', '/api/admin/restaurants/nope', { isActive: false })).status).toBe(404);
    const a = await admin(stack, 'POST', '/api/admin/restaurants', newTenant());
    const b = await admin(stack, 'POST', '/api/admin/restaurants', newTenant());
    const bad = await admin(stack, 'PATCH', `/api/admin/restaurants/${a.body.id}`, { maxMessagesPerMin: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('maxMessagesPerMin');
    expect((await admin(stack, 'PATCH', `/api/admin/restaurants/${a.body.id}`, { whatsappFrom: b.body.whatsappFrom })).status).toBe(409);
  });
});

describe('PUT/GET /api/admin/restaurants/:id/menu', () => {
  test('replaces the menu and answers it in the same shape, every row with its id', async () => {
    const created = await admin(stack, 'POST', '/api/admin/restaurants', newTenant());
    const res = await admin(stack, 'PUT', `/api/admin/restaurants/${created.body.id}/menu`, demoMenu);
    expect(res.status).toBe(200);
    expect(res.body.branches).toHaveLength(demoMenu.branches.length);
    expect(res.body.categories.map((c: { nameEn: string }) => c.nameEn)).toEqual(demoMenu.categories.map((c) => c.nameEn));
    for (const c of res.body.categories) {
      expect(typeof c.id).toBe('string');
      for (const i of c.items) expect(typeof i.id).toBe('string');
    }
    const got = await admin(stack, 'GET', `/api/admin/restaurants/${created.body.id}/menu`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  test("a branch's own delivery fee and minimum order are stored and answered; absent, they are null", async () => {
    const created = await admin(stack, 'POST', '/api/admin/restaurants', newTenant());
    const menu = structuredClone(demoMenu);
    Object.assign(menu.branches[0]!, { deliveryFee: 500, minDeliveryOrder: 4000 });
    const res = await admin(stack, 'PUT', `/api/admin/restaurants/${created.body.id}/menu`, menu);
    expect(res.status).toBe(200);
    expect(res.body.branches.map((b: Record<string, unknown>) => [b.deliveryFee, b.minDeliveryOrder])).toEqual([
      [500, 4000],
      [null, null],
    ]);
    expect((await admin(stack, 'GET', `/api/admin/restaurants/${created.body.id}/menu`)).body).toEqual(res.body);
  });

  const broken = (mutate: (menu: typeof demoMenu) => void) => {
    const menu = structuredClone(demoMenu);
    mutate(menu);
    return menu;
  };

  test.each([
    ['price', broken((m) => (m.categories[0]!.items![0]!.price = 12.5))],
    ['price', broken((m) => (m.categories[0]!.items![0]!.price = -1))],
    ['nameAr', broken((m) => (m.categories[0]!.items![0]!.nameAr = ''))],
    ['nameEn', broken((m) => delete (m.categories[1] as { nameEn?: string }).nameEn)],
    ['lat', broken((m) => (m.branches[0]!.lat = 91))],
    ['lng', broken((m) => (m.branches[0]!.lng = -181))],
    ['deliveryRadiusKm', broken((m) => (m.branches[0]!.deliveryRadiusKm = 0))],
    ['deliveryFee', broken((m) => Object.assign(m.branches[0]!, { deliveryFee: -1 }))],
    ['minDeliveryOrder', broken((m) => Object.assign(m.branches[0]!, { minDeliveryOrder: 12.5 }))],
  ])('400 naming %s, and the stored menu is unchanged', async (field, menu) => {
    const created = await admin(stack, 'POST', '/api/admin/restaurants', newTenant());
    const before = await admin(stack, 'PUT', `/api/admin/restaurants/${created.body.id}/menu`, demoMenu);
    const res = await admin(stack, 'PUT', `/api/admin/restaurants/${created.body.id}/menu`, menu);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
    expect((await admin(stack, 'GET', `/api/admin/restaurants/${created.body.id}/menu`)).body).toEqual(before.body);
  });

  test('unknown restaurant → 404', async () => {
    expect((await admin(stack, 'GET', '/api/admin/restaurants/nope/menu')).status).toBe(404);
    expect((await admin(stack, 'PUT', '/api/admin/restaurants/nope/menu', demoMenu)).status).toBe(404);
  });
});

describe('POST /api/admin/tokens', () => {
  test('mints a 12 h HS256 token with sub, restaurantId, role, exp', async () => {
    const { tenant } = await stack.createRestaurant();
    const token = await mintToken(stack, tenant.id, 'agent');
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header.alg).toBe('HS256');
    expect(payload).toMatchObject({ restaurantId: tenant.id, role: 'agent' });
    expect(typeof payload.sub).toBe('string');
    expect(payload.exp - Math.floor(Date.now() / 1000)).toBeGreaterThan(12 * 3600 - 60);
    expect(payload.exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(12 * 3600);
  });

  test('unknown role → 400; unknown restaurant → 404; no key → 401', async () => {
    const { tenant } = await stack.createRestaurant();
    expect((await admin(stack, 'POST', '/api/admin/tokens', { restaurantId: tenant.id, role: 'root' })).status).toBe(400);
    expect((await admin(stack, 'POST', '/api/admin/tokens', { restaurantId: 'nope', role: 'owner' })).status).toBe(404);
    expect((await http(stack, 'POST', '/api/admin/tokens', { body: { restaurantId: tenant.id, role: 'owner' } })).status).toBe(401);
  });
});
