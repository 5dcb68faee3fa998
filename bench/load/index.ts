// `npm run bench` — our whole pipeline against bare Temporal, in one run on one Temporal server
// (issue 10). Not part of `npm test`. Every run stops by itself.
//
//   npm run bench                              200 customers, 10 restaurants, 300 ms think time
//   npm run bench -- --customers 20            a small run
//   npm run bench -- --levels 25,50,100,200    several loads, one after the other, and the chart
//   --restaurants N  --think-ms MS  --ramp-ms MS  --duration S (no new message after S seconds)
//   --api-copies N  --workers N                 our copies (the baseline has one worker)
//   --drain S (late replies may land this long before the checks and the baseline; default 30)
//   --no-baseline   --out FILE (JSON; default bench/results/<timestamp>.json)   --chart FILE (SVG)
//   --keep-files    leave the stack's directory (its processes' logs, the Temporal database) behind
//   --pg-socket     the API and worker reach PostgreSQL over its Unix socket instead of 127.0.0.1
//   --poll-ratio R  our workers' WORKER_NONSTICKY_POLL_RATIO (default: the app's, 1)
//   --baseline-poll-ratio R  the baseline worker's nonStickyToStickyPollRatio (default: the SDK's, 0.2)
//   --signal-timeout MS      our API copies' WEBHOOK_SIGNAL_TIMEOUT_MS (default: the app's, 2000)
//   --long-conversation N    one customer, N messages in one conversation (think --think-ms, e.g. 0)
//   --live-conversations N   worker memory with N open conversations; --cache 10000,1000,100 (worker
//                            cache sizes: the first while opening, each further one on a restarted
//                            worker touching --touch N of them), --concurrency N (50)
//
// Each customer sends the 9 messages of a pickup order and waits for the answer to each (20 s at
// most) before thinking and sending the next; the baseline's customers do the same with
// signal-with-start into a workflow that runs one activity per message (bench/load/baseline/).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format } from 'prettier';
import { freePort } from '../chaos/processes';
import { ChaosStack } from '../chaos/stack';
import { Baseline } from './baseline/run';
import { latencyChart } from './chart';
import { measureCpu, perMessage, type CpuUse, type Roles } from './cpu';
import { summarise, type LoadShape, type Percentiles, type Summary } from './customers';
import { liveConversations } from './live-conversations';
import { longConversation } from './long-conversation';
import { benchRestaurant, ORDER_MESSAGES, runOurs, type OursResult } from './ours';

interface Args {
  levels: number[];
  restaurants: number;
  thinkMs: number;
  rampMs: number;
  durationS: number | null;
  drainS: number;
  apiCopies: number;
  workers: number;
  baseline: boolean;
  out: string;
  chart: string | null;
  longConversation: number | null;
  liveConversations: number | null;
  caches: number[];
  touch: number;
  concurrency: number;
  keepFiles: boolean;
  pgSocket: boolean;
  pollRatio: number | null;
  baselinePollRatio: number | null;
  signalTimeoutMs: number | null;
}

const REPLY_TIMEOUT_MS = 20_000;

function parseArgs(argv: string[]): Args {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const args: Args = {
    levels: [200],
    restaurants: 10,
    thinkMs: 300,
    rampMs: 3000,
    durationS: null,
    drainS: 30,
    apiCopies: 1,
    workers: 1,
    baseline: true,
    out: join(__dirname, '../results', `${stamp}.json`),
    chart: null,
    longConversation: null,
    liveConversations: null,
    caches: [10_000, 1000, 100],
    touch: 2000,
    concurrency: 50,
    keepFiles: false,
    pgSocket: false,
    pollRatio: null,
    baselinePollRatio: null,
    signalTimeoutMs: null,
  };
  const number = (i: number) => {
    const value = Number(argv[i]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${argv[i - 1]} needs a number`);
    return value;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--customers') args.levels = [number(++i)];
    else if (arg === '--levels') args.levels = (argv[++i] ?? '').split(',').map(Number);
    else if (arg === '--restaurants') args.restaurants = number(++i);
    else if (arg === '--think-ms') args.thinkMs = number(++i);
    else if (arg === '--ramp-ms') args.rampMs = number(++i);
    else if (arg === '--duration') args.durationS = number(++i);
    else if (arg === '--api-copies') args.apiCopies = number(++i);
    else if (arg === '--workers') args.workers = number(++i);
    else if (arg === '--drain') args.drainS = number(++i);
    else if (arg === '--no-baseline') args.baseline = false;
    else if (arg === '--out') args.out = argv[++i]!;
    else if (arg === '--chart') args.chart = argv[++i]!;
    else if (arg === '--long-conversation') args.longConversation = number(++i);
    else if (arg === '--live-conversations') args.liveConversations = number(++i);
    else if (arg === '--cache') args.caches = (argv[++i] ?? '').split(',').map(Number);
    else if (arg === '--touch') args.touch = number(++i);
    else if (arg === '--concurrency') args.concurrency = number(++i);
    else if (arg === '--keep-files') args.keepFiles = true;
    else if (arg === '--pg-socket') args.pgSocket = true;
    else if (arg === '--poll-ratio') args.pollRatio = number(++i);
    else if (arg === '--baseline-poll-ratio') args.baselinePollRatio = number(++i);
    else if (arg === '--signal-timeout') args.signalTimeoutMs = number(++i);
    else throw new Error(`unknown option ${arg}`);
  }
  if (args.levels.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--customers / --levels: whole numbers ≥ 1');
  if (args.caches.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--cache: whole numbers ≥ 1');
  if (args.signalTimeoutMs !== null && (!Number.isInteger(args.signalTimeoutMs) || args.signalTimeoutMs < 1)) {
    throw new Error('--signal-timeout: a whole number of milliseconds ≥ 1');
  }
  return args;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

function stackOptions(args: Args): Parameters<typeof ChaosStack.start>[1] {
  const workerEnv = args.pollRatio === null ? undefined : { WORKER_NONSTICKY_POLL_RATIO: String(args.pollRatio) };
  const apiEnv = args.signalTimeoutMs === null ? undefined : { WEBHOOK_SIGNAL_TIMEOUT_MS: String(args.signalTimeoutMs) };
  return { pgSocket: args.pgSocket, workerEnv, apiEnv };
}

type Measured<T> = T & { cpu: CpuUse; cpuMsPerAnswered: Record<string, number> };

interface Level {
  customers: number;
  ours: Measured<Summary & Omit<OursResult, 'samples'>>;
  baseline: Measured<Summary> | null;
  /** Ours as a multiple of the baseline: throughput (answered/s) and reply p50/p95. */
  ratios: { throughput: number; replyP50: number; replyP95: number } | null;
}

const ms = (p: Summary['replyMs']) => (p ? `p50 ${p.p50} / p95 ${p.p95} / p99 ${p.p99} / max ${p.max} ms` : 'none');

function printSummary(name: string, s: Summary): void {
  log(
    `  ${name}: sent ${s.sent}, accepted ${s.accepted}, answered ${s.answered}, unanswered (20 s) ${s.unanswered}, ` +
      `${s.seconds} s, offered ${s.offeredPerSecond}/s, answered ${s.answeredPerSecond}/s (answered at all ${s.replied}, ${s.repliedPerSecond}/s)`,
  );
  log(`    ack   ${ms(s.ackMs)}`);
  log(`    reply ${ms(s.replyMs)}`);
  log(`    first reply of a new conversation ${ms(s.firstReplyMs)}`);
}

/** The phase's CPU: how busy the machine was and each role's CPU ms per answered message. */
function withCpu<T extends Summary>(s: T, cpu: CpuUse): Measured<T> {
  const cpuMsPerAnswered = perMessage(cpu, s.replied);
  const shares = Object.entries(cpuMsPerAnswered).map(([role, n]) => `${role} ${n}`);
  log(
    `    cpu   ${cpu.busyPercent}% of ${cpu.cores} cores over ${Math.round(cpu.seconds)} s; ms per answered message: ${shares.join(', ')}`,
  );
  return { ...s, cpu, cpuMsPerAnswered };
}

const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? Math.round((a / b) * 100) / 100 : NaN);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const git = (...a: string[]) => execFileSync('git', a, { encoding: 'utf8' }).trim();
  const commit = git('rev-parse', '--short', 'HEAD');
  const dirty = git('status', '--porcelain', '--', 'src').length > 0;
  const started = Date.now();
  if (args.longConversation !== null || args.liveConversations !== null) return oneConversationMode(args, commit, dirty);
  const stack = await ChaosStack.start(log, stackOptions(args));
  let baseline: Baseline | null = null;
  const levels: Level[] = [];
  try {
    while (stack.apis.length < args.apiCopies) await stack.addApi();
    while (stack.workers.length < args.workers) await stack.addWorker();
    if (args.baseline)
      baseline = await Baseline.start(stack.temporalAddress, stack.root, stack.logDir, args.baselinePollRatio ?? undefined);
    const roles = (): Roles => ({
      bench: [process.pid],
      temporal: [stack.temporal.pid],
      postgres: [stack.postgres.pid],
      redis: [stack.redis.pid],
      api: stack.apis.map((a) => a.process.pid),
      worker: stack.workers.map((w) => w.process.pid),
      'baseline worker': [baseline?.workerPid],
    });
    const restaurants = [];
    for (let r = 0; r < args.restaurants; r += 1) restaurants.push(await benchRestaurant(stack, `bench${r}`));
    log(`${args.restaurants} restaurants, ${args.apiCopies} API copies, ${args.workers} workers; think ${args.thinkMs} ms`);
    const earlier = { duplicated: 0, twilioMessages: 0, outboundRows: 0 };
    for (const customers of args.levels) {
      const shape: LoadShape = {
        customers,
        messages: ORDER_MESSAGES,
        thinkMs: args.thinkMs,
        rampMs: args.rampMs,
        replyTimeoutMs: REPLY_TIMEOUT_MS,
        durationMs: args.durationS === null ? null : args.durationS * 1000,
      };
      log(`\n== ${customers} customers`);
      const oursCpu = measureCpu(roles);
      const result = await runOurs(stack, restaurants, shape, args.drainS * 1000);
      const cpu = oursCpu();
      const { samples, ...checks } = result;
      // The fake and the rows hold every level so far: count this level's own.
      for (const key of ['duplicated', 'twilioMessages', 'outboundRows'] as const) {
        const total = checks[key];
        checks[key] -= earlier[key];
        earlier[key] = total;
      }
      const summary = { ...summarise(samples, customers, REPLY_TIMEOUT_MS), ...checks };
      printSummary('ours', summary);
      const ours = withCpu(summary, cpu);
      log(
        `    orders placed ${ours.ordersPlaced}, duplicate sends ${ours.duplicated}, lost ${ours.lost}, out of order ${ours.outOfOrder} (fake ${ours.twilioMessages} / rows ${ours.outboundRows})`,
      );
      const acked = ours.serverAckMs;
      log(
        `    ack at the API (${acked.requests} requests, bucket bounds): p50 ≤ ${acked.p50} / p95 ≤ ${acked.p95} / p99 ≤ ${acked.p99} ms`,
      );
      const handoffs = Object.entries(ours.handoffs).map(([key, n]) => `${key} ${n}`);
      log(`    hand-overs (drain included): ${handoffs.join(', ') || 'none counted'}`);
      for (const line of ours.evidence) log(`    ${line}`);
      let base: Measured<Summary> | null = null;
      if (baseline) {
        const baseCpu = measureCpu(roles);
        const baseSamples = await baseline.run(shape);
        const cpu = baseCpu();
        const summary = summarise(baseSamples, customers, REPLY_TIMEOUT_MS);
        printSummary('bare Temporal', summary);
        base = withCpu(summary, cpu);
      }
      const ratios = base
        ? {
            throughput: ratio(ours.answeredPerSecond, base.answeredPerSecond),
            replyP50: ratio(ours.replyMs?.p50, base.replyMs?.p50),
            replyP95: ratio(ours.replyMs?.p95, base.replyMs?.p95),
          }
        : null;
      if (ratios) log(`  ours / bare Temporal: throughput ${ratios.throughput}×, reply p50 ${ratios.replyP50}×, p95 ${ratios.replyP95}×`);
      levels.push({ customers, ours, baseline: base, ratios });
    }
  } finally {
    await baseline?.stop();
    await stack.stop(args.keepFiles);
  }
  const report = {
    at: new Date(started).toISOString(),
    commit,
    uncommittedChangesInSrc: dirty,
    options: { ...args, out: undefined, chart: undefined, messagesPerCustomer: ORDER_MESSAGES, replyTimeoutMs: REPLY_TIMEOUT_MS },
    seconds: Math.round((Date.now() - started) / 1000),
    levels,
  };
  await writeReport(args.out, report);
  if (args.chart) {
    const point = (customers: number, s: Summary) => ({
      customers,
      offered: s.offeredPerSecond,
      p50: s.replyMs?.p50 ?? 0,
      p95: s.replyMs?.p95 ?? 0,
    });
    const series = [{ name: 'Sufrah (webhook → Twilio fake)', colour: '#c0392b', points: levels.map((l) => point(l.customers, l.ours)) }];
    if (levels.every((l) => l.baseline))
      series.push({
        name: 'bare Temporal (signal-with-start → sink)',
        colour: '#2471a3',
        points: levels.map((l) => point(l.customers, l.baseline!)),
      });
    const title = `Reply latency against load, ${args.thinkMs} ms think time, commit ${commit}${dirty ? '+' : ''}`;
    mkdirSync(dirname(args.chart), { recursive: true });
    writeFileSync(args.chart, latencyChart(title, series));
    log(`chart ${args.chart}`);
  }
}

async function writeReport(out: string, report: object): Promise<void> {
  mkdirSync(dirname(out), { recursive: true });
  // Formatted as `npm run lint` wants it, so a results file can be committed as written.
  writeFileSync(out, await format(JSON.stringify(report), { parser: 'json' }));
  log(`\nwritten ${out}`);
}

/** --long-conversation and --live-conversations: our side only, on a stack of their own. */
async function oneConversationMode(args: Args, commit: string, dirty: boolean): Promise<void> {
  const started = Date.now();
  const stack = await ChaosStack.start(log, stackOptions(args));
  let result: object;
  try {
    if (args.longConversation !== null) {
      const long = await longConversation(
        stack,
        args.longConversation,
        args.thinkMs,
        args.durationS === null ? null : args.durationS * 1000,
        log,
      );
      const p = (x: Percentiles | null) => (x ? `p50 ${x.p50} / p95 ${x.p95} / max ${x.max} ms` : 'none');
      log(`\n${long.messages} messages in ${long.seconds} s, ${long.answered} answered`);
      log(`  messages 1–20: ${p(long.first20)}; last 20: ${p(long.last20)}; last/first p50 ${long.lateOverEarly}×`);
      for (const w of long.windows) log(`  ${w.from}–${w.to}: ${p(w.reply)}`);
      log(`  ${long.runs.length} runs, history lengths ${long.runs.map((r) => r.historyLength).join(', ')}`);
      log(`  duplicate sends ${long.duplicated}, lost ${long.lost}, out of order ${long.outOfOrder}, orders ${long.ordersPlaced}`);
      result = { longConversation: long };
    } else {
      const options = { conversations: args.liveConversations!, caches: args.caches, touch: args.touch, concurrency: args.concurrency };
      result = { liveConversations: await liveConversations(stack, options, await freePort(), log) };
    }
  } finally {
    await stack.stop(args.keepFiles);
  }
  const options = { ...args, out: undefined, chart: undefined, levels: undefined, baseline: undefined };
  await writeReport(args.out, {
    at: new Date(started).toISOString(),
    commit,
    uncommittedChangesInSrc: dirty,
    options,
    seconds: Math.round((Date.now() - started) / 1000),
    ...result,
  });
}

process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  },
);
