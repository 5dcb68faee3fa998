// The connections both processes hold: PostgreSQL (Prisma), Redis, and the event publisher on it.
import type { Config } from './config';
import { createPrisma, PrismaClient } from './db';
import { createEventPublisher, EventPublisher } from './events/publisher';
import type { Logger } from './logger';
import { closeRedis, createRedis, RedisClient } from './redis';

export interface Connections {
  prisma: PrismaClient;
  redis: RedisClient;
  events: EventPublisher;
}

export function openConnections(config: Config, log: Logger): Connections {
  const redis = createRedis(config.REDIS_URL);
  // ioredis reports connection errors as events; without a listener they would crash the process.
  redis.on('error', (err: Error) => log.warn({ err }, 'redis connection error'));
  return {
    prisma: createPrisma(config.DATABASE_URL, config.DATABASE_POOL_SIZE),
    redis,
    events: createEventPublisher(redis),
  };
}

export async function closeConnections({ prisma, redis }: Connections): Promise<void> {
  await Promise.allSettled([prisma.$disconnect(), closeRedis(redis)]);
}
