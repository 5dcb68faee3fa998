// `npm run bench -- --live-conversations N --cache 10000,1000,100` (issue 10 item 5): worker
// memory with N live conversation workflows. N customers each send one message (the workflow then
// stays open until CONVERSATION_IDLE_HOURS), `--concurrency` of them at a time, each waiting for
// its answer; the worker runs with the first cache size and its memory is read every N/10
// conversations. Then, for every further cache size, the worker is restarted with it and `--touch`
// of the open conversations get a second message (each is replayed into the cache, evicting
// others once it is full), and its memory is read again.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { customerNumber, inboundParams, newMessageSid } from '../chaos/driver';
import type { AppProcess, ChaosStack } from '../chaos/stack';
import { Answers } from './answers';
import { percentiles, type Percentiles } from './customers';
import { benchRestaurant, postWebhook, type BenchRestaurant } from './ours';

export interface MemorySample {
  /** Conversations opened (or touched) so far in this phase. */
  conversations: number;
  seconds: number;
  rssMb: number;
  /** The main thread's V8 heap (prom-client); the workflow sandboxes run in the SDK's threads, in RSS only. */
  heapUsedMb: number | null;
  heapTotalMb: number | null;
  /** Workflows in the SDK's sticky cache (temporal_sticky_cache_size), when the SDK reports it. */
  cached: number | null;
}

export interface MemoryPhase {
  cache: number;
  what: 'open' | 'touch';
  conversations: number;
  seconds: number;
  perSecond: number;
  answered: number;
  replyMs: Percentiles | null;
  /** Right after the worker started, before this phase's messages. */
  idle: MemorySample;
  samples: MemorySample[];
}

interface Options {
  conversations: number;
  caches: number[];
  touch: number;
  concurrency: number;
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

function metric(text: string, name: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(name) && (l[name.length] === ' ' || l[name.length] === '{'));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : null;
}

async function memoryOf(worker: AppProcess, sdkMetricsUrl: string, conversations: number, since: number): Promise<MemorySample> {
  const status = readFileSync(`/proc/${worker.process.pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  const ours = await fetch(`${worker.url}/metrics`).then((r) => r.text());
  const sdk = await fetch(`${sdkMetricsUrl}/metrics`).then(
    (r) => r.text(),
    () => '',
  );
  const used = metric(ours, 'nodejs_heap_size_used_bytes');
  const total = metric(ours, 'nodejs_heap_size_total_bytes');
  return {
    conversations,
    seconds: Math.round((Date.now() - since) / 1000),
    rssMb: Math.round(rssKb / 1024),
    heapUsedMb: used === null ? null : mb(used),
    heapTotalMb: total === null ? null : mb(total),
    cached: metric(sdk, 'temporal_sticky_cache_size'),
  };
}

export async function liveConversations(
  stack: ChaosStack,
  options: Options,
  sdkMetricsPort: number,
  log: (line: string) => void,
): Promise<MemoryPhase[]> {
  const restaurants: BenchRestaurant[] = [];
  for (let r = 0; r < 10; r += 1) restaurants.push(await benchRestaurant(stack, `live${r}`));
  const customers = Array.from({ length: options.conversations }, (_, c) => ({
    number: customerNumber(),
    restaurant: restaurants[c % 10]!,
  }));
  const arrivals = new Map<string, number>();
  const answers = new Answers();
  const unsubscribe = stack.twilio.onMessage((message) => {
    const n = arrivals.get(message.to) ?? 0;
    arrivals.set(message.to, n + 1);
    answers.arrived(`${message.to}@${n}`, Date.now());
  });
  const worker = stack.workers[0]!;
  const sdkMetricsUrl = `http://127.0.0.1:${sdkMetricsPort}`;
  const phases: MemoryPhase[] = [];
  try {
    for (const [i, cache] of options.caches.entries()) {
      worker.process.spec.env = {
        ...worker.process.spec.env,
        WORKER_MAX_CACHED_WORKFLOWS: String(cache),
        TEMPORAL_SDK_METRICS_PORT: String(sdkMetricsPort),
      };
      await worker.process.restart();
      await sleep(3000);
      const what = i === 0 ? 'open' : 'touch';
      const count = i === 0 ? options.conversations : Math.min(options.touch, options.conversations);
      const started = Date.now();
      const idle = await memoryOf(worker, sdkMetricsUrl, 0, started);
      log(`\n== cache ${cache}: ${what} ${count} conversations (worker idle: RSS ${idle.rssMb} MB, heap ${idle.heapUsedMb} MB)`);
      const samples: MemorySample[] = [];
      const replies: number[] = [];
      let next = 0;
      let done = 0;
      const every = Math.max(1, Math.round(count / 10));
      const one = async (c: number) => {
        const { number, restaurant } = customers[c]!;
        const key = `${number}@${arrivals.get(number) ?? 0}`;
        const sentAt = Date.now();
        const params = inboundParams(restaurant, number, newMessageSid(), `Live ${c}`, { Body: 'hi' });
        const accepted = await postWebhook(stack.apis[c % stack.apis.length]!.url, restaurant, params).catch(() => false);
        const at = accepted ? await answers.wait(key, 60_000) : null;
        if (at !== null) replies.push(at - sentAt);
        done += 1;
        if (done % every === 0) {
          const sample = await memoryOf(worker, sdkMetricsUrl, done, started);
          samples.push(sample);
          log(
            `  ${done} / ${count}, ${sample.seconds} s: RSS ${sample.rssMb} MB, heap ${sample.heapUsedMb} / ${sample.heapTotalMb} MB, cached ${sample.cached ?? '?'}`,
          );
        }
      };
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          while (next < count) await one(next++);
        }),
      );
      const seconds = (Date.now() - started) / 1000;
      await sleep(5000);
      samples.push(await memoryOf(worker, sdkMetricsUrl, done, started));
      const last = samples.at(-1)!;
      log(`  settled 5 s: RSS ${last.rssMb} MB, heap ${last.heapUsedMb} / ${last.heapTotalMb} MB, cached ${last.cached ?? '?'}`);
      phases.push({
        cache,
        what,
        conversations: count,
        seconds: Math.round(seconds),
        perSecond: Math.round((count / seconds) * 10) / 10,
        answered: replies.length,
        replyMs: percentiles(replies),
        idle,
        samples,
      });
    }
  } finally {
    unsubscribe();
  }
  return phases;
}
