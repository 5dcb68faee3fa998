// The safety net of outgoing webhooks, like the dispatcher's for inbound work: a delivery is
// recorded before its queue's workflow is signalled, and what was never signalled (Temporal
// unreachable, a process stopped in between, the ops CLI) is found here every DISPATCH_INTERVAL_MS
// once older than DISPATCH_MIN_AGE_MS, and signalled — one wake-up per queue, since the workflow
// reads its queue from the database in order. Runs in every API copy; a duplicate wake-up is harmless.
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../db';
import type { Logger } from '../logger';
import type { WebhookQueues } from './queues';
import { markSignalled, unsignalled } from './store';

export interface WebhookSweeper {
  start(): void;
  stop(): Promise<void>;
  /** One pass; how many queues were woken. */
  sweep(): Promise<number>;
}

export function createWebhookSweeper(
  deps: { prisma: PrismaClient; log: Logger; client: Client; queues: WebhookQueues },
  settings: { intervalMs: number; minAgeMs: number; batchSize: number },
): WebhookSweeper {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  async function sweep(): Promise<number> {
    const due = await unsignalled(deps.prisma, settings.minAgeMs, settings.batchSize);
    const byQueue = new Map<string, typeof due>();
    for (const row of due) {
      const key = `${row.restaurantId}\u0000${row.queue}`;
      byQueue.set(key, [...(byQueue.get(key) ?? []), row]);
    }
    let woken = 0;
    for (const rows of byQueue.values()) {
      if (!(await deps.queues.wake(deps.client, rows[0]!))) break; // Temporal failing: next round
      await markSignalled(
        deps.prisma,
        rows.map((row) => row.id),
      );
      woken += 1;
    }
    return woken;
  }

  const tick = () => {
    running = sweep()
      .catch((err: unknown) => deps.log.warn({ err }, 'webhook sweep failed; next round'))
      .finally(() => {
        if (timer) timer = setTimeout(tick, settings.intervalMs).unref();
      });
  };

  return {
    start() {
      timer = setTimeout(tick, settings.intervalMs).unref();
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
    sweep,
  };
}
