// Migrations (SPEC §3): prisma/migrations applied by our WASM-engine runner, recorded as
// `prisma migrate deploy` records them, and equal to what schema.prisma describes.
// Every database here is a throwaway `sufrah_mig_<random>`, dropped in afterAll.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createMigration } from '../prisma/tools/create-migration';
import { describeFailure, migrateDatabase } from '../prisma/tools/migrate';
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_SCHEMA_PATH, MIGRATION_LOCK_CONTENT, migrationChecksum } from '../prisma/tools/migrations-dir';
import { dropDatabase, withDatabase } from '../prisma/tools/postgres';
import { diffSchemas } from '../prisma/tools/schema-engine';
import { catalogDifference, readCatalog } from './support/db-catalog';

const SERVER_URL = process.env.MIGRATION_TEST_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const ROOT = path.resolve(__dirname, '..');
const created: string[] = [];
const tempDirs: string[] = [];

/** A URL for a database that does not exist yet (migrateDatabase creates it). */
function throwawayUrl(): string {
  const name = `sufrah_mig_${randomBytes(5).toString('hex')}`;
  created.push(name);
  return withDatabase(SERVER_URL, name);
}

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A database built straight from a schema: diff(empty → schema) executed as one script. */
async function databaseFromSchema(schemaText: string): Promise<string> {
  const url = throwawayUrl();
  await query(SERVER_URL, `CREATE DATABASE "${new URL(url).pathname.slice(1)}"`);
  await query(url, await diffSchemas('empty', schemaText, { serverUrl: SERVER_URL }));
  return url;
}

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sufrah-migrations-'));
  tempDirs.push(dir);
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function migrationNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

let schemaText: string;
let schemaWithExtraColumn: string;

beforeAll(async () => {
  schemaText = await readFile(DEFAULT_SCHEMA_PATH, 'utf8');
  expect(schemaText.match(/^model Order \{\n/gm)).toHaveLength(1);
  schemaWithExtraColumn = schemaText.replace(/^model Order \{\n/m, 'model Order {\n  kitchenNote String?\n');
});

afterAll(async () => {
  for (const name of created) await dropDatabase(SERVER_URL, name);
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

describe('prisma/migrations', () => {
  test('have the lock file Prisma writes and start with an init migration', async () => {
    expect(await readFile(path.join(DEFAULT_MIGRATIONS_DIR, 'migration_lock.toml'), 'utf8')).toBe(MIGRATION_LOCK_CONTENT);
    expect((await migrationNames(DEFAULT_MIGRATIONS_DIR))[0]).toMatch(/^\d{14}_init$/);
  });

  test('apply to an empty database (created if missing), recorded like prisma migrate deploy; a second run applies nothing', async () => {
    const url = throwawayUrl();
    const names = await migrationNames(DEFAULT_MIGRATIONS_DIR);

    const first = await migrateDatabase(url);
    expect(first).toEqual({ applied: names, createdDatabase: true });

    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished: boolean;
      rolled_back: boolean;
      applied_steps_count: number;
    }>(
      url,
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back, applied_steps_count
       FROM _prisma_migrations ORDER BY migration_name`,
    );
    const expected = await Promise.all(
      names.map(async (name) => ({
        migration_name: name,
        checksum: migrationChecksum(await readFile(path.join(DEFAULT_MIGRATIONS_DIR, name, 'migration.sql'), 'utf8')),
        finished: true,
        rolled_back: false,
        applied_steps_count: 1,
      })),
    );
    expect(rows).toEqual(expected);

    expect(await migrateDatabase(url)).toEqual({ applied: [], createdDatabase: false });
    expect(await query(url, 'SELECT 1 FROM _prisma_migrations')).toHaveLength(names.length);
  });

  test('refuse to continue when an applied migration was edited since, naming it, and apply nothing', async () => {
    const dir = await copyOfMigrations();
    const url = throwawayUrl();
    await migrateDatabase(url, dir);
    const applied = await migrationNames(dir);
    const [init] = applied;
    await appendFile(path.join(dir, init!, 'migration.sql'), '\nALTER TABLE "Order" ADD COLUMN "sneaky" TEXT;\n');
    await mkdir(path.join(dir, '29991231235959_pending'));
    await writeFile(path.join(dir, '29991231235959_pending', 'migration.sql'), 'CREATE TABLE "ShouldNotExist" ("id" TEXT);\n');

    const failure = migrateDatabase(url, dir);
    await expect(failure).rejects.toThrow(`migration ${init} was modified after it was applied`);
    await expect(failure).rejects.toThrow(/checksum/);
    expect(await query(url, `SELECT 1 FROM pg_class WHERE relname = 'ShouldNotExist'`)).toHaveLength(0);
    expect(await query(url, `SELECT 1 FROM _prisma_migrations`)).toHaveLength(applied.length);
  });

  test('run each migration as one script: `;` in strings works, a failing one is rolled back whole, reported by name, and blocks later runs', async () => {
    const dir = await copyOfMigrations();
    const scripts = {
      '29991231235958_semicolon': `CREATE TABLE "Semi" ("id" TEXT DEFAULT 'a;b');\n`,
      '29991231235959_broken': `CREATE TABLE "Half" ("id" TEXT);\nSELECT * FROM "DoesNotExist";\n`,
    };
    for (const [name, sql] of Object.entries(scripts)) {
      await mkdir(path.join(dir, name));
      await writeFile(path.join(dir, name, 'migration.sql'), sql);
    }
    const url = throwawayUrl();

    await expect(migrateDatabase(url, dir)).rejects.toThrow('migration 29991231235959_broken failed: ');
    expect(await query(url, `SELECT pg_get_expr(adbin, adrelid) AS def FROM pg_attrdef WHERE adrelid = '"Semi"'::regclass`)).toEqual([
      { def: "'a;b'::text" },
    ]);
    expect(await query(url, `SELECT 1 FROM pg_class WHERE relname = 'Half'`)).toHaveLength(0);
    await expect(migrateDatabase(url, dir)).rejects.toThrow(/failed migrations[^]*29991231235959_broken/);
  });

  test('produce a database that matches schema.prisma (catalog of tables, columns, indexes, constraints, enums)', async () => {
    const migrated = throwawayUrl();
    await migrateDatabase(migrated);
    const fromSchema = await databaseFromSchema(schemaText);

    const [actual, expected] = await Promise.all([readCatalog(migrated), readCatalog(fromSchema)]);
    expect(actual).toEqual(expected);

    // The comparison sees real content, not two empty lists.
    expect(actual.tables).toEqual(expect.arrayContaining(['"Order"', '"OrderItem"', '"RestaurantBot"', '"Message"', '"AuditLog"']));
    expect(actual.columns).toContain('"RestaurantBot"."maxMessagesPerMin" integer NOT NULL DEFAULT 60');
    expect(actual.indexes.join('\n')).toMatch(/CREATE UNIQUE INDEX "Conversation_restaurantId_customerWa_key"/);
    expect(actual.constraints.join('\n')).toMatch(
      /"Order"\."Order_branchId_fkey" FOREIGN KEY \("branchId"\) REFERENCES "Branch"\(id\) ON UPDATE CASCADE ON DELETE SET NULL/,
    );
    expect(actual.enums).toContain(
      `"OrderStatus" ('AWAITING_PAYMENT', 'CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'READY_FOR_PICKUP', 'DELIVERED', 'PICKED_UP', 'CANCELLED')`,
    );
    expect(actual.tables).not.toContain('"_prisma_migrations"');
  });

  test('the catalog comparison detects a schema with one extra column', async () => {
    const migrated = throwawayUrl();
    await migrateDatabase(migrated);
    const fromChangedSchema = await databaseFromSchema(schemaWithExtraColumn);

    const [actual, changed] = await Promise.all([readCatalog(migrated), readCatalog(fromChangedSchema)]);
    expect(actual).not.toEqual(changed);
    expect(catalogDifference(changed, actual)).toEqual({ columns: ['"Order"."kitchenNote" text NULL'] });
    expect(catalogDifference(actual, changed)).toEqual({});
  });

  test('an unreachable database gives one clear line naming the server', async () => {
    const failure = migrateDatabase('postgresql://postgres@127.0.0.1:1/sufrah_mig_unreachable');
    await expect(failure).rejects.toThrow('cannot reach the database server at 127.0.0.1:1 (ECONNREFUSED)');
    const message = await failure.catch((error: unknown) => describeFailure(error));
    expect(message).not.toContain('\n');
  });
});

describe('npm run db:migrate (CLI)', () => {
  const run = promisify(execFile);
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const cli = (databaseUrl: string) =>
    run(tsx, ['prisma/tools/migrate.ts'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  test('prints what it applied, then that nothing is pending', async () => {
    const url = throwawayUrl();
    const [init] = await migrationNames(DEFAULT_MIGRATIONS_DIR);
    const first = await cli(url);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(new RegExp(`applied \\d+ migrations?: ${init}`));
    expect((await cli(url)).stdout).toMatch(/: no pending migrations\n$/);
  });

  test('exits non-zero with one line on stderr when the server is unreachable', async () => {
    const result = await cli('postgresql://postgres@127.0.0.1:1/sufrah_mig_unreachable');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'db:migrate failed (sufrah_mig_unreachable at 127.0.0.1:1): cannot reach the database server at 127.0.0.1:1 (ECONNREFUSED)\n',
    );
  });
});

describe('create-migration', () => {
  test('reports no changes when schema.prisma matches the migrations', async () => {
    const dir = await copyOfMigrations();
    expect(await createMigration({ name: 'nothing', migrationsDir: dir, serverUrl: SERVER_URL })).toBeNull();
    expect(await migrationNames(dir)).toEqual(await migrationNames(DEFAULT_MIGRATIONS_DIR));
  });

  test('writes the next migration from the difference, which migrates a database to the new schema', async () => {
    const dir = await copyOfMigrations();
    const schemaPath = path.join(dir, 'schema.prisma');
    await writeFile(schemaPath, schemaWithExtraColumn);

    const now = new Date(Date.UTC(2999, 0, 2, 3, 4, 5));
    const result = await createMigration({ name: 'Add kitchen note', schemaPath, migrationsDir: dir, serverUrl: SERVER_URL, now });
    expect(result).toEqual({ folder: '29990102030405_add_kitchen_note', sql: expect.stringContaining('ALTER TABLE "Order" ADD COLUMN') });
    expect(await readFile(path.join(dir, result!.folder, 'migration.sql'), 'utf8')).toBe(result!.sql);

    const migrated = throwawayUrl();
    expect((await migrateDatabase(migrated, dir)).applied.at(-1)).toBe('29990102030405_add_kitchen_note');
    const fromChangedSchema = await databaseFromSchema(schemaWithExtraColumn);
    expect(await readCatalog(migrated)).toEqual(await readCatalog(fromChangedSchema));
  });
});
