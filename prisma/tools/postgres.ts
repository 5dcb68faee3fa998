/**
 * PostgreSQL plumbing for the migration tools: connection URLs, creating a missing database,
 * readable connection errors, and pools the WASM schema engine can read catalogs through.
 */
import pg from 'pg';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/sufrah';

const CONNECT_TIMEOUT_MS = 10_000;
const PG_CHAR_OID = 18; // the one-byte "char" type of pg_catalog columns (contype, relkind, ...)
const PG_TEXT_OID = 25;

/** A failure the CLI reports as one line, without a stack trace. */
export class MigrationToolError extends Error {
  override name = 'MigrationToolError';
}

export function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!name) throw new MigrationToolError(`no database name in ${redactUrl(databaseUrl)}`);
  return name;
}

export function withDatabase(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/** host:port, for messages (never the password). */
export function serverAddress(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname || 'localhost'}:${url.port || '5432'}`;
}

export function redactUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<invalid database URL>';
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/** Turns a pg connection error into one readable line naming the server. */
export function connectionError(error: unknown, databaseUrl: string): MigrationToolError {
  const code = errorCode(error);
  const detail = error instanceof Error && error.message ? error.message : String(code ?? error);
  if ((code && NETWORK_CODES.has(code)) || /timeout/i.test(detail)) {
    return new MigrationToolError(`cannot reach the database server at ${serverAddress(databaseUrl)} (${code ?? detail})`);
  }
  return new MigrationToolError(`cannot connect to ${redactUrl(databaseUrl)}: ${detail}`);
}

async function withClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined); // a dropped idle connection surfaces on the next query instead
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    if (errorCode(error) === '3D000') throw error; // database does not exist: ensureDatabaseExists handles it
    throw connectionError(error, databaseUrl);
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs SQL on the server's `postgres` maintenance database (CREATE/DROP DATABASE). */
export async function onMaintenanceDb<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(withDatabase(databaseUrl, 'postgres'), work);
}

/** Creates the database named in the URL unless it exists. Returns whether it was created. */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  try {
    await withClient(databaseUrl, async () => undefined);
    return false;
  } catch (error) {
    if (errorCode(error) !== '3D000') throw error;
  }
  const name = databaseName(databaseUrl);
  return onMaintenanceDb(databaseUrl, async (client) => {
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return true;
    } catch (error) {
      if (errorCode(error) === '42P04') return false; // created concurrently by someone else
      throw new MigrationToolError(`cannot create database "${name}": ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

export async function dropDatabase(databaseUrl: string, name: string): Promise<void> {
  await onMaintenanceDb(databaseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

/**
 * @prisma/adapter-pg rejects result columns of PostgreSQL's internal "char" type, which the
 * schema engine's catalog queries return (e.g. pg_constraint.contype). Relabelling those
 * columns as text, which is what they hold, lets the engine describe a database.
 */
function relabelCharColumns(result: unknown): unknown {
  if (typeof result === 'object' && result !== null && 'fields' in result && Array.isArray(result.fields)) {
    for (const field of result.fields as unknown[]) {
      if (typeof field === 'object' && field !== null && 'dataTypeID' in field && field.dataTypeID === PG_CHAR_OID) {
        Object.assign(field, { dataTypeID: PG_TEXT_OID });
      }
    }
  }
  return result;
}

function patchClientQuery(client: pg.PoolClient): void {
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  const patched = (...args: unknown[]): unknown => {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      // pg-pool's own pool.query() calls client.query(text, values, callback)
      args[args.length - 1] = (error: unknown, result: unknown) => callback(error, relabelCharColumns(result));
    }
    const result = original(...args);
    return result instanceof Promise ? result.then(relabelCharColumns) : result;
  };
  client.query = patched as typeof client.query;
}

/** A pool for the schema engine's pg adapter; the caller ends it. */
export function createEnginePool(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  pool.on('connect', patchClientQuery);
  pool.on('error', () => undefined); // idle client errors: the next query reports them
  return pool;
}
