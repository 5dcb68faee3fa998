/**
 * Prisma's own schema engine (the one behind `prisma migrate`), as WASM, on the pg driver
 * adapter: for machines where the native engine cannot be downloaded (PRISMA-OFFLINE.md).
 *
 * Loading. The package's entry imports `schema_engine_bg.wasm` bundler-style, which Node 20
 * only accepts with --experimental-wasm-modules. We do what that entry does: instantiate the
 * .wasm with the exports of its glue `schema_engine_bg.js` as the import module
 * `./schema_engine_bg.js`, then `__wbg_set_wasm` + `__wbindgen_start`. The glue is an ES
 * module; Jest's CommonJS sandbox (Node 20) cannot require ES modules, and a copy loaded
 * natively would live in another realm (the glue's `instanceof Promise` checks would then fail
 * on the adapter's promises). So the glue's source is evaluated here as a function, in the
 * caller's realm: only `export function|class` declarations, checked below.
 *
 * Timers. The engine arms a 10 s timer in applyMigrations (a lock timeout) and never clears it. Its
 * timers are unref'd so a finished CLI exits at once; while a call is in flight a ref'd
 * interval keeps the process alive.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { DiagnoseMigrationHistoryOutput, DiffTarget, MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import { readMigrationsDirectory } from './migrations-dir';
import { createEnginePool, dropDatabase, quoteIdent, withDatabase, DEFAULT_DATABASE_URL } from './postgres';

interface EngineModule {
  SchemaEngine: typeof SchemaEngine;
  version(): string;
}

export const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };
const SCHEMA_FILE = 'schema.prisma';

let enginePromise: Promise<EngineModule> | undefined;

function unrefSetTimeout(callback: () => void, ms: number): NodeJS.Timeout {
  return setTimeout(callback, ms).unref();
}

function evaluateGlue(source: string): Record<string, unknown> {
  const names: string[] = [];
  const body = source.replace(/^export (function|class) ([\w$]+)/gm, (_match, kind: string, name: string) => {
    names.push(name);
    return `${kind} ${name}`;
  });
  if (names.length === 0 || /^\s*(import|export)\b/m.test(body)) {
    throw new Error('schema_engine_bg.js has an unexpected module shape; was @prisma/schema-engine-wasm upgraded?');
  }
  const factory: unknown = new Function('setTimeout', `'use strict';\n${body}\nreturn { ${names.join(', ')} };`);
  if (typeof factory !== 'function') throw new Error('cannot evaluate schema_engine_bg.js');
  const glue: unknown = factory(unrefSetTimeout);
  return glue as Record<string, unknown>;
}

/** The slice of the WebAssembly global used here (the project's `lib` has no DOM types). */
interface WebAssemblyApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, Record<string, unknown>>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

function webAssembly(): WebAssemblyApi {
  return (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
}

async function instantiateEngine(): Promise<EngineModule> {
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = evaluateGlue(await readFile(gluePath, 'utf8'));
  const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
  const { instance } = await webAssembly().instantiate(bytes, { './schema_engine_bg.js': glue });
  const { __wbg_set_wasm: setWasm, SchemaEngine: engineClass, version } = glue;
  const start = instance.exports.__wbindgen_start;
  if (typeof setWasm !== 'function' || typeof start !== 'function' || typeof engineClass !== 'function' || typeof version !== 'function') {
    throw new Error('@prisma/schema-engine-wasm does not export the expected bindings');
  }
  setWasm(instance.exports);
  start();
  return glue as unknown as EngineModule;
}

/** The engine's WASM module, instantiated once per process. */
export function loadSchemaEngine(): Promise<EngineModule> {
  enginePromise ??= instantiateEngine().catch((error: unknown) => {
    enginePromise = undefined;
    throw error;
  });
  return enginePromise;
}

let callsInFlight = 0;
let keepAlive: NodeJS.Timeout | undefined;

async function keepingProcessAlive<T>(work: () => Promise<T>): Promise<T> {
  if (callsInFlight++ === 0) keepAlive = setInterval(() => undefined, 60_000);
  try {
    return await work();
  } finally {
    if (--callsInFlight === 0) clearInterval(keepAlive);
  }
}

/**
 * The engine's error text without its Rust span trace ("   0: schema_commands::..."), naming
 * the migration when the trace says which one failed.
 */
export function engineErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const [text = '', trace = ''] = message.split(/\n\s*0: /);
  const migration = /migration_name="([^"]+)"/.exec(trace)?.[1];
  const reason = text.replace(/^external connector error\s*/, '').trim();
  return migration ? `migration ${migration} failed: ${reason}` : reason;
}

export class SchemaEngineError extends Error {
  override name = 'SchemaEngineError';
}

/**
 * The pg adapter as the engine sees it, with one change: a migration script runs as one
 * simple-protocol query, as the native engine runs it (PostgreSQL then executes it in one
 * implicit transaction), instead of PrismaPg's split on every `;`, which breaks `;` inside
 * strings or function bodies and leaves half-applied migrations behind.
 */
function engineAdapter(adapter: SqlDriverAdapter, dispose: () => Promise<void>): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: async (script) => {
      await adapter.executeRaw({ sql: script, args: [], argTypes: [] }); // no parameters → simple protocol
    },
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    getConnectionInfo: () => adapter.getConnectionInfo?.() ?? { supportsRelationJoins: true },
    dispose,
  };
}

/**
 * pg adapter factory for the engine. Shadow databases (needed to diff from a migrations
 * folder) are `sufrah_mig_shadow_<random>` on the same server, dropped after use; PrismaPg's
 * own shadow support tries to drop the database while its pool still holds a connection.
 */
function adapterFactory(pool: pg.Pool, databaseUrl: string, shadows: Set<string>): SqlMigrationAwareDriverAdapterFactory {
  const main = new PrismaPg(pool);
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    async connect() {
      const adapter = await main.connect();
      return engineAdapter(adapter, () => adapter.dispose());
    },
    async connectToShadowDb() {
      const name = `sufrah_mig_shadow_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      await pool.query(`CREATE DATABASE ${quoteIdent(name)}`);
      shadows.add(name);
      const shadowPool = createEnginePool(withDatabase(databaseUrl, name));
      const adapter = await new PrismaPg(shadowPool).connect();
      return engineAdapter(adapter, async () => {
        await adapter.dispose();
        await shadowPool.end();
        await dropDatabase(databaseUrl, name);
        shadows.delete(name);
      });
    },
  };
}

export interface EngineSession {
  /** Runs one engine call; engine errors become SchemaEngineError with a readable message. */
  run<T>(call: (engine: SchemaEngine) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Connects the engine to `databaseUrl` (it connects at once, so the database must exist). */
export async function openSchemaEngine(databaseUrl: string, options: { log?: (line: string) => void } = {}): Promise<EngineSession> {
  const { SchemaEngine: Engine } = await loadSchemaEngine();
  const pool = createEnginePool(databaseUrl);
  const shadows = new Set<string>();
  const factory = bindMigrationAwareSqlAdapterFactory(adapterFactory(pool, databaseUrl, shadows));
  const log = options.log ?? (() => undefined);
  let engine: SchemaEngine;
  try {
    engine = await keepingProcessAlive(() => Engine.new({ datamodels: undefined }, log, factory));
  } catch (error) {
    await pool.end();
    throw new SchemaEngineError(engineErrorMessage(error));
  }
  return {
    async run(call) {
      try {
        return await keepingProcessAlive(() => call(engine));
      } catch (error) {
        throw new SchemaEngineError(engineErrorMessage(error));
      }
    },
    async close() {
      engine.free();
      for (const name of shadows) await dropDatabase(databaseUrl, name).catch(() => undefined);
      await pool.end();
    },
  };
}

export async function withSchemaEngine<T>(databaseUrl: string, work: (session: EngineSession) => Promise<T>): Promise<T> {
  const session = await openSchemaEngine(databaseUrl);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

/** Diffs only need some reachable server; they never touch its data. */
function maintenanceUrl(serverUrl: string | undefined): string {
  return withDatabase(serverUrl ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, 'postgres');
}

function schemaTarget(schemaText: string): DiffTarget {
  return { tag: 'schemaDatamodel', files: [{ path: SCHEMA_FILE, content: schemaText }] };
}

async function diffScript(from: DiffTarget, to: DiffTarget, serverUrl?: string): Promise<string> {
  const result = await withSchemaEngine(maintenanceUrl(serverUrl), (session) =>
    session.run((engine) => engine.diff({ from, to, script: true, exitCode: true, filters: NO_FILTERS })),
  );
  return result.exitCode === 2 ? (result.stdout ?? '') : '';
}

/**
 * The SQL that turns schema `from` (or an empty database) into schema `to`, as
 * `prisma migrate diff --script` writes it; '' when they are equivalent.
 */
export function diffSchemas(from: string | 'empty', to: string, options: { serverUrl?: string } = {}): Promise<string> {
  return diffScript(from === 'empty' ? { tag: 'empty' } : schemaTarget(from), schemaTarget(to), options.serverUrl);
}

/**
 * The SQL that takes a database migrated with `migrations` to schema `to` (Prisma's
 * `--from-migrations`): the engine replays the migrations on a temporary shadow database.
 */
export function diffMigrationsToSchema(migrations: MigrationList, to: string, options: { serverUrl?: string } = {}): Promise<string> {
  if (migrations.migrationDirectories.length === 0) return diffSchemas('empty', to, options);
  return diffScript({ tag: 'migrations', ...migrations }, schemaTarget(to), options.serverUrl);
}

/**
 * Applies pending migrations exactly as `prisma migrate deploy` (no edit check: see
 * migrate.ts); returns their names. The database must exist.
 */
export async function applyMigrations(databaseUrl: string, migrations?: MigrationList): Promise<string[]> {
  migrations ??= await readMigrationsDirectory();
  const result = await withSchemaEngine(databaseUrl, (session) =>
    session.run((engine) => engine.applyMigrations({ migrationsList: migrations, filters: NO_FILTERS })),
  );
  return result.appliedMigrationNames;
}

/** Edited, failed and unapplied migrations, without a shadow database. */
export function diagnoseMigrationHistory(session: EngineSession, migrations: MigrationList): Promise<DiagnoseMigrationHistoryOutput> {
  return session.run((engine) =>
    engine.diagnoseMigrationHistory({ migrationsList: migrations, optInToShadowDatabase: false, filters: NO_FILTERS }),
  );
}
