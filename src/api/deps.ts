// What the API process hands its routes. Built once in src/server.ts (and by tests).
import type { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';
import type { PrismaClient } from '../db';
import type { EventPublisher } from '../events/publisher';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { RedisClient } from '../redis';

export interface ApiDeps {
  config: Config;
  prisma: PrismaClient;
  redis: RedisClient;
  temporal: { connection: Connection; client: Client };
  events: EventPublisher;
  metrics: Metrics;
  log: Logger;
}

import { createPrisma } from '../db';
import { createEventPublisher } from '../events/publisher';
import { createLogger } from '../logger';
import { createMetrics } from '../metrics';
import { closeRedis, createRedis } from '../redis';
import { createTemporalClient } from '../temporal/connection';

export function createApiDeps(config: Config, log: Logger = createLogger(config.LOG_LEVEL, 'api')): ApiDeps {
  const redis = createRedis(config.REDIS_URL);
  // ioredis reports connection errors as events; without a listener they would crash the process.
  redis.on('error', (err: Error) => log.warn({ err: err.message }, 'redis connection error'));
  return {
    config,
    prisma: createPrisma(config.DATABASE_URL, config.DATABASE_POOL_SIZE),
    redis,
    temporal: createTemporalClient(config),
    events: createEventPublisher(redis),
    metrics: createMetrics('api'),
    log,
  };
}

export async function closeApiDeps(deps: ApiDeps): Promise<void> {
  await Promise.allSettled([deps.prisma.$disconnect(), closeRedis(deps.redis), deps.temporal.connection.close()]);
}
