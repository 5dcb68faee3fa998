// Shared by the activity tests: the real stack without a worker, activities built from real
// dependencies, and a listener on a restaurant's dashboard channels.
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import Redis from 'ioredis';
import { createActivities } from '../../src/activities';
import type { ActivityDeps } from '../../src/activities';
import type { ConversationActivities } from '../../src/workflows/contract';
import { channelFor, TOPICS, type DashboardEvent } from '../../src/events/publisher';
import { createActivityDeps } from '../../src/worker';
import { eventually } from '../support/eventually';
import { startStack, type TestStack } from '../support/stack';

export interface ActivityHarness {
  stack: TestStack;
  deps: ActivityDeps;
  activities: ConversationActivities;
  close(): Promise<void>;
}

export async function startActivityHarness(env: Record<string, string> = {}): Promise<ActivityHarness> {
  const stack = await startStack({ worker: false, env });
  const deps = createActivityDeps(stack.config);
  return {
    stack,
    deps,
    activities: createActivities(deps),
    async close() {
      await Promise.allSettled([deps.prisma.$disconnect(), deps.redis.quit()]);
      await stack.stop();
    },
  };
}

export interface EventListener {
  events: DashboardEvent[];
  /** Resolves with the first event of this type (already received or arriving within the timeout). */
  next(type: DashboardEvent['type'], timeoutMs?: number): Promise<DashboardEvent>;
  close(): Promise<void>;
}

/** Subscribes (on a connection of its own, as the API's WebSocket does) to a restaurant's channels. */
export async function listenToRestaurant(redisUrl: string, restaurantId: string): Promise<EventListener> {
  const subscriber = new Redis(redisUrl);
  const events: DashboardEvent[] = [];
  subscriber.on('message', (_channel: string, payload: string) => events.push(JSON.parse(payload) as DashboardEvent));
  await subscriber.subscribe(...TOPICS.map((topic) => channelFor(restaurantId, topic)));
  return {
    events,
    next(type, timeoutMs = 2000) {
      return eventually(
        () => {
          const found = events.find((e) => e.type === type);
          if (!found) throw new Error(`no ${type} event; got ${events.map((e) => e.type).join(', ') || 'none'}`);
          return found;
        },
        { timeoutMs, intervalMs: 20 },
      );
    },
    async close() {
      await subscriber.quit();
    },
  };
}

/** The rejection of a promise, for asserting on thrown failures. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

/** Runs an activity inside a real activity Context, as Temporal's retry `attempt` would. */
export function runAsAttempt<A, R>(attempt: number, activity: (args: A) => Promise<R>, args: A): Promise<R> {
  return new MockActivityEnvironment({ attempt }).run<[A], R, (args: A) => Promise<R>>(activity, args);
}

/** What Temporal does with a retryable failure: retries (after its next-retry delay, capped for
 * tests) from attempt 2 on, until the activity returns. */
export async function retriedLikeTemporal<A, R>(activity: (args: A) => Promise<R>, args: A, attempts = 20): Promise<R> {
  for (let attempt = 2; ; attempt += 1) {
    try {
      return await runAsAttempt(attempt, activity, args);
    } catch (err) {
      if (!(err instanceof ApplicationFailure) || err.nonRetryable || attempt >= attempts) throw err;
      const delayMs = err.nextRetryDelay ? Number(err.nextRetryDelay) : 100;
      await new Promise((resolve) => setTimeout(resolve, Math.min(delayMs, 1000)));
    }
  }
}
