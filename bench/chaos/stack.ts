// The chaos suite's own stack, started once per run: throwaway PostgreSQL and Redis, a file-backed
// Temporal dev server, the Twilio fake (in this process, so the suite reads what Twilio received),
// and API and worker copies as child processes (`node --import tsx src/server.ts|worker.ts`).
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { createPrisma, type PrismaClient } from '../../src/db';
import { startTwilioFake, type TwilioFake } from '../../src/twilio/fake-server';
import { migrateDatabase } from '../../prisma/tools/migrate';
import { demoMenu } from '../../prisma/demo-menu';
import { freePort, Supervised } from './processes';
import { PostgresCluster, redisServer, temporalServer } from './services';

const ROOT = join(__dirname, '../..');

/** BENCH_CPU_PROFILE_DIR=dir: API and worker copies write V8 CPU profiles there when they stop. */
function profileArgs(kind: 'api' | 'worker'): string[] {
  const dir = process.env.BENCH_CPU_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, kind)}`] : [];
}
const ADMIN_KEY = `chaos-admin-${randomBytes(8).toString('hex')}`;
const JWT_SECRET = randomBytes(24).toString('hex');
const CREDENTIALS_KEY = randomBytes(32).toString('base64');
/** What Twilio believes it calls: the same for every API copy, as behind a load balancer. */
export const PUBLIC_BASE_URL = 'https://chaos.sufrah.test';

export interface ChaosRestaurant {
  id: string;
  whatsappFrom: string;
  accountSid: string;
  authToken: string;
}

export interface AppProcess {
  process: Supervised;
  /** http://127.0.0.1:port for an API copy. */
  url: string;
}

export const quietLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => process.stderr.write(`[bundle] ${message}\n`),
  log: () => undefined,
};

export class ChaosStack {
  readonly apis: AppProcess[] = [];
  readonly workers: AppProcess[] = [];
  private copies = 0;
  /** Extra environment of every worker copy (the bench's worker tuning). */
  private workerEnv: Record<string, string> = {};
  /** Extra environment of every API copy (the bench's hand-over settings). */
  private apiEnv: Record<string, string> = {};

  private constructor(
    readonly root: string,
    readonly logDir: string,
    readonly postgres: PostgresCluster,
    readonly databaseUrl: string,
    readonly redis: Supervised,
    readonly redisUrl: string,
    readonly temporal: Supervised,
    readonly temporalAddress: string,
    readonly twilio: TwilioFake,
    readonly prisma: PrismaClient,
    readonly bundlePath: string,
    readonly taskQueue: string,
  ) {}

  /** `pgSocket`: the API and worker reach PostgreSQL over its Unix socket, not loopback TCP.
   * `workerEnv` / `apiEnv`: added to every worker / API copy's environment. */
  static async start(
    log: (line: string) => void,
    options: { pgSocket?: boolean; workerEnv?: Record<string, string>; apiEnv?: Record<string, string> } = {},
  ): Promise<ChaosStack> {
    const root = mkdtempSync(join(tmpdir(), 'sufrah-chaos-'));
    const logDir = join(root, 'logs');
    chmodSync(root, 0o755); // the postgres user runs the throwaway cluster in here
    mkdirSync(logDir);
    const [postgres, redis, temporal, bundle, twilio] = await Promise.all([
      PostgresCluster.create(root),
      redisServer(root, logDir),
      temporalServer(root, logDir),
      bundleWorkflowCode({ workflowsPath: join(ROOT, 'src/workflows/index.ts'), logger: quietLogger }),
      startTwilioFake(),
    ]);
    const tcpUrl = await postgres.createDatabase('sufrah_chaos');
    const databaseUrl = options.pgSocket ? `${tcpUrl}?host=${encodeURIComponent(postgres.dir)}` : tcpUrl;
    await migrateDatabase(tcpUrl);
    const bundlePath = join(root, 'workflows.js');
    writeFileSync(bundlePath, bundle.code);
    const prisma = createPrisma(databaseUrl, 4);
    const stack = new ChaosStack(
      root,
      logDir,
      postgres,
      databaseUrl,
      redis.process,
      redis.url,
      temporal.process,
      temporal.address,
      twilio,
      prisma,
      bundlePath,
      `chaos-${randomUUID().slice(0, 8)}`,
    );
    stack.workerEnv = options.workerEnv ?? {};
    stack.apiEnv = options.apiEnv ?? {};
    log(`stack in ${root}: postgres :${postgres.port}, ${redis.url}, temporal ${temporal.address}, twilio fake ${twilio.url}`);
    await Promise.all([stack.addApi(), stack.addWorker()]);
    return stack;
  }

  private env(extra: Record<string, string>): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
      DATABASE_URL: this.databaseUrl,
      DATABASE_POOL_SIZE: '10',
      REDIS_URL: this.redisUrl,
      TEMPORAL_ADDRESS: this.temporalAddress,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      TWILIO_API_BASE_URL: this.twilio.url,
      PUBLIC_BASE_URL,
      ADMIN_API_KEY: ADMIN_KEY,
      JWT_SECRET: JWT_SECRET,
      CREDENTIALS_KEY: CREDENTIALS_KEY,
      // Per-customer flood control is not what is measured.
      INBOUND_MAX_PER_MINUTE: '100000',
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      ...extra,
    };
  }

  async addApi(): Promise<AppProcess> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const name = `api-${++this.copies}`;
    const api: AppProcess = {
      url,
      process: new Supervised({
        name,
        command: process.execPath,
        args: [...profileArgs('api'), '--import', 'tsx', 'src/server.ts'],
        cwd: ROOT,
        env: this.env({ PORT: String(port), ...this.apiEnv }),
        logDir: this.logDir,
        ready: async () => (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).status > 0,
        restartOnExit: true,
      }),
    };
    await api.process.start();
    this.apis.push(api);
    return api;
  }

  async addWorker(): Promise<AppProcess> {
    const metricsPort = await freePort();
    const url = `http://127.0.0.1:${metricsPort}`;
    const worker: AppProcess = {
      url,
      process: new Supervised({
        name: `worker-${++this.copies}`,
        command: process.execPath,
        args: [...profileArgs('worker'), '--import', 'tsx', 'src/worker.ts'],
        cwd: ROOT,
        env: this.env({
          WORKFLOW_BUNDLE_PATH: this.bundlePath,
          TEMPORAL_SDK_METRICS_PORT: '0',
          WORKER_METRICS_PORT: String(metricsPort),
          ...this.workerEnv,
        }),
        logDir: this.logDir,
        ready: async () => (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2000) })).ok,
        readyTimeoutMs: 120_000,
        restartOnExit: true,
      }),
    };
    await worker.process.start();
    this.workers.push(worker);
    return worker;
  }

  /** Stops and forgets the copies beyond the first API and worker. */
  async removeExtraCopies(): Promise<void> {
    const extra = [...this.apis.splice(1), ...this.workers.splice(1)];
    await Promise.all(extra.map((copy) => copy.process.stop()));
  }

  /** Crashes of the API and worker copies so far (exits nobody asked for). */
  crashes(): string[] {
    return [...this.apis, ...this.workers].flatMap((copy) => copy.process.crashes);
  }

  /** A restaurant created through the admin API, its limits raised out of the way, its menu set. */
  async createRestaurant(label: string): Promise<ChaosRestaurant> {
    const api = this.apis[0]!.url;
    const authToken = randomBytes(16).toString('hex');
    const accountSid = `AC${randomBytes(16).toString('hex')}`;
    const whatsappFrom = `whatsapp:+9661${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    this.twilio.addAccount(accountSid, authToken);
    const headers = { 'content-type': 'application/json', 'x-admin-key': ADMIN_KEY };
    const created = await fetch(`${api}/api/admin/restaurants`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: `chaos-${label}-${randomUUID().slice(0, 6)}`,
        restaurantName: `Chaos ${label}`,
        whatsappFrom,
        twilioAccountSid: accountSid,
        twilioAuthToken: authToken,
        locale: 'en',
        maxMessagesPerMin: 100_000,
        maxMessagesPerDay: 10_000_000,
      }),
    });
    if (created.status !== 201) throw new Error(`create restaurant: ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const menu = await fetch(`${api}/api/admin/restaurants/${id}/menu`, { method: 'PUT', headers, body: JSON.stringify(demoMenu) });
    if (menu.status !== 200) throw new Error(`menu: ${menu.status} ${await menu.text()}`);
    return { id, whatsappFrom, accountSid, authToken };
  }

  async temporalClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const connection = await Connection.connect({ address: this.temporalAddress });
    try {
      return await fn(new Client({ connection }));
    } finally {
      await connection.close();
    }
  }

  async stop(keepFiles: boolean): Promise<void> {
    await Promise.allSettled([...this.apis, ...this.workers].map((copy) => copy.process.stop()));
    await Promise.allSettled([this.prisma.$disconnect(), this.twilio.close(), this.redis.stop(), this.temporal.stop()]);
    this.postgres.destroy();
    if (!keepFiles) rmSync(this.root, { recursive: true, force: true });
  }
}
