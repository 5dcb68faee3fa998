// GET /health: 200 when database, Redis and Temporal all answer; 503 naming what is down.
// GET /metrics: Prometheus text, only with the bearer METRICS_TOKEN when one is set.
import { Router } from 'express';
import type { ApiDeps } from './deps';
import { unauthorized } from './errors';
import { metricsRequestAllowed } from '../metrics';
import { redisIsUp } from '../redis';
import { temporalIsUp } from '../temporal/connection';

async function databaseIsUp(deps: ApiDeps): Promise<boolean> {
  try {
    await deps.prisma.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}

const state = (up: boolean) => (up ? 'connected' : 'disconnected');

export function healthRouter(deps: ApiDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const [database, redis, temporal] = await Promise.all([
      databaseIsUp(deps),
      redisIsUp(deps.redis),
      temporalIsUp(deps.temporal.connection),
    ]);
    deps.metrics.redisUp.set(redis ? 1 : 0);
    const down = Object.entries({ database, redis, temporal })
      .filter(([, up]) => !up)
      .map(([name]) => name);
    res.status(down.length ? 503 : 200).json({
      status: down.length ? 'degraded' : 'ok',
      timestamp: new Date().toISOString(),
      uptime: process.uptime(),
      database: state(database),
      redis: state(redis),
      temporal: state(temporal),
      ...(down.length ? { down } : {}),
    });
  });
  router.get('/metrics', async (req, res) => {
    if (!metricsRequestAllowed(req.headers.authorization, deps.config.METRICS_TOKEN)) {
      res.set('www-authenticate', 'Bearer');
      throw unauthorized('/metrics needs Authorization: Bearer <METRICS_TOKEN>');
    }
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}
