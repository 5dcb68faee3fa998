// API process: Twilio webhooks, dashboard REST and WebSocket, /health, /metrics.
// Stateless: run as many copies as you like behind a load balancer.
import { createServer, Server } from 'node:http';
import { loadConfigOrExit } from './config';
import { createApp } from './api/app';
import { ApiDeps, closeApiDeps, createApiDeps } from './api/deps';
import { createDispatcher } from './dispatch/dispatcher';
import { webhooksBackground } from './api/webhooks/router';
import { attachRealtime } from './api/ws/server';

export interface RunningApi {
  server: Server;
  deps: ApiDeps;
  url: string;
  stop(): Promise<void>;
}

export async function startApi(deps: ApiDeps, port = deps.config.PORT): Promise<RunningApi> {
  const app = createApp(deps);
  const server = createServer(app);
  const background: { stop(): Promise<void> }[] = [];
  const dispatcher = createDispatcher(deps);
  dispatcher.start();
  background.push(dispatcher, webhooksBackground(deps));
  background.push(attachRealtime(server, deps));
  await new Promise<void>((resolve) => server.listen(port, resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    deps,
    url: `http://127.0.0.1:${actualPort}`,
    async stop() {
      await Promise.allSettled(background.map((b) => b.stop()));
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const deps = createApiDeps(config);
  const api = await startApi(deps);
  deps.log.info({ port: config.PORT }, 'api listening');
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
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`api failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
