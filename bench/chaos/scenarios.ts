// The chaos scenarios (issue 9, item 6). Each gets a restaurant of its own on the shared chaos
// stack, runs the load driver while it injects its fault, drains, and checks from outside.
import { setTimeout as sleep } from 'node:timers/promises';
import { runLoad, type LoadOptions, type SentMessage } from './driver';
import { fuzzWebhooks } from './fuzz';
import type { ChaosRestaurant, ChaosStack } from './stack';
import { drain, verify, type Figures } from './verify';

export interface ScenarioContext {
  stack: ChaosStack;
  smoke: boolean;
  seed: number;
  log: (line: string) => void;
}

export interface Scenario {
  name: string;
  /**
   * calm: load only, faults scoped to its own restaurant; disruptive: restarts or kills a shared
   * server, so it runs alone; background: long and mostly waiting (its faults hit only its own
   * restaurant's Twilio account), so it runs alongside the calm ones.
   */
  kind: 'calm' | 'disruptive' | 'background';
  describe: (smoke: boolean) => string;
  run: (ctx: ScenarioContext) => Promise<Figures>;
}

/** The bot's send activity gives up on an attempt after this long (startToCloseTimeout). */
const ACTIVITY_TIMEOUT_MS = 30_000;

interface LoadScenario {
  load: Omit<LoadOptions, 'apiUrls' | 'thinkMs' | 'replyTimeoutMs' | 'rampMs'> & Partial<LoadOptions>;
  /** The fault, run alongside the load; `done` tells it the load has finished. */
  fault?: (ctx: ScenarioContext, restaurant: ChaosRestaurant, done: () => boolean) => Promise<string[]>;
  drainMs?: number;
  /** No send may still be held by the fake: wait this long after the last one. */
  quietMs?: number;
}

async function loadScenario(ctx: ScenarioContext, name: string, spec: LoadScenario): Promise<Figures> {
  const { stack } = ctx;
  const startedAt = Date.now();
  const crashesBefore = stack.crashes().length;
  const restaurant = await stack.createRestaurant(name);
  let finished = false;
  const load = runLoad(restaurant, stack.twilio, {
    apiUrls: () => stack.apis.map((a) => a.url),
    thinkMs: 100,
    replyTimeoutMs: 120_000,
    rampMs: 2000,
    ...spec.load,
  }).finally(() => {
    finished = true;
  });
  const [sent, notes] = await Promise.all([load, spec.fault ? spec.fault(ctx, restaurant, () => finished) : Promise.resolve([])]);
  ctx.log(`  load done after ${Math.round((Date.now() - startedAt) / 1000)} s; draining`);
  const drainMs = spec.drainMs ?? (ctx.smoke ? 120_000 : 300_000);
  const drained = await drain(stack, restaurant, sent, drainMs, spec.quietMs ?? 2000);
  const crashes = stack.crashes().slice(crashesBefore);
  const figures = await verify(stack, restaurant, sent, startedAt, crashes.length);
  figures.notes.push(...notes, ...crashes);
  if (!drained) figures.notes.push(`drain gave up after ${drainMs / 1000} s: what had no answer by then is counted as lost`);
  const unacked = sent.filter((m: SentMessage) => !m.acked);
  if (unacked.length)
    figures.notes.push(`${unacked.length} message(s) never acknowledged after Twilio-like retries (last status ${unacked[0]!.lastStatus})`);
  return figures;
}

const pick = (smoke: boolean, small: number, full: number) => (smoke ? small : full);

/** Runs `times` faults spaced `everyMs` apart while the load runs (stops early once it is done). */
async function repeatedly(
  times: number,
  firstMs: number,
  everyMs: number,
  done: () => boolean,
  fault: (n: number) => Promise<string>,
): Promise<string[]> {
  const notes: string[] = [];
  await sleep(firstMs);
  for (let n = 1; n <= times; n += 1) {
    if (done()) {
      notes.push(`load finished before fault ${n} of ${times}`);
      break;
    }
    notes.push(await fault(n));
    if (n < times) await sleep(everyMs);
  }
  return notes;
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'duplicates',
    kind: 'calm',
    describe: (smoke) => `${pick(smoke, 90, 1000)} messages, each delivered three times at once`,
    run: (ctx) =>
      loadScenario(ctx, 'duplicates', {
        load: {
          customers: pick(ctx.smoke, 30, 250),
          messagesPerCustomer: pick(ctx.smoke, 3, 4),
          deliveries: 3,
          rampMs: pick(ctx.smoke, 2000, 10_000),
        },
      }),
  },
  {
    name: 'worker-kill',
    kind: 'disruptive',
    describe: (smoke) => `kill -9 of the worker ${pick(smoke, 1, 5)}× under load, restarted each time`,
    run: (ctx) => {
      const times = pick(ctx.smoke, 1, 5);
      return loadScenario(ctx, 'worker-kill', {
        load: { customers: pick(ctx.smoke, 20, 60), messagesPerCustomer: pick(ctx.smoke, 3, 8), deliveries: 1 },
        fault: (c, _r, done) =>
          repeatedly(times, 3000, 5000, done, async (n) => {
            const worker = c.stack.workers[0]!.process;
            const pid = worker.pid;
            await worker.kill();
            const t0 = Date.now();
            await worker.start();
            return `kill -9 #${n}: worker pid ${pid}, back (pid ${worker.pid}) after ${Date.now() - t0} ms`;
          }),
      });
    },
  },
  {
    name: 'temporal-outage',
    kind: 'disruptive',
    describe: (smoke) => `Temporal dev server stopped for ${pick(smoke, 10, 60)} s under load (customers write on meanwhile)`,
    run: (ctx) => {
      const outageMs = pick(ctx.smoke, 10_000, 60_000);
      return loadScenario(ctx, 'temporal-outage', {
        // Customers write on without waiting for answers, so several of each are stored while
        // Temporal is away and must be answered in order once it is back.
        load: {
          customers: pick(ctx.smoke, 20, 50),
          messagesPerCustomer: pick(ctx.smoke, 5, 7),
          deliveries: 1,
          waitForReply: false,
          thinkMs: Math.round(outageMs / 3),
        },
        drainMs: pick(ctx.smoke, 120_000, 300_000),
        fault: async (c) => {
          await sleep(3000);
          const t0 = Date.now();
          await c.stack.temporal.stop();
          await sleep(outageMs);
          await c.stack.temporal.start();
          return [`Temporal down ${Math.round((Date.now() - t0) / 1000)} s (stopped, restarted from its file)`];
        },
      });
    },
  },
  {
    name: 'redis-restart',
    kind: 'disruptive',
    describe: () => 'Redis restarted under load (no persistence: its keys are gone after)',
    run: (ctx) =>
      loadScenario(ctx, 'redis-restart', {
        load: { customers: pick(ctx.smoke, 20, 60), messagesPerCustomer: pick(ctx.smoke, 3, 5), deliveries: 1 },
        fault: (c, _r, done) =>
          repeatedly(pick(ctx.smoke, 1, 2), 3000, 8000, done, async (n) => {
            const t0 = Date.now();
            await c.stack.redis.kill();
            await sleep(pick(ctx.smoke, 2000, 5000));
            await c.stack.redis.start();
            return `Redis restart #${n}: down ${Date.now() - t0} ms`;
          }),
      }),
  },
  {
    name: 'postgres-restart',
    kind: 'disruptive',
    describe: () => 'PostgreSQL restarted under load (fast shutdown, then start)',
    run: (ctx) =>
      loadScenario(ctx, 'postgres-restart', {
        load: { customers: pick(ctx.smoke, 20, 60), messagesPerCustomer: pick(ctx.smoke, 3, 5), deliveries: 1 },
        fault: (c, _r, done) =>
          repeatedly(pick(ctx.smoke, 1, 2), 3000, 8000, done, async (n) => {
            const t0 = Date.now();
            c.stack.postgres.stop();
            await sleep(pick(ctx.smoke, 2000, 5000));
            c.stack.postgres.start();
            return `PostgreSQL restart #${n}: down ${Date.now() - t0} ms`;
          }),
      }),
  },
  {
    name: 'twilio-faults',
    kind: 'background',
    describe: () =>
      'Twilio fake: 15 % 5xx, 10 % 429 + Retry-After, half of the sends answered after 25 s, 3 % after the activity timeout, 3 % of answers dropped',
    run: async (ctx) => {
      const verySlowMs = ACTIVITY_TIMEOUT_MS + 10_000;
      try {
        return await loadScenario(ctx, 'twilio-faults', {
          load: { customers: pick(ctx.smoke, 12, 40), messagesPerCustomer: pick(ctx.smoke, 1, 3), deliveries: 1, replyTimeoutMs: 180_000 },
          drainMs: pick(ctx.smoke, 240_000, 420_000),
          quietMs: verySlowMs + 2000,
          fault: async (c, restaurant) => {
            c.stack.twilio.chaos({
              seed: c.seed,
              accountSid: restaurant.accountSid,
              serverError: 0.15,
              tooManyRequests: 0.1,
              retryAfterSeconds: 1,
              slow: 0.5,
              slowMs: 25_000,
              verySlow: 0.03,
              verySlowMs,
              drop: 0.03,
            });
            return [`faults seeded ${c.seed}; very slow = ${verySlowMs / 1000} s`];
          },
        });
      } finally {
        ctx.stack.twilio.chaos(null);
      }
    },
  },
  {
    name: 'two-copies',
    kind: 'calm',
    describe: () => "two API copies and two workers on one Temporal, customers' messages alternating copies (not waiting for answers)",
    run: async (ctx) => {
      await Promise.all([ctx.stack.addApi(), ctx.stack.addWorker()]);
      try {
        return await loadScenario(ctx, 'two-copies', {
          // Without waiting for answers, so consecutive messages of a customer race through different copies.
          load: {
            customers: pick(ctx.smoke, 20, 60),
            messagesPerCustomer: pick(ctx.smoke, 4, 6),
            deliveries: 1,
            waitForReply: false,
            thinkMs: 50,
          },
        });
      } finally {
        await ctx.stack.removeExtraCopies();
      }
    },
  },
  {
    name: 'fuzz',
    kind: 'calm',
    describe: (smoke) => `${pick(smoke, 500, 10_000)} fuzzed webhook bodies, signed and unsigned`,
    run: (ctx) => fuzzWebhooks(ctx, pick(ctx.smoke, 500, 10_000)),
  },
];
