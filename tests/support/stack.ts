// The real stack for integration tests: PostgreSQL, Redis and the shared Temporal dev server from
// global-setup, a worker on a task queue of this test file's own, the API on a free port, and the
// Twilio fake (the only fake) that the real `twilio` library talks to.
import { randomBytes, randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig, Config } from '../../src/config';
import { createApiDeps, closeApiDeps } from '../../src/api/deps';
import { startApi, RunningApi } from '../../src/server';
import { createActivityDeps, createConversationWorker } from '../../src/worker';
import { closeConnections } from '../../src/connections';
import { createPrisma, PrismaClient } from '../../src/db';
import { closeRedis, createRedis, RedisClient } from '../../src/redis';
import { createTemporalClient } from '../../src/temporal/connection';
import { Conversations } from '../../src/temporal/conversations';
import { menuInput, MenuInputRaw } from '../../src/menu/schema';
import { replaceMenu, MenuDocument } from '../../src/menu/store';
import { createTenant, Tenant } from '../../src/tenants/store';
import { CreateTenantInput } from '../../src/tenants/schema';
import { startTwilioFake } from '../../src/twilio/fake-server';
import { demoMenu } from '../../prisma/demo-menu';
import type { ActivityDeps } from '../../src/activities';

export type TwilioFake = Awaited<ReturnType<typeof startTwilioFake>>;

export interface StackOptions {
  api?: boolean;
  worker?: boolean;
  /** Extra environment for this stack's config (e.g. INBOUND_MAX_PER_MINUTE). */
  env?: Record<string, string>;
}

export interface TestRestaurant {
  tenant: Tenant;
  authToken: string;
  menu: MenuDocument;
}

export interface TestStack {
  config: Config;
  prisma: PrismaClient;
  redis: RedisClient;
  twilio: TwilioFake;
  conversations: Conversations;
  temporal: ReturnType<typeof createTemporalClient>;
  api?: RunningApi;
  worker?: Worker;
  activityDeps?: ActivityDeps;
  createRestaurant(overrides?: Partial<CreateTenantInput>, menu?: MenuInputRaw): Promise<TestRestaurant>;
  /** Stops and starts this stack's worker (e.g. to replay after a crash). */
  stop(): Promise<void>;
}

export const randomWhatsApp = () => `whatsapp:+9665${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

export async function startStack(options: StackOptions = {}): Promise<TestStack> {
  const twilio = await startTwilioFake();
  const config = loadConfig({
    ...process.env,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    TWILIO_API_BASE_URL: twilio.url,
    PORT: '0',
    ...options.env,
  });
  const prisma = createPrisma(config.DATABASE_URL, 5);
  const redis = createRedis(config.REDIS_URL);
  redis.on('error', () => undefined);
  const temporal = createTemporalClient(config);
  const conversations = Conversations.fromConfig(temporal.client, config);
  const stoppers: (() => Promise<unknown>)[] = [];

  let api: RunningApi | undefined;
  if (options.api) {
    const deps = createApiDeps(config);
    api = await startApi(deps, 0);
    stoppers.push(async () => {
      await api!.stop();
      await closeApiDeps(deps);
    });
  }

  let worker: Worker | undefined;
  let activityDeps: ActivityDeps | undefined;
  if (options.worker) {
    activityDeps = createActivityDeps(config);
    const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
    worker = await createConversationWorker(connection, activityDeps);
    const running = worker.run();
    const deps = activityDeps;
    stoppers.push(async () => {
      if (worker!.getState() === 'RUNNING') worker!.shutdown();
      await running;
      await connection.close();
      await closeConnections(deps);
    });
  }

  return {
    config,
    prisma,
    redis,
    twilio,
    conversations,
    temporal,
    api,
    worker,
    activityDeps,
    async createRestaurant(overrides = {}, menu = demoMenu) {
      const authToken = randomBytes(16).toString('hex');
      const tenant = await createTenant(prisma, config.CREDENTIALS_KEY, {
        name: `test-${randomUUID().slice(0, 8)}`,
        restaurantName: 'Test Grill',
        whatsappFrom: randomWhatsApp(),
        twilioAccountSid: `AC${randomBytes(16).toString('hex')}`,
        twilioAuthToken: authToken,
        paymentLink: 'https://pay.example.com/test',
        supportContact: '+966110000000',
        ...overrides,
      });
      twilio.addAccount(tenant.twilioAccountSid, overrides.twilioAuthToken ?? authToken);
      return {
        tenant,
        authToken: overrides.twilioAuthToken ?? authToken,
        menu: await replaceMenu(prisma, tenant.id, menuInput.parse(menu)),
      };
    },
    async stop() {
      for (const stop of stoppers.reverse()) await stop();
      await Promise.allSettled([prisma.$disconnect(), closeRedis(redis), temporal.connection.close(), twilio.close()]);
    },
  };
}
