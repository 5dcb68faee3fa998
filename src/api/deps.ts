// What the API process hands its routes. Built once in src/server.ts (and by tests).
import type { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';
import type { PrismaClient } from '../db';
import type { EventPublisher } from '../events/publisher';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { RedisClient } from '../redis';
import { Conversations } from '../temporal/conversations';

export interface ApiDeps {
  config: Config;
  prisma: PrismaClient;
  redis: RedisClient;
  temporal: { connection: Connection; client: Client };
  /** The one way the API reaches conversation workflows. */
  conversations: Conversations;
  events: EventPublisher;
  metrics: Metrics;
  log: Logger;
}

import { closeConnections, openConnections } from '../connections';
import { createLogger } from '../logger';
import { createMetrics } from '../metrics';
import { createTemporalClient } from '../temporal/connection';

export function createApiDeps(config: Config, log: Logger = createLogger(config.LOG_LEVEL, 'api')): ApiDeps {
  const temporal = createTemporalClient(config);
  return {
    config,
    ...openConnections(config, log),
    temporal,
    conversations: Conversations.fromConfig(temporal.client, config),
    metrics: createMetrics('api'),
    log,
  };
}

export async function closeApiDeps(deps: ApiDeps): Promise<void> {
  await Promise.allSettled([closeConnections(deps), deps.temporal.connection.close()]);
}
