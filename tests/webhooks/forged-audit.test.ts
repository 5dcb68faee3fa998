// Unsigned and forged webhooks create no unbounded rows (issue 15): every one is counted in the
// metrics, the audit log keeps a sample (the first 20 a minute per restaurant), and correctly
// signed traffic is still audited one row per request.
import { REJECTED_ROWS_PER_MINUTE } from '../../src/api/webhooks/audit';
import { eventually } from '../support/eventually';
import { randomWhatsApp, startStack, type TestRestaurant, type TestStack } from '../support/stack';
import { inboundParams, postSigned, withConcurrency, type WebhookTarget } from '../support/twilio-webhook';

const PATH = '/whatsapp/webhook';
let stack: TestStack;
let restaurant: TestRestaurant;
let target: WebhookTarget;

beforeAll(async () => {
  stack = await startStack({ api: true });
  restaurant = await stack.createRestaurant();
  target = { apiUrl: stack.api!.url, publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken: restaurant.authToken };
});
afterAll(() => stack.stop());

async function metric(name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${target.apiUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

const rows = (where: object) => stack.prisma.auditLog.count({ where: { kind: 'webhook', ...where } });

test('100 forged and unsigned requests: 100 counted, 20 audit rows, the rest counted as skipped', async () => {
  const forbidden = { kind: 'inbound', outcome: 'forbidden' };
  const [countedBefore, skippedBefore] = [
    await metric('sufrah_webhooks_total', forbidden),
    await metric('sufrah_webhook_audit_skipped_total', forbidden),
  ];
  const statuses = await withConcurrency(
    10,
    Array.from({ length: 100 }, (_, i) => async () => {
      const options = i % 2 ? { signature: null } : { signature: `forged-${i}` };
      return (await postSigned(target, PATH, inboundParams(restaurant.tenant.whatsappFrom), options)).status;
    }),
  );
  expect(new Set(statuses)).toEqual(new Set([403]));
  expect((await metric('sufrah_webhooks_total', forbidden)) - countedBefore).toBe(100);
  expect((await metric('sufrah_webhook_audit_skipped_total', forbidden)) - skippedBefore).toBe(100 - REJECTED_ROWS_PER_MINUTE);
  await eventually(async () =>
    expect(await rows({ restaurantId: restaurant.tenant.id, outcome: 'forbidden' })).toBe(REJECTED_ROWS_PER_MINUTE),
  );

  // Real traffic in the middle of it is still served and audited one row each.
  const params = inboundParams(restaurant.tenant.whatsappFrom);
  expect((await postSigned(target, PATH, params)).status).toBe(200);
  await eventually(async () => expect(await rows({ details: { path: ['messageSid'], equals: params.MessageSid } })).toBe(1));
});

test('a flood of unknown numbers is sampled the same way', async () => {
  const before = await rows({ restaurantId: null, outcome: 'unknown_tenant' });
  const statuses = await withConcurrency(
    10,
    Array.from({ length: 60 }, () => async () => (await postSigned(target, PATH, inboundParams(randomWhatsApp()))).status),
  );
  expect(new Set(statuses)).toEqual(new Set([404]));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const written = (await rows({ restaurantId: null, outcome: 'unknown_tenant' })) - before;
  expect(written).toBeGreaterThan(0);
  expect(written).toBeLessThanOrEqual(REJECTED_ROWS_PER_MINUTE);
});
