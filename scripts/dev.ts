// `npm run dev`: everything on a developer machine in one command — migrations, the demo restaurant,
// a Temporal dev server (unless one answers at TEMPORAL_ADDRESS), the API, a worker, and a local
// Twilio emulator, the dashboard (GET /dashboard) and the phone simulator (GET /phone), so the bot can
// be tried without a Twilio account.
import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { loadConfigOrExit } from '../src/config';
import { createApiDeps, closeApiDeps } from '../src/api/deps';
import { startApi } from '../src/server';
import { provisionWhereMissing } from '../src/templates/start';
import { createActivityDeps, createConversationWorker } from '../src/worker';
import { createPrisma } from '../src/db';
import { closeConnections } from '../src/connections';
import { startEmulator } from '../src/twilio/emulator';
import { signDashboardToken } from '../src/api/auth/jwt';
import { credentialKeysOf } from '../src/tenants/credentials';
import { buildWebPages } from './build-web';
import { SEARCH_ATTRIBUTES } from '../src/workflows/contract';
import { migrateDatabase } from '../prisma/tools/migrate';
import { DEMO_TENANT, seedDemo } from '../prisma/seed';

const ROOT = join(__dirname, '..');
const TWILIO_PORT = Number(process.env.EMULATOR_TWILIO_PORT ?? 4010);

function reachable(address: string, timeoutMs = 1000): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function ensureTemporal(address: string): Promise<ChildProcess | undefined> {
  if (await reachable(address)) return undefined;
  const cli = execFileSync('bash', [join(ROOT, 'scripts/ensure-temporal.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  mkdirSync(join(ROOT, '.temporal'), { recursive: true });
  const port = address.split(':')[1] ?? '7233';
  const args = [
    'server',
    'start-dev',
    '--port',
    port,
    '--ui-port',
    String(Number(port) + 1000),
    '--db-filename',
    join(ROOT, '.temporal/dev.db'),
    '--log-level',
    'error',
  ];
  for (const name of SEARCH_ATTRIBUTES) args.push('--search-attribute', `${name}=Keyword`);
  const child = spawn(cli, args, { stdio: 'ignore' });
  for (let i = 0; i < 60 && !(await reachable(address)); i++) await new Promise((r) => setTimeout(r, 500));
  if (!(await reachable(address))) throw new Error(`Temporal dev server did not start at ${address}`);
  return child;
}

async function main(): Promise<void> {
  process.env.TWILIO_API_BASE_URL ??= `http://127.0.0.1:${TWILIO_PORT}`;
  const config = loadConfigOrExit();

  const { applied } = await migrateDatabase(config.DATABASE_URL);
  console.log(`database: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
  const prisma = createPrisma(config.DATABASE_URL, 2);
  const demo = await seedDemo(prisma, config.CREDENTIALS_KEY);
  await buildWebPages();

  const temporalServer = await ensureTemporal(config.TEMPORAL_ADDRESS);
  const emulator = await startEmulator({
    twilioPort: TWILIO_PORT,
    prisma,
    credentialKeys: credentialKeysOf(config),
    apiUrl: `http://127.0.0.1:${config.PORT}`,
    publicBaseUrl: config.PUBLIC_BASE_URL,
  });

  const apiDeps = { ...createApiDeps(config), phone: emulator.phone.router };
  const api = await startApi(apiDeps);
  const activityDeps = createActivityDeps(config);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createConversationWorker(connection, activityDeps);
  const running = worker.run();
  // The demo restaurant's WhatsApp templates (the emulator approves them at once).
  void provisionWhereMissing(apiDeps.prisma, apiDeps.temporal.client, config, apiDeps.log);

  const [host, port] = config.TEMPORAL_ADDRESS.split(':');
  const ownerToken = await signDashboardToken(config.JWT_SECRET, { restaurantId: demo.id, role: 'owner', sub: 'dev' });
  const site = `http://localhost:${config.PORT}`;
  console.log(`
Sufrah bot is running.
  Dashboard      ${site}/dashboard?token=${ownerToken}
                 (the demo restaurant's owner, valid 12 hours; the token leaves the address bar once read)
  Phone          ${site}/phone  (order from any restaurant as a WhatsApp customer)
  API            ${site}  (health: /health, metrics: /metrics)
  Temporal UI    http://${host}:${Number(port) + 1000}${temporalServer ? '' : '  (existing server: its own UI)'}
  Demo tenant    ${demo.id}  ${DEMO_TENANT.whatsappFrom}
  Other tokens   curl -s -XPOST localhost:${config.PORT}/api/admin/tokens -H 'x-admin-key: <ADMIN_API_KEY>' \\
                   -H 'content-type: application/json' -d '{"restaurantId":"${demo.id}","role":"agent"}'  (role agent, owner or admin)
`);

  const shutdown = async () => {
    // The SDK also reacts to SIGINT/SIGTERM by draining the worker itself.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await Promise.allSettled([
      api.stop().then(() => closeApiDeps(apiDeps)),
      emulator.close().then(() => prisma.$disconnect()),
      connection.close(),
    ]);
    await closeConnections(activityDeps);
    temporalServer?.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
  console.error(`dev failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
