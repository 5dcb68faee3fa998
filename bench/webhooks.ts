// `npm run bench:webhooks` — ack latency of POST /whatsapp/webhook under load. Not a timed test.
//
// By default it starts what it needs on this machine: a fresh migrated database (dropped after),
// a Temporal dev server, the Twilio fake, the API and a worker; then it sends signed webhooks from
// many customers with bounded concurrency to 127.0.0.1 and prints p50/p95/p99 and throughput.
//
//   BENCH_REQUESTS=2000 BENCH_CONCURRENCY=50 BENCH_CUSTOMERS=400   load shape
//   BENCH_WORKER=0                          no worker (ack path only; messages stay in Temporal)
//   BENCH_TARGET_URL=http://127.0.0.1:3000  use a running API instead; then also set
//   BENCH_AUTH_TOKEN, BENCH_TO (the restaurant's whatsappFrom) and BENCH_PUBLIC_BASE_URL.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '../src/workflows/contract';
import { createTestDatabase } from '../tests/support/database';
import { startStack } from '../tests/support/stack';
import { inboundParams, postSigned, withConcurrency, type WebhookTarget } from '../tests/support/twilio-webhook';
import { defineSearchAttributeKey } from '@temporalio/common';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const REQUESTS = env('BENCH_REQUESTS', 2000);
const CONCURRENCY = env('BENCH_CONCURRENCY', 50);
const CUSTOMERS = env('BENCH_CUSTOMERS', 400);

interface Harness {
  target: WebhookTarget;
  to: string;
  /** Counts stored/dispatched rows of this run, when the bench owns the database. */
  progress?: (sids: string[]) => Promise<{ stored: number; dispatched: number }>;
  stop(): Promise<void>;
}

function local(url: string): string {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`BENCH_TARGET_URL must be 127.0.0.1 or localhost, got ${host}`);
  return url.replace(/\/+$/, '');
}

async function runningApi(): Promise<Harness> {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is required with BENCH_TARGET_URL`);
    return value;
  };
  const apiUrl = local(need('BENCH_TARGET_URL'));
  return {
    target: { apiUrl, publicBaseUrl: need('BENCH_PUBLIC_BASE_URL'), authToken: need('BENCH_AUTH_TOKEN') },
    to: need('BENCH_TO'),
    stop: async () => undefined,
  };
}

async function ownStack(): Promise<Harness> {
  const root = join(__dirname, '..');
  const temporalPath = execFileSync('bash', [join(root, 'scripts/ensure-temporal.sh')], { encoding: 'utf8' }).trim();
  const [temporal, database] = await Promise.all([
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: temporalPath },
        searchAttributes: SEARCH_ATTRIBUTES.map((name) => defineSearchAttributeKey(name, 'KEYWORD')),
        ui: false,
      },
    }),
    createTestDatabase('sufrah_bench'),
  ]);
  Object.assign(process.env, {
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace ?? 'default',
    DATABASE_URL: database.url,
    // The bench is about the ack path: keep flood control out of the way of 2,000 messages.
    INBOUND_MAX_PER_MINUTE: process.env.INBOUND_MAX_PER_MINUTE ?? '1000',
    // 50 concurrent webhooks: a pool a little larger than the development default of 10.
    DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '20',
  });
  const stack = await startStack({ api: true, worker: process.env.BENCH_WORKER !== '0' });
  // Replies are not what is measured: keep the restaurant's outbound limits out of the way.
  const { tenant, authToken } = await stack.createRestaurant({ locale: 'en', maxMessagesPerMin: 1_000_000, maxMessagesPerDay: 10_000_000 });
  return {
    target: { apiUrl: stack.api!.url, publicBaseUrl: stack.config.PUBLIC_BASE_URL, authToken },
    to: tenant.whatsappFrom,
    async progress(sids) {
      const [stored, dispatched] = await Promise.all([
        stack.prisma.message.count({ where: { waSid: { in: sids } } }),
        stack.prisma.message.count({ where: { waSid: { in: sids }, dispatchedAt: { not: null } } }),
      ]);
      return { stored, dispatched };
    },
    async stop() {
      await stack.stop();
      await Promise.allSettled([temporal.teardown(), database.drop()]);
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Sends the load and prints what it saw. Runs in a process of its own, so the client does not
 * share an event loop with the API it measures. */
async function load(harness: Pick<Harness, 'target' | 'to'>): Promise<void> {
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => `whatsapp:+9665${String(10_000_000 + i)}`);
  const messages = Array.from({ length: REQUESTS }, (_, i) => inboundParams(harness.to, { Body: `hi ${i}` }, customers[i % CUSTOMERS]));
  // Warm-up: connections, tenant cache, first workflow starts.
  const warmUp = messages.slice(0, 20).map((p) => ({ ...p, MessageSid: `${p.MessageSid}w` }));
  await withConcurrency(
    10,
    warmUp.map((p) => () => postSigned(harness.target, '/whatsapp/webhook', p)),
  );

  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  await withConcurrency(
    CONCURRENCY,
    messages.map((params) => async () => {
      const t0 = performance.now();
      const res = await postSigned(harness.target, '/whatsapp/webhook', params);
      latencies.push(performance.now() - t0);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  process.stdout.write(
    [
      `webhooks: ${REQUESTS}, concurrency ${CONCURRENCY}, customers ${CUSTOMERS}`,
      `statuses: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`,
      `ack latency p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1)!)}`,
      `throughput ${(REQUESTS / seconds).toFixed(0)} webhooks/s (${seconds.toFixed(2)} s)`,
    ].join('\n') + '\n',
  );
  writeFileSync(process.env.BENCH_SIDS_FILE ?? '/dev/null', JSON.stringify(messages.map((m) => m.MessageSid)));
}

/** Own stack: start it, run the load in a child process against it, then report the hand-over. */
async function withOwnStack(): Promise<void> {
  const harness = await ownStack();
  try {
    const sidsFile = join(mkdtempSync(join(tmpdir(), 'sufrah-bench-')), 'sids.json');
    const child = spawn(process.execPath, [...process.execArgv, __filename], {
      stdio: 'inherit',
      env: {
        ...process.env,
        BENCH_TARGET_URL: harness.target.apiUrl,
        BENCH_PUBLIC_BASE_URL: harness.target.publicBaseUrl,
        BENCH_AUTH_TOKEN: harness.target.authToken,
        BENCH_TO: harness.to,
        BENCH_SIDS_FILE: sidsFile,
      },
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`load generator exited with ${code}`);
    const sids = JSON.parse(readFileSync(sidsFile, 'utf8')) as string[];
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { stored, dispatched } = await harness.progress!(sids);
      if (dispatched === sids.length || Date.now() > deadline) {
        process.stdout.write(`stored ${stored}/${sids.length}, handed to their workflows ${dispatched}/${sids.length}\n`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await harness.stop();
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_TARGET_URL) await load(await runningApi());
  else await withOwnStack();
}
main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
