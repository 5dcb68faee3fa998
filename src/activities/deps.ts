// What activities are built from: the worker owns these connections, tests pass real test instances.
import type { Config } from '../config';
import type { PrismaClient } from '../db';
import type { EventPublisher } from '../events/publisher';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { RedisClient } from '../redis';
import type { RestaurantBot } from '../generated/prisma/client';
import { credentialKeysOf } from '../tenants/credentials';
import { tenantCredentials } from '../tenants/store';
import type { TwilioClient, TwilioClientCache } from '../twilio/client';

export interface ActivityDeps {
  config: Config;
  prisma: PrismaClient;
  redis: RedisClient;
  events: EventPublisher;
  metrics: Metrics;
  log: Logger;
  /** One Twilio client per restaurant, rebuilt when its credentials change. */
  twilioClients: TwilioClientCache;
}

/** The restaurant's own Twilio client, with its decrypted credentials. */
export function twilioClientOf(deps: ActivityDeps, tenant: RestaurantBot): TwilioClient {
  return deps.twilioClients.get(tenant.id, tenantCredentials(tenant, credentialKeysOf(deps.config)));
}
