/**
 * `npm run db:migration:create -- <name>` — writes
 * prisma/migrations/<UTC YYYYMMDDHHMMSS>_<name>/migration.sql with the SQL that takes a database
 * migrated with the existing migrations to the current prisma/schema.prisma.
 *
 * How the "from" side is found: Prisma's schema engine replays the existing migration files on
 * a temporary shadow database (`sufrah_mig_shadow_<random>` on the server of DATABASE_URL,
 * dropped afterwards) and diffs what they really produce against schema.prisma — what
 * `prisma migrate diff --from-migrations ... --to-schema ...` does. No extra state is kept,
 * git history does not matter (an uncommitted or hand-edited migration counts as it is), and a
 * migration that drifted from the schema shows up as a non-empty diff. With no migrations yet,
 * "from" is the empty database, and migration_lock.toml is written as Prisma writes it.
 * Needs a reachable PostgreSQL whose user may CREATE DATABASE; DATABASE_URL's own database is
 * neither read nor changed.
 *
 * Nothing changed → prints "no schema changes" and writes nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_SCHEMA_PATH, readMigrationsDirectory, writeMigration } from './migrations-dir';
import { describeFailure } from './migrate';
import { DEFAULT_DATABASE_URL } from './postgres';
import { diffMigrationsToSchema } from './schema-engine';

export interface CreateMigrationOptions {
  name: string;
  schemaPath?: string;
  migrationsDir?: string;
  /** Any URL on the PostgreSQL server that may host the shadow database. */
  serverUrl?: string;
  now?: Date;
}

export interface CreatedMigration {
  folder: string;
  sql: string;
}

/** Writes the next migration; null when schema.prisma matches the migrations. */
export async function createMigration(options: CreateMigrationOptions): Promise<CreatedMigration | null> {
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const schemaText = await readFile(options.schemaPath ?? DEFAULT_SCHEMA_PATH, 'utf8');
  const migrations = await readMigrationsDirectory(migrationsDir);
  const sql = await diffMigrationsToSchema(migrations, schemaText, { serverUrl: options.serverUrl });
  if (sql.trim() === '') return null;
  const folder = await writeMigration(migrationsDir, options.name, sql, options.now);
  return { folder, sql };
}

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name) {
    console.error('usage: npm run db:migration:create -- <name>   (e.g. add_order_notes)');
    process.exitCode = 2;
    return;
  }
  try {
    const created = await createMigration({ name, serverUrl: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL });
    if (!created) {
      console.log('no schema changes');
      return;
    }
    console.log(`created ${path.relative(process.cwd(), path.join(DEFAULT_MIGRATIONS_DIR, created.folder, 'migration.sql'))}`);
    if (/\bDROP\b/.test(created.sql)) console.log('review it: it drops tables, columns, indexes or types');
  } catch (error) {
    console.error(`db:migration:create failed: ${describeFailure(error)}`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
