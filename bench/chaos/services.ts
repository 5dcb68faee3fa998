// The servers the chaos suite owns and may restart: a throwaway PostgreSQL cluster (initdb in a
// temp dir, its own port), a throwaway redis-server without persistence, and a file-backed
// Temporal dev server. The machine's own PostgreSQL and Redis, and the tests' Temporal, are never
// touched.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../../src/workflows/contract';
import { freePort, onExit, Supervised } from './processes';

const PG_USER = 'postgres';

function postgresBin(name: string): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const path = `/usr/lib/postgresql/${version}/bin/${name}`;
    if (existsSync(path)) return path;
  }
  throw new Error(`no ${name} under /usr/lib/postgresql/*/bin`);
}

/** Runs a PostgreSQL tool as the postgres user when we are root (initdb refuses root). */
function asPostgres(tool: string, args: string[]): string {
  const bin = postgresBin(tool);
  const isRoot = process.getuid?.() === 0;
  const options = { encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe')[] };
  return isRoot ? execFileSync('runuser', ['-u', PG_USER, '--', bin, ...args], options) : execFileSync(bin, args, options);
}

export class PostgresCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get serverUrl(): string {
    return `postgresql://${PG_USER}@127.0.0.1:${this.port}`;
  }

  /** The postmaster's pid while the cluster runs (its backends are its children). */
  get pid(): number | undefined {
    const file = join(this.dir, 'data', 'postmaster.pid');
    return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
  }

  static async create(root: string): Promise<PostgresCluster> {
    const dir = join(root, 'pg');
    mkdirSync(dir);
    if (process.getuid?.() === 0)
      chownSync(
        dir,
        Number(execFileSync('id', ['-u', PG_USER], { encoding: 'utf8' })),
        Number(execFileSync('id', ['-g', PG_USER], { encoding: 'utf8' })),
      );
    asPostgres('initdb', ['-D', join(dir, 'data'), '-U', PG_USER, '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const cluster = new PostgresCluster(dir, await freePort());
    onExit(() => cluster.destroy());
    cluster.start();
    return cluster;
  }

  start(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on`;
    asPostgres('pg_ctl', ['-D', join(this.dir, 'data'), '-o', options, '-l', join(this.dir, 'postgres.log'), '-w', '-t', '60', 'start']);
  }

  /** Fast shutdown: open connections are cut, committed work stays. */
  stop(): void {
    asPostgres('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', '-t', '60', 'stop']);
  }

  async createDatabase(name: string): Promise<string> {
    const client = new Client({ connectionString: `${this.serverUrl}/postgres` });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return `${this.serverUrl}/${name}`;
  }

  private destroyed = false;

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    try {
      asPostgres('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
  }
}

async function pingRedis(port: number): Promise<boolean> {
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } finally {
    redis.disconnect();
  }
}

export async function redisServer(root: string, logDir: string): Promise<{ process: Supervised; url: string }> {
  const port = await freePort();
  const dir = join(root, 'redis');
  mkdirSync(dir);
  const process_ = new Supervised({
    name: 'redis',
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    logDir,
    ready: () => pingRedis(port),
  });
  await process_.start();
  return { process: process_, url: `redis://127.0.0.1:${port}/7` };
}

async function temporalServes(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.workflowService.describeNamespace({ namespace: 'default' });
    return true;
  } finally {
    await connection.close();
  }
}

export async function temporalServer(root: string, logDir: string): Promise<{ process: Supervised; address: string }> {
  const cli = execFileSync('bash', [join(__dirname, '../../scripts/ensure-temporal.sh')], { encoding: 'utf8' }).trim();
  const [port, httpPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const address = `127.0.0.1:${port}`;
  const process_ = new Supervised({
    name: 'temporal',
    command: cli,
    args: [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--http-port',
      String(httpPort),
      '--metrics-port',
      String(metricsPort),
      '--headless',
      '--db-filename',
      join(root, 'temporal.db'),
      '--log-level',
      'error',
      ...SEARCH_ATTRIBUTES.flatMap((name) => ['--search-attribute', `${name}=Keyword`]),
    ],
    logDir,
    ready: () => temporalServes(address),
    readyTimeoutMs: 90_000,
  });
  await process_.start();
  return { process: process_, address };
}
