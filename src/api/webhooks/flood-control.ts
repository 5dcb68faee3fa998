// Inbound flood control per customer of a restaurant (SPEC §7): INBOUND_MAX_PER_MINUTE messages a
// minute are processed; the first one over the limit earns the customer one polite notice, the
// rest are only stored. Counters live in Redis (shared by every API copy); while Redis is down an
// in-process limiter stands in, so the webhook keeps answering.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Admission } from '../../messages/inbound';
import type { RedisClient } from '../../redis';

const WINDOW_SECONDS = 60;

export class InboundFloodControl {
  private readonly limiter: RateLimiterRedis;

  constructor(
    redis: RedisClient,
    private readonly maxPerMinute: number,
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'rl:in',
      points: maxPerMinute,
      duration: WINDOW_SECONDS,
      // Without a ready connection go straight to the in-process limiter instead of waiting.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points: maxPerMinute, duration: WINDOW_SECONDS }),
    });
  }

  /** Key: `rl:in:{restaurantId}:{customerWa}` — one counter per tenant and customer. */
  async check(restaurantId: string, customerWa: string): Promise<Admission> {
    try {
      await this.limiter.consume(`${restaurantId}:${customerWa}`);
      return 'allowed';
    } catch (rejection) {
      // Counters are atomic, so exactly one request per window sees limit + 1.
      if (rejection instanceof RateLimiterRes) return rejection.consumedPoints === this.maxPerMinute + 1 ? 'notice' : 'silent';
      // Both limiters failed (should not happen): serve rather than drop.
      return 'allowed';
    }
  }
}
