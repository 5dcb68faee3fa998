// Per-restaurant outbound limits (SPEC §7): maxMessagesPerMin and maxMessagesPerDay, counted in
// Redis so every worker shares them. Keys: rl:out:min:{restaurantId}, rl:out:day:{restaurantId}.
// Over the limit the send is delayed (a retryable failure with the wait as next retry delay),
// never dropped. With Redis down the send goes ahead: serving beats counting.
import { ApplicationFailure } from '@temporalio/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { ActivityDeps } from './deps';

export const OUTBOUND_KEY_PREFIX = { minute: 'rl:out:min', day: 'rl:out:day' } as const;

type Window = keyof typeof OUTBOUND_KEY_PREFIX;

const DURATION_S: Record<Window, number> = { minute: 60, day: 86_400 };
const SCOPE: Record<Window, string> = { minute: 'restaurant_minute', day: 'restaurant_day' };

export interface OutboundLimits {
  maxMessagesPerMin: number;
  maxMessagesPerDay: number;
}

export class OutboundRateLimiter {
  /** One limiter per (window, points): restaurants share a limiter when their limits agree. */
  private readonly limiters = new Map<string, RateLimiterRedis>();

  constructor(private readonly deps: ActivityDeps) {}

  private limiter(window: Window, points: number): RateLimiterRedis {
    const id = `${window}:${points}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.deps.redis,
        keyPrefix: OUTBOUND_KEY_PREFIX[window],
        points,
        duration: DURATION_S[window],
        rejectIfRedisNotReady: true,
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  /**
   * Takes one send from both windows, or throws a retryable `RateLimited` failure whose
   * nextRetryDelay is the time until the window frees up.
   */
  async acquire(restaurantId: string, limits: OutboundLimits): Promise<void> {
    const minute = this.limiter('minute', limits.maxMessagesPerMin);
    const day = this.limiter('day', limits.maxMessagesPerDay);
    if (!(await this.take(minute, 'minute', restaurantId))) return;
    try {
      await this.take(day, 'day', restaurantId);
    } catch (err) {
      // The send did not happen: give the minute window its point back.
      await minute.reward(restaurantId, 1).catch(() => undefined);
      throw err;
    }
  }

  /** True when a point was taken; false when Redis is unavailable (the send proceeds uncounted). */
  private async take(limiter: RateLimiterRedis, window: Window, restaurantId: string): Promise<boolean> {
    try {
      await limiter.consume(restaurantId, 1);
      return true;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        this.deps.metrics.rateLimited.inc({ scope: SCOPE[window] });
        const waitMs = Math.max(rejection.msBeforeNext, 1);
        this.deps.log.info({ restaurantId, window, waitMs }, 'outbound rate limit reached; send delayed');
        throw ApplicationFailure.create({
          type: 'RateLimited',
          message: `restaurant ${restaurantId} is over its outbound ${window} limit; retry in ${waitMs} ms`,
          nextRetryDelay: waitMs,
        });
      }
      this.deps.log.warn({ restaurantId, window, err: rejection }, 'outbound rate limit unavailable (Redis down?); sending without it');
      return false;
    }
  }
}
