// What the API process hands its routes: its composition root, built once in src/server.ts (and
// by tests). Routes and background work take the narrow parts they need.
import type { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';
import { closeConnections, openConnections } from '../connections';
import type { PrismaClient } from '../db';
import { dispatchSettingsOf, type DispatchDeps } from '../dispatch/deps';
import type { EventPublisher } from '../events/publisher';
import { createLogger, type Logger } from '../logger';
import { createMetrics, type Metrics } from '../metrics';
import type { RedisClient } from '../redis';
import { TenantChanges } from '../tenants/changes';
import { createTemporalClient } from '../temporal/connection';
import { Conversations } from '../temporal/conversations';

export interface ApiDeps {
  config: Config;
  prisma: PrismaClient;
  redis: RedisClient;
  temporal: { connection: Connection; client: Client };
  /** The one way the API reaches conversation workflows. */
  conversations: Conversations;
  events: EventPublisher;
  /** Restaurant changes announced by any API copy (tenant caches, live sessions). */
  tenantChanges: TenantChanges;
  metrics: Metrics;
  log: Logger;
  /** The phone simulator's routes (GET /phone), only when the local Twilio emulator runs. */
  phone?: import('express').Router;
}

export function createApiDeps(config: Config, log: Logger = createLogger(config.LOG_LEVEL, 'api')): ApiDeps {
  const temporal = createTemporalClient(config);
  return {
    config,
    ...openConnections(config, log),
    temporal,
    conversations: Conversations.fromConfig(temporal.client, config),
    tenantChanges: new TenantChanges(config.REDIS_URL, log),
    metrics: createMetrics('api', { failedSendsRefreshMs: config.METRICS_FAILED_SENDS_REFRESH_MS }),
    log,
  };
}

export function dispatchDepsOf(deps: ApiDeps): DispatchDeps {
  return {
    prisma: deps.prisma,
    conversations: deps.conversations,
    log: deps.log,
    settings: dispatchSettingsOf(deps.config),
    handoffs: deps.metrics.handoffs,
  };
}

export async function closeApiDeps(deps: ApiDeps): Promise<void> {
  await Promise.allSettled([closeConnections(deps), deps.temporal.connection.close(), deps.tenantChanges.stop()]);
}
