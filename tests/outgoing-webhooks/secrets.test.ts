// Webhook URLs a restaurant may set (SPEC §4) and the signing secret at rest: checked without
// WEBHOOK_ALLOW_PRIVATE_URLS, and re-encrypted by `rotate-credentials-key` like the Twilio tokens.
import { randomBytes } from 'node:crypto';
import { rotateCredentialsKey } from '../../src/tenants/key-rotation';
import { setWebhook, webhookTarget } from '../../src/webhooks/store';
import { webhookUrlProblem } from '../../src/webhooks/url-check';
import { startStack, type TestStack } from '../support/stack';

describe('webhook URLs', () => {
  test.each([
    ['http://8.8.8.8/hook', /must be https/],
    ['https://127.0.0.1/hook', /private, loopback or link-local/],
    ['https://localhost:8443/hook', /private, loopback or link-local/],
    ['https://10.1.2.3/hook', /private/],
    ['https://172.20.0.5/hook', /private/],
    ['https://192.168.1.10/hook', /private/],
    ['https://169.254.169.254/latest/meta-data', /link-local/],
    ['https://[::1]/hook', /loopback/],
    ['https://[fe80::1]/hook', /link-local/],
    ['https://[fd00::1]/hook', /private/],
    ['https://[::ffff:127.0.0.1]/hook', /loopback/],
    ['https://0.0.0.0/hook', /private/],
    ['https://user:pw@8.8.8.8/hook', /credentials/],
    ['not a url', /not a URL/],
    ['ftp://8.8.8.8/hook', /must be https/],
  ])('%s is refused', async (url, why) => {
    expect(await webhookUrlProblem(url, false)).toMatch(why);
  });

  test('a public https address is accepted', async () => {
    expect(await webhookUrlProblem('https://8.8.8.8/hook', false)).toBeNull();
    expect(await webhookUrlProblem('https://[2001:4860:4860::8888]/hook', false)).toBeNull();
  });

  test('WEBHOOK_ALLOW_PRIVATE_URLS allows http and private addresses, still not other schemes', async () => {
    expect(await webhookUrlProblem('http://127.0.0.1:8080/hook', true)).toBeNull();
    expect(await webhookUrlProblem('https://10.0.0.1/hook', true)).toBeNull();
    expect(await webhookUrlProblem('ftp://127.0.0.1/hook', true)).toMatch(/http or https/);
  });
});

describe('the signing secret at rest', () => {
  // Keys of this file only: other files' rows (under the suite's key) are unreadable to them and left alone.
  const previous = randomBytes(32).toString('base64');
  const current = randomBytes(32).toString('base64');
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ env: { CREDENTIALS_KEY: previous } });
  });
  afterAll(() => stack.stop());

  test('rotate-credentials-key re-encrypts it under the new key; the secret stays the same', async () => {
    const { tenant } = await stack.createRestaurant();
    const { secret } = await setWebhook(stack.prisma, { current: previous }, tenant.id, 'https://8.8.8.8/hook');
    const before = await stack.prisma.restaurantWebhook.findUniqueOrThrow({ where: { restaurantId: tenant.id } });
    const report = await rotateCredentialsKey(stack.prisma, { current, previous });
    expect(report.unreadable).not.toEqual(expect.arrayContaining([expect.stringContaining(tenant.id)]));
    const after = await stack.prisma.restaurantWebhook.findUniqueOrThrow({ where: { restaurantId: tenant.id } });
    expect(after.secret).not.toBe(before.secret);
    expect(await webhookTarget(stack.prisma, { current }, tenant.id)).toEqual({ url: 'https://8.8.8.8/hook', secret });
    // A ciphertext of another restaurant's secret does not decrypt here.
    const other = await stack.createRestaurant();
    await stack.prisma.restaurantWebhook.create({
      data: { restaurantId: other.tenant.id, url: 'https://8.8.8.8/x', secret: after.secret },
    });
    await expect(webhookTarget(stack.prisma, { current }, other.tenant.id)).rejects.toThrow(/does not decrypt/);
  });
});
