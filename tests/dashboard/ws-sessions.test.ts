// WebSocket sessions end when they should (issue 15): at their token's `exp` (close 4001), and when
// their restaurant is deactivated through any API copy (close 4003); other sessions stay open.
import WebSocket from 'ws';
import { signDashboardToken } from '../../src/api/auth/jwt';
import { closeApiDeps, createApiDeps } from '../../src/api/deps';
import { startApi, type RunningApi } from '../../src/server';
import { startStack, type TestStack } from '../support/stack';
import { admin, connectWs, mintToken, refusedStatus } from './helpers';

let stack: TestStack;
let second: RunningApi;

beforeAll(async () => {
  stack = await startStack({ api: true });
  second = await startApi(createApiDeps(stack.config), 0);
});
afterAll(async () => {
  await second.stop();
  await closeApiDeps(second.deps);
  await stack.stop();
});

const urlOn = (apiUrl: string, token: string) => `${apiUrl.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`;

const closed = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason), at: Date.now() })),
  );

test("a session is closed within a second of its token's exp", async () => {
  const { tenant } = await stack.createRestaurant();
  const token = await signDashboardToken(stack.config.JWT_SECRET, { restaurantId: tenant.id, role: 'agent' }, 2);
  const exp = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp as number;
  const client = await connectWs(urlOn(stack.api!.url, token));
  const end = await closed(client.ws);
  expect(end.code).toBe(4001);
  expect(end.reason).toBe('token expired');
  expect(end.at).toBeGreaterThanOrEqual(exp * 1000 - 50);
  expect(end.at - exp * 1000).toBeLessThan(1000);
});

test('deactivating a restaurant through one API copy ends its sessions on the other at once, and only its', async () => {
  const [gone, stays] = [await stack.createRestaurant(), await stack.createRestaurant()];
  const goneToken = await mintToken(stack, gone.tenant.id, 'owner');
  const staysToken = await mintToken(stack, stays.tenant.id, 'owner');
  const goneClient = await connectWs(urlOn(second.url, goneToken));
  const staysClient = await connectWs(urlOn(second.url, staysToken));
  const ending = closed(goneClient.ws);

  const started = Date.now();
  expect((await admin(stack, 'PATCH', `/api/admin/restaurants/${gone.tenant.id}`, { isActive: false })).status).toBe(200);
  const end = await ending;
  expect(end.code).toBe(4003);
  expect(end.at - started).toBeLessThan(1000);
  expect(staysClient.ws.readyState).toBe(WebSocket.OPEN);
  // And it cannot come straight back.
  expect(await refusedStatus(urlOn(second.url, goneToken))).toBe(403);
  expect(await refusedStatus(urlOn(stack.api!.url, goneToken))).toBe(403);
  staysClient.close();
});

test('other changes to a restaurant leave its sessions open', async () => {
  const { tenant } = await stack.createRestaurant();
  const client = await connectWs(urlOn(second.url, await mintToken(stack, tenant.id, 'agent')));
  await admin(stack, 'PATCH', `/api/admin/restaurants/${tenant.id}`, { restaurantName: 'Renamed Grill' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(client.ws.readyState).toBe(WebSocket.OPEN);
  client.close();
});
