// What activities are built from: the worker owns these connections, tests pass real test instances.
import type { Config } from '../config';
import type { PrismaClient } from '../db';
import type { EventPublisher } from '../events/publisher';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { RedisClient } from '../redis';
import type { TwilioClientCache } from '../twilio/client';

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
