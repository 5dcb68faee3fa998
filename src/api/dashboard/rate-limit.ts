// Per-token rate limit on the dashboard API: DASHBOARD_RATE_LIMIT_PER_MIN requests a minute, counted
// in Redis so every API copy shares it; an in-memory limiter takes over while Redis is down.
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { bearerToken } from '../auth/jwt';

export function dashboardRateLimit(deps: Pick<ApiDeps, 'config' | 'redis' | 'metrics' | 'log'>): RequestHandler {
  const points = deps.config.DASHBOARD_RATE_LIMIT_PER_MIN;
  const limiter = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: 'rl:dashboard',
    points,
    duration: 60,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: 'rl:dashboard:mem', points, duration: 60 }),
  });
  return async (req, res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (!token) return next();
    // Keyed by a digest of the (already verified) token: the token itself never reaches Redis.
    const key = createHash('sha256').update(token).digest('base64url').slice(0, 32);
    try {
      const result = await limiter.consume(key);
      res.setHeader('RateLimit-Limit', String(points));
      res.setHeader('RateLimit-Remaining', String(result.remainingPoints));
      next();
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) {
        // Both limiters failed: serve rather than lock every dashboard out.
        deps.log.warn({ err }, 'dashboard rate limiter unavailable');
        return next();
      }
      deps.metrics.rateLimited.inc({ scope: 'dashboard' });
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))));
      next(new HttpError(429, 'rate_limited', `more than ${points} requests a minute with this token; slow down`));
    }
  };
}
