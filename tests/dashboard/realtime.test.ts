// GET /ws (SPEC §4): authenticated before the upgrade, one restaurant's events only, one shared
// Redis subscriber per process, heartbeats, and a client that stops reading is dropped.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import { createEventPublisher } from '../../src/events/publisher';
import { eventually } from '../support/eventually';
import { startStack, type TestStack } from '../support/stack';
import { connectWs, forgedTokens, mintToken, refusedStatus, sleep, wsUrl } from './helpers';

// Above one burst of the test's publisher (100 × 16 KB), which a reading client absorbs.
const MAX_BUFFERED = 4 * 1024 * 1024;

let stack: TestStack;
let a: string;
let b: string;
let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  stack = await startStack({ api: true, env: { WS_MAX_BUFFERED_BYTES: String(MAX_BUFFERED) } });
  a = (await stack.createRestaurant()).tenant.id;
  b = (await stack.createRestaurant()).tenant.id;
  tokenA = await mintToken(stack, a, 'agent');
  tokenB = await mintToken(stack, b, 'owner');
});
afterAll(() => stack.stop());

const publish = (restaurantId: string, data: Record<string, unknown>) =>
  createEventPublisher(stack.redis).publish(restaurantId, { type: 'message.received', data });

const subscribers = async (restaurantId: string) => {
  const [, count] = (await stack.redis.pubsub('NUMSUB', `ws:restaurant:${restaurantId}:messages`)) as [string, number];
  return Number(count);
};

// Live heap and buffers after a full collection: what the process really holds.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
function retainedMemory(): number {
  collectGarbage();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
}

test("A's client gets A's message.received within 1 s; B's client gets nothing of A's", async () => {
  const clientA = await connectWs(wsUrl(stack, { token: tokenA }));
  const clientB = await connectWs(wsUrl(stack, { token: tokenB }));
  const started = Date.now();
  await publish(a, { id: 'msg-a-1', body: 'hello A' });
  const event = await clientA.waitFor((m) => m.type === 'message.received', 1000);
  expect(Date.now() - started).toBeLessThan(1000);
  expect(event).toEqual({ type: 'message.received', data: { id: 'msg-a-1', body: 'hello A' } });
  await sleep(1000);
  expect(clientB.received).toEqual([]);
  clientA.close();
  clientB.close();
});

test('the token may come in the Authorization header; admins pick the restaurant', async () => {
  const viaHeader = await connectWs(wsUrl(stack, {}), { authorization: `Bearer ${tokenB}` });
  const adminToken = await mintToken(stack, a, 'admin');
  const adminOnB = await connectWs(wsUrl(stack, { token: adminToken, restaurantId: b }));
  await createEventPublisher(stack.redis).publish(b, { type: 'order.updated', data: { id: 'order-b' } });
  await viaHeader.waitFor((m) => m.type === 'order.updated');
  await adminOnB.waitFor((m) => m.type === 'order.updated');
  viaHeader.close();
  adminOnB.close();
});

test('bad tokens are refused before the upgrade', async () => {
  const forged = await forgedTokens(stack, a);
  expect(await refusedStatus(wsUrl(stack, {}))).toBe(401);
  for (const kind of ['expired', 'wrongSecret', 'algNone', 'hs512', 'noExp', 'garbage']) {
    expect({ kind, status: await refusedStatus(wsUrl(stack, { token: forged[kind]! })) }).toEqual({ kind, status: 401 });
  }
  expect(await refusedStatus(wsUrl(stack, { token: tokenA, restaurantId: b }))).toBe(403);
  expect(await subscribers(b)).toBe(0);
});

test('one shared subscriber per process: subscribed on the first client, released after the last', async () => {
  expect(await subscribers(a)).toBe(0);
  const first = await connectWs(wsUrl(stack, { token: tokenA }));
  const second = await connectWs(wsUrl(stack, { token: tokenA }));
  expect(await subscribers(a)).toBe(1);
  first.close();
  await sleep(200);
  expect(await subscribers(a)).toBe(1);
  await publish(a, { id: 'still-there' });
  await second.waitFor((m) => m.data.id === 'still-there');
  second.close();
  await eventually(async () => expect(await subscribers(a)).toBe(0), { timeoutMs: 5_000 });
});

/** Completes the WebSocket handshake by hand, then never reads again. */
async function nonReadingClient(token: string): Promise<Socket> {
  const socket = connect(Number(new URL(stack.api!.url).port), '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(
        `GET /ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.once('data', (chunk) => {
      if (!String(chunk).startsWith('HTTP/1.1 101')) reject(new Error(`handshake refused: ${String(chunk).split('\r\n')[0]}`));
      socket.pause();
      resolve();
    });
  });
  socket.on('error', () => undefined);
  return socket;
}

test('a client that never reads while 10,000 events are published is dropped; server memory stays bounded', async () => {
  const restaurantId = (await stack.createRestaurant()).tenant.id;
  const token = await mintToken(stack, restaurantId, 'owner');
  const stalled = await nonReadingClient(token);
  // A healthy reader on the same restaurant, counting events without keeping them.
  const healthy = new WebSocket(wsUrl(stack, { token }));
  await new Promise((resolve, reject) => healthy.once('open', resolve).once('error', reject));
  let next = 0;
  let inOrder = true;
  healthy.on('message', (raw) => {
    inOrder &&= (JSON.parse(String(raw)) as { data: { n: number } }).data.n === next;
    next++;
  });
  expect(await subscribers(restaurantId)).toBe(1);

  const payload = 'x'.repeat(16 * 1024);
  const before = retainedMemory();
  const publisher = createEventPublisher(stack.redis);
  const BATCH = 100;
  for (let batch = 0; batch < 10_000 / BATCH; batch++) {
    await Promise.all(
      Array.from({ length: BATCH }, (_, i) =>
        publisher.publish(restaurantId, { type: 'message.received', data: { n: batch * BATCH + i, payload } }),
      ),
    );
    // Paced by the healthy reader (it shares this process's event loop with the server).
    await eventually(() => expect(next).toBeGreaterThanOrEqual((batch + 1) * BATCH), { timeoutMs: 5_000 });
  }
  expect(next).toBe(10_000);
  expect(inOrder).toBe(true);
  // 10,000 × 16 KB = 160 MB went out. Buffered for the stalled client, most of it would still be
  // held by the server now; bounded, only the cap (4 MB) and kernel buffers are.
  expect(retainedMemory() - before).toBeLessThan(32 * 1024 * 1024);

  // The server already cut the stalled client off: once it reads again it gets what was in flight, then the end.
  let bytes = 0;
  const closed = new Promise<void>((resolve) => stalled.once('close', () => resolve()));
  stalled.on('data', (chunk: Buffer) => (bytes += chunk.length));
  stalled.resume();
  await Promise.race([closed, sleep(5000).then(() => Promise.reject(new Error('stalled client was not dropped')))]);
  expect(bytes).toBeLessThan(40 * 1024 * 1024);
  healthy.close();
  await eventually(async () => expect(await subscribers(restaurantId)).toBe(0), { timeoutMs: 5_000 });
}, 60_000);

describe('heartbeats', () => {
  let fast: TestStack;
  beforeAll(async () => {
    fast = await startStack({ api: true, env: { WS_HEARTBEAT_MS: '200' } });
  });
  afterAll(() => fast.stop());

  test('a client that answers no ping is terminated; a live one stays', async () => {
    const restaurantId = (await fast.createRestaurant()).tenant.id;
    const token = await mintToken(fast, restaurantId, 'owner');
    const live = await connectWs(wsUrl(fast, { token }));
    const port = Number(new URL(fast.api!.url).port);
    const dead = connect(port, '127.0.0.1');
    dead.on('error', () => undefined);
    dead.on('data', () => undefined); // reads, but never answers a ping
    dead.write(
      `GET /ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    await new Promise<void>((resolve) => dead.once('close', () => resolve()));
    await sleep(600);
    expect(live.ws.readyState).toBe(live.ws.OPEN);
    live.close();
  });
});
