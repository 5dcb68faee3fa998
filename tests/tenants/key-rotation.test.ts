// Rotating CREDENTIALS_KEY without downtime (issue 15): the API runs with the new key and the
// previous one while `rotate-credentials-key` re-encrypts every tenant — v1 ciphertexts of today
// and v2 ones under the previous key — and signed webhooks keep getting 200 throughout.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { decryptSecret, encryptSecret, keyIdOf } from '../../src/tenants/credentials';
import { rotateCredentialsKey } from '../../src/tenants/key-rotation';
import { encryptV1 } from '../support/legacy-credentials';
import { startStack, type TestRestaurant, type TestStack } from '../support/stack';
import { inboundParams, postSigned } from '../support/twilio-webhook';

const ROOT = join(__dirname, '..', '..');
const PATH = '/whatsapp/webhook';
// Keys of this file only: tenants of other test files (under the suite's key) are unreadable to
// them and left alone.
const previous = randomBytes(32).toString('base64');
const current = randomBytes(32).toString('base64');

let stack: TestStack;
let restaurants: TestRestaurant[];

beforeAll(async () => {
  // No tenant cache: every webhook reads and decrypts the stored token.
  stack = await startStack({
    api: true,
    env: { CREDENTIALS_KEY: current, CREDENTIALS_KEY_PREVIOUS: previous, WEBHOOK_TENANT_CACHE_MS: '0' },
  });
  restaurants = [];
  for (let i = 0; i < 24; i++) restaurants.push(await stack.createRestaurant());
  // Stored as before the rotation: two thirds in today's v1 form, a third as v2 under the previous key.
  for (const [i, r] of restaurants.entries()) {
    const stored = i % 3 === 0 ? encryptSecret(r.authToken, previous, r.tenant.id) : encryptV1(r.authToken, previous);
    await stack.prisma.restaurantBot.update({ where: { id: r.tenant.id }, data: { twilioAuthToken: stored } });
  }
});
afterAll(() => stack.stop());

const webhook = (r: TestRestaurant) =>
  postSigned(
    { apiUrl: stack.api!.url, publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken: r.authToken },
    PATH,
    inboundParams(r.tenant.whatsappFrom),
  );

const storedOf = async () =>
  stack.prisma.restaurantBot.findMany({
    where: { id: { in: restaurants.map((r) => r.tenant.id) } },
    select: { id: true, twilioAuthToken: true },
  });

test('every tenant is re-encrypted under the current key while webhooks keep being answered 200', async () => {
  const statuses: number[] = [];
  let rotating = true;
  const traffic = (async () => {
    for (let round = 0; rotating || round < 2; round++) {
      statuses.push(...(await Promise.all(restaurants.map(async (r) => (await webhook(r)).status))));
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const report = await rotateCredentialsKey(stack.prisma, { current, previous });
  rotating = false;
  await traffic;

  expect(report.rotated).toBe(restaurants.length);
  expect(report.unreadable).not.toEqual(expect.arrayContaining([restaurants[0]!.tenant.id]));
  expect(statuses.length).toBeGreaterThanOrEqual(restaurants.length * 2);
  expect(new Set(statuses)).toEqual(new Set([200]));

  for (const row of await storedOf()) {
    expect(row.twilioAuthToken.startsWith(`v2:${keyIdOf(current)}:`)).toBe(true);
    // Readable without the previous key now.
    const r = restaurants.find((x) => x.tenant.id === row.id)!;
    expect(decryptSecret(row.twilioAuthToken, current, row.id)).toBe(r.authToken);
  }
  // A second run has nothing left to do.
  expect((await rotateCredentialsKey(stack.prisma, { current, previous })).rotated).toBe(0);
});

test('`npm run ops -- rotate-credentials-key` re-encrypts under a newer key, naming no secret', () => {
  const next = randomBytes(32).toString('base64');
  const result = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/ops/cli.ts'), 'rotate-credentials-key'], {
    env: { ...process.env, CREDENTIALS_KEY: next, CREDENTIALS_KEY_PREVIOUS: current, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const output = result.stdout + result.stderr;
  expect(output).toMatch(/re-encrypted (\d+) secret\(s\) under the current CREDENTIALS_KEY/);
  expect(Number(/re-encrypted (\d+)/.exec(output)![1])).toBeGreaterThanOrEqual(restaurants.length);
  for (const r of restaurants) expect(output).not.toContain(r.authToken);
  expect(output).not.toContain(next);
  expect(output).not.toContain(current);
  return storedOf().then((rows) => {
    for (const row of rows) expect(row.twilioAuthToken.startsWith(`v2:${keyIdOf(next)}:`)).toBe(true);
  });
});
