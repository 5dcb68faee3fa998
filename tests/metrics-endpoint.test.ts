// /metrics of both processes (SPEC §4 "Other"): a bearer METRICS_TOKEN when one is set, the SDK's own
// metrics on loopback unless configured, and a scrape that reads the failed-sends gauge from a cache.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import request from 'supertest';
import { createApp } from '../src/api/app';
import { closeApiDeps, createApiDeps, type ApiDeps } from '../src/api/deps';
import { loadConfig } from '../src/config';
import { PrismaClient } from '../src/db';
import { seedConversation, seedMessage } from './dashboard/helpers';
import { eventually } from './support/eventually';
import { startStack, type TestStack } from './support/stack';

const ROOT = join(__dirname, '..');
const TOKEN = 'metrics-token-for-tests-0123456789';

/** Every way a scrape may be refused: no header, a wrong token, a prefix of the right one, another scheme. */
const refused: [string, Record<string, string>][] = [
  ['no Authorization header', {}],
  ['a wrong token', { authorization: 'Bearer not-the-metrics-token-at-all' }],
  ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
  ['the token under another scheme', { authorization: `Basic ${TOKEN}` }],
];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

const gauge = (text: string, name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1]);

describe('configuration', () => {
  test('defaults: no token, SDK metrics on loopback, failed sends counted every 15 s', () => {
    expect(loadConfig({})).toMatchObject({ TEMPORAL_SDK_METRICS_HOST: '127.0.0.1', METRICS_FAILED_SENDS_REFRESH_MS: 15_000 });
    expect(loadConfig({}).METRICS_TOKEN).toBeUndefined();
    expect(loadConfig({ TEMPORAL_SDK_METRICS_HOST: '::' }).TEMPORAL_SDK_METRICS_HOST).toBe('::');
  });

  test.each([
    ['METRICS_TOKEN', 'short', /METRICS_TOKEN: expected at least 16 characters/],
    ['TEMPORAL_SDK_METRICS_HOST', 'localhost', /TEMPORAL_SDK_METRICS_HOST:/],
    ['METRICS_FAILED_SENDS_REFRESH_MS', '0', /METRICS_FAILED_SENDS_REFRESH_MS:/],
  ])('%s=%s stops the process with a line naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});

describe('the API /metrics with METRICS_TOKEN set', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ api: true, env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => stack.stop());

  test.each(refused)('401 with %s', async (_name, headers) => {
    const res = await request(stack.api!.url).get('/metrics').set(headers);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.text).not.toContain('sufrah_');
  });

  test('200 with the token as a bearer', async () => {
    const res = await request(stack.api!.url).get('/metrics').set('authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('sufrah_webhooks_total');
    expect(res.text).toContain('sufrah_outgoing_webhook_deliveries_total');
  });

  test('/health stays open', async () => {
    expect((await request(stack.api!.url).get('/health')).status).toBe(200);
  });
});

describe('the worker process with METRICS_TOKEN set', () => {
  test('its /metrics answers 401 without the token and 200 with it; the SDK metrics listen on 127.0.0.1', async () => {
    const [metricsPort, sdkPort] = [await freePort(), await freePort()];
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/worker.ts')], {
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        TEMPORAL_TASK_QUEUE: `metrics-${Date.now()}`,
        METRICS_TOKEN: TOKEN,
        TEMPORAL_SDK_METRICS_HOST: undefined, // the default
        WORKER_METRICS_PORT: String(metricsPort),
        TEMPORAL_SDK_METRICS_PORT: String(sdkPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await eventually(() => expect(output).toContain('worker polling'), { timeoutMs: 60_000, what: 'the worker to poll' });
      const url = `http://127.0.0.1:${metricsPort}`;
      for (const [, headers] of refused) {
        const res = await request(url).get('/metrics').set(headers);
        expect(res.status).toBe(401);
        expect(res.text).not.toContain('sufrah_');
      }
      const ok = await request(url).get('/metrics').set('authorization', `Bearer ${TOKEN}`);
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('sufrah_sends_total');
      const sdk = await eventually(
        async () => {
          const res = await request(`http://127.0.0.1:${sdkPort}`).get('/metrics');
          expect(res.text).toContain('temporal_num_pollers');
          return res;
        },
        { what: 'the SDK to report its pollers' },
      );
      expect(sdk.status).toBe(200);
      expect(output).toMatch(new RegExp(`"sdkMetrics":"127\\.0\\.0\\.1:${sdkPort}"`));
      // Not on this machine's other addresses (when it has one).
      const external = Object.values(networkInterfaces())
        .flat()
        .find((address) => address?.family === 'IPv4' && !address.internal)?.address;
      if (external) await expect(fetch(`http://${external}:${sdkPort}/metrics`)).rejects.toThrow();
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 90_000);
});

describe('the failed-sends gauge', () => {
  /** An API whose Prisma client reports every query it sends, so a test can count them. */
  async function apiCountingQueries(env: Record<string, string>) {
    const config = loadConfig({ ...process.env, ...env });
    const prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: config.DATABASE_URL, max: 2 }),
      log: [{ emit: 'event', level: 'query' }],
    });
    const counts: string[] = [];
    prisma.$on('query', (event) => {
      if (/\bCOUNT\(/i.test(event.query) && event.query.includes('"Message"')) counts.push(event.query);
    });
    const deps: ApiDeps = { ...createApiDeps(config), prisma };
    const app = createApp(deps);
    return {
      app: app.app,
      counts,
      async stop() {
        await app.stop();
        await Promise.allSettled([closeApiDeps(deps), prisma.$disconnect()]);
      },
    };
  }

  test('50 scrapes within one refresh interval cost one count query', async () => {
    const api = await apiCountingQueries({ METRICS_FAILED_SENDS_REFRESH_MS: '600000' });
    try {
      const scrapes = await Promise.all(Array.from({ length: 25 }, () => request(api.app).get('/metrics')));
      for (let i = 0; i < 25; i++) scrapes.push(await request(api.app).get('/metrics'));
      expect(scrapes.map((res) => res.status)).toEqual(Array(50).fill(200));
      expect(api.counts).toHaveLength(1);
      const values = new Set(scrapes.map((res) => gauge(res.text, 'sufrah_failed_sends')));
      expect(values.size).toBe(1);
      expect([...values][0]).not.toBeNaN();
    } finally {
      await api.stop();
    }
  });

  test('a new failed send shows once the interval has passed, with at most one count query per interval', async () => {
    const refreshMs = 300;
    const stack = await startStack();
    const api = await apiCountingQueries({ METRICS_FAILED_SENDS_REFRESH_MS: String(refreshMs) });
    const started = Date.now();
    try {
      const before = gauge((await request(api.app).get('/metrics')).text, 'sufrah_failed_sends');
      const { tenant } = await stack.createRestaurant();
      await seedMessage(stack.prisma, await seedConversation(stack.prisma, tenant.id), { direction: 'OUT', status: 'failed', waSid: null });
      let scrapes = 1;
      await eventually(
        async () => {
          scrapes += 1;
          const now = await stack.prisma.message.count({ where: { direction: 'OUT', status: { in: ['failed', 'undelivered'] } } });
          expect(gauge((await request(api.app).get('/metrics')).text, 'sufrah_failed_sends')).toBe(now);
        },
        { intervalMs: 20, what: 'the gauge to count the new failed send' },
      );
      const elapsed = Date.now() - started;
      expect(before).not.toBeNaN();
      expect(scrapes).toBeGreaterThan(api.counts.length);
      expect(api.counts.length).toBeLessThanOrEqual(1 + Math.ceil(elapsed / refreshMs));
    } finally {
      await api.stop();
      await stack.stop();
    }
  });
});
