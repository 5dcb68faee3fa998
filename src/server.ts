// API process: Twilio webhooks, dashboard REST and WebSocket, /health, /metrics.
// Stateless: run as many copies as you like behind a load balancer.
import { createServer, Server } from 'node:http';
import { loadConfigOrExit } from './config';
import { createApp } from './api/app';
import { ApiDeps, closeApiDeps, createApiDeps, dispatchDepsOf } from './api/deps';
import { createPrisma } from './db';
import { createDispatcher, DISPATCHER_POOL_SIZE } from './dispatch/dispatcher';
import { provisionWhereMissing } from './templates/start';
import { attachRealtime } from './api/ws/server';
import { WebhookQueues } from './webhooks/queues';
import { createWebhookSweeper } from './webhooks/sweeper';

export interface RunningApi {
  server: Server;
  deps: ApiDeps;
  url: string;
  stop(): Promise<void>;
}

export async function startApi(deps: ApiDeps, port = deps.config.PORT): Promise<RunningApi> {
  const api = createApp(deps);
  const server = createServer(api.app);
  // A bulkhead: the safety net's slow transactions never queue the webhooks for a connection.
  const dispatcherPrisma = createPrisma(deps.config.DATABASE_URL, DISPATCHER_POOL_SIZE);
  const dispatcher = createDispatcher({ ...dispatchDepsOf(deps), prisma: dispatcherPrisma });
  dispatcher.start();
  const sweeper = createWebhookSweeper(
    { ...deps, client: deps.temporal.client, queues: new WebhookQueues(deps.prisma, deps.log, deps.config) },
    { intervalMs: deps.config.DISPATCH_INTERVAL_MS, minAgeMs: deps.config.DISPATCH_MIN_AGE_MS, batchSize: deps.config.DISPATCH_BATCH_SIZE },
  );
  sweeper.start();
  const background: { stop(): Promise<void> }[] = [dispatcher, sweeper, api, attachRealtime(server, deps)];
  await new Promise<void>((resolve) => server.listen(port, resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    deps,
    url: `http://127.0.0.1:${actualPort}`,
    async stop() {
      await Promise.allSettled(background.map((b) => b.stop()));
      await dispatcherPrisma.$disconnect();
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const deps = createApiDeps(config);
  const api = await startApi(deps);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.log.info({ signal }, 'api draining');
    await api.stop();
    await closeApiDeps(deps);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // Announced once a SIGTERM drains: whoever waits for this line may stop the process at once.
  deps.log.info({ port: config.PORT }, 'api listening');
  // Restaurants created while Temporal was away (or before templates existed) get theirs now.
  void provisionWhereMissing(deps.prisma, deps.temporal.client, config, deps.log);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`api failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
