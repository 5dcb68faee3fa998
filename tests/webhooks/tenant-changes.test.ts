// A rotated Twilio token or a deactivation takes effect at once on every API copy (issue 15): the
// admin PATCH announces the change over Redis and each copy's tenant cache drops it before the
// answer is out. A flood of forged requests (unknown numbers, bad signatures) costs no database
// read and decryption per request, and never blocks correctly signed traffic.
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { closeApiDeps, createApiDeps } from '../../src/api/deps';
import { TenantDirectory, verifiedTenant } from '../../src/api/webhooks/signature';
import type { PrismaClient } from '../../src/db';
import { credentialKeysOf } from '../../src/tenants/credentials';
import { TenantChanges } from '../../src/tenants/changes';
import { createLogger } from '../../src/logger';
import { eventually } from '../support/eventually';
import { startApi, type RunningApi } from '../../src/server';
import { admin } from '../dashboard/helpers';
import { randomWhatsApp, startStack, type TestRestaurant, type TestStack } from '../support/stack';
import { inboundParams, postSigned, signatureFor } from '../support/twilio-webhook';

const PATH = '/whatsapp/webhook';

let stack: TestStack;
let second: RunningApi;

beforeAll(async () => {
  // A long cache, so only the announcement can explain a change taking effect at once.
  const env = { WEBHOOK_TENANT_CACHE_MS: '600000' };
  stack = await startStack({ api: true, env });
  second = await startApi(createApiDeps(stack.config), 0);
});
afterAll(async () => {
  await second.stop();
  await closeApiDeps(second.deps);
  await stack.stop();
});

const copies = () => [stack.api!.url, second.url];

const post = (apiUrl: string, r: TestRestaurant, authToken = r.authToken) =>
  postSigned({ apiUrl, publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken }, PATH, inboundParams(r.tenant.whatsappFrom));

const statuses = (r: TestRestaurant, authToken?: string) =>
  Promise.all(copies().map(async (url) => (await post(url, r, authToken)).status));

test('a token rotated through one copy: the old token is refused at once on both, the new one accepted', async () => {
  const r = await stack.createRestaurant();
  expect(await statuses(r)).toEqual([200, 200]); // both copies now cache the old token
  const newToken = randomBytes(16).toString('hex');
  expect((await admin(stack, 'PATCH', `/api/admin/restaurants/${r.tenant.id}`, { twilioAuthToken: newToken })).status).toBe(200);
  expect(await statuses(r)).toEqual([403, 403]);
  expect(await statuses(r, newToken)).toEqual([200, 200]);
});

test('a restaurant deactivated through one copy is 404 at once on both; reactivated, served at once', async () => {
  const r = await stack.createRestaurant();
  expect(await statuses(r)).toEqual([200, 200]);
  await admin(stack, 'PATCH', `/api/admin/restaurants/${r.tenant.id}`, { isActive: false });
  expect(await statuses(r)).toEqual([404, 404]); // now cached as unknown on both
  await admin(stack, 'PATCH', `/api/admin/restaurants/${r.tenant.id}`, { isActive: true });
  expect(await statuses(r)).toEqual([200, 200]);
});

test('a restaurant created for a number that was unknown a moment ago is served at once', async () => {
  const whatsappFrom = randomWhatsApp();
  const params = inboundParams(whatsappFrom);
  const before = await postSigned({ apiUrl: second.url, publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken: 'x' }, PATH, params);
  expect(before.status).toBe(404);
  const authToken = randomBytes(16).toString('hex');
  const created = await admin(stack, 'POST', '/api/admin/restaurants', {
    name: `n-${authToken.slice(0, 6)}`,
    restaurantName: 'New Place',
    whatsappFrom,
    twilioAccountSid: `AC${randomBytes(16).toString('hex')}`,
    twilioAuthToken: authToken,
  });
  expect(created.status).toBe(201);
  const after = await postSigned(
    { apiUrl: second.url, publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken },
    PATH,
    inboundParams(whatsappFrom),
  );
  expect(after.status).toBe(200);
});

describe('the tenant directory under a flood of forged requests', () => {
  let lookups = 0;
  const counting = () =>
    ({
      restaurantBot: {
        findFirst: (args: Parameters<PrismaClient['restaurantBot']['findFirst']>[0]) => {
          lookups += 1;
          return stack.prisma.restaurantBot.findFirst(args);
        },
      },
    }) as unknown as PrismaClient;
  const live = { live: true, onChange: () => () => true };
  const request = (signature: string | undefined) =>
    ({ header: (name: string) => (name === 'x-twilio-signature' ? signature : undefined), originalUrl: PATH }) as unknown as Request;
  const check = (directory: TenantDirectory, number: string, params: Record<string, string>, signature: string | undefined) =>
    verifiedTenant(directory, stack.config, request(signature), number, params, {}).then(
      () => 200,
      (err: { status?: number }) => err.status ?? 500,
    );

  beforeEach(() => {
    lookups = 0;
  });

  test('500 requests to one unknown number cost one lookup', async () => {
    const directory = new TenantDirectory(counting(), credentialKeysOf(stack.config), 600_000, live);
    const number = randomWhatsApp();
    const results = await Promise.all(Array.from({ length: 500 }, () => check(directory, number, inboundParams(number), 'forged')));
    expect(new Set(results)).toEqual(new Set([404]));
    expect(lookups).toBeLessThanOrEqual(2);
  });

  test('500 bad signatures cost at most one re-read a second, while correctly signed requests among them pass', async () => {
    const r = await stack.createRestaurant();
    const number = r.tenant.whatsappFrom;
    const directory = new TenantDirectory(counting(), credentialKeysOf(stack.config), 600_000, live);
    const target = { apiUrl: '', publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken: r.authToken };
    const started = Date.now();
    const results: { forged: boolean; status: number }[] = [];
    for (let i = 0; i < 500; i++) {
      const params = inboundParams(number);
      const forged = i % 25 !== 0;
      const signature = forged ? `forged${i}` : signatureFor(target, PATH, params);
      results.push({ forged, status: await check(directory, number, params, signature) });
    }
    const seconds = Math.ceil((Date.now() - started) / 1000);
    expect(new Set(results.filter((x) => x.forged).map((x) => x.status))).toEqual(new Set([403]));
    expect(new Set(results.filter((x) => !x.forged).map((x) => x.status))).toEqual(new Set([200]));
    expect(lookups).toBeLessThanOrEqual(1 + seconds);
  });

  test('without the Redis subscription an entry is trusted for a second at most', async () => {
    const r = await stack.createRestaurant();
    const number = r.tenant.whatsappFrom;
    const down = new TenantDirectory(stack.prisma, credentialKeysOf(stack.config), 600_000, { live: false, onChange: () => () => true });
    const up = new TenantDirectory(stack.prisma, credentialKeysOf(stack.config), 600_000, live);
    await down.byNumber(number);
    await up.byNumber(number);
    await stack.prisma.restaurantBot.update({ where: { id: r.tenant.id }, data: { isActive: false } });
    await new Promise((resolve) => setTimeout(resolve, TenantDirectory.FALLBACK_MS + 100));
    await expect(down.byNumber(number)).rejects.toMatchObject({ status: 404 });
    // (Live, the change would have been announced; unannounced, the entry stands.)
    await expect(up.byNumber(number)).resolves.toMatchObject({ tenant: { id: r.tenant.id } });
  });
});

test('the subscription reports itself live only while Redis is reachable', async () => {
  const log = createLogger('silent', 'test');
  const up = new TenantChanges(stack.config.REDIS_URL, log);
  const down = new TenantChanges('redis://127.0.0.1:1', log);
  try {
    await eventually(() => expect(up.live).toBe(true));
    expect(down.live).toBe(false);
  } finally {
    await Promise.all([up.stop(), down.stop()]);
  }
});
