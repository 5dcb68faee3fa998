/**
 * `npm run db:migrate` — applies pending prisma/migrations to DATABASE_URL exactly as
 * `prisma migrate deploy` does (Prisma's schema engine as WASM; same `_prisma_migrations`
 * rows, checksums and timestamps), plus three things deploy does not do:
 * - creates the database if it does not exist (dev and CI);
 * - refuses to continue when a migration that is already applied was edited since
 *   (the engine's own checksum comparison, `diagnoseMigrationHistory.editedMigrationNames`;
 *   its `applyMigrations` would silently skip the edited file);
 * - reports failures as one line (unreachable server, failed migration) without a stack.
 */
import { DEFAULT_MIGRATIONS_DIR, readMigrationsDirectory } from './migrations-dir';
import { DEFAULT_DATABASE_URL, MigrationToolError, databaseName, ensureDatabaseExists, serverAddress } from './postgres';
import { NO_FILTERS, SchemaEngineError, diagnoseMigrationHistory, withSchemaEngine } from './schema-engine';

export interface MigrateResult {
  /** Names of the migrations applied by this call, oldest first; empty when none were pending. */
  applied: string[];
  createdDatabase: boolean;
}

export async function migrateDatabase(databaseUrl: string, migrationsDir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrateResult> {
  const migrations = await readMigrationsDirectory(migrationsDir);
  if (migrations.migrationDirectories.length === 0) {
    throw new MigrationToolError(`no migrations found in ${migrationsDir}`);
  }
  for (const { path, migrationFile } of migrations.migrationDirectories) {
    if (migrationFile.content.tag === 'error') {
      throw new MigrationToolError(`cannot read migration ${path}/${migrationFile.path}: ${migrationFile.content.value}`);
    }
  }
  const createdDatabase = await ensureDatabaseExists(databaseUrl);
  const applied = await withSchemaEngine(databaseUrl, async (session) => {
    const history = await diagnoseMigrationHistory(session, migrations);
    const [edited] = history.editedMigrationNames;
    if (edited !== undefined) {
      throw new MigrationToolError(
        `migration ${edited} was modified after it was applied to ${databaseName(databaseUrl)} ` +
          `(its migration.sql no longer matches the checksum in _prisma_migrations); ` +
          `restore the original file and put the change in a new migration`,
      );
    }
    const result = await session.run((engine) => engine.applyMigrations({ migrationsList: migrations, filters: NO_FILTERS }));
    return result.appliedMigrationNames;
  });
  return { applied, createdDatabase };
}

export function describeResult(applied: string[]): string {
  if (applied.length === 0) return 'no pending migrations';
  return `applied ${applied.length} migration${applied.length === 1 ? '' : 's'}: ${applied.join(', ')}`;
}

/** One line for the terminal; unexpected errors (bugs) keep their stack. */
export function describeFailure(error: unknown): string {
  if (error instanceof MigrationToolError || error instanceof SchemaEngineError) {
    return error.message.replace(/\s*\n\s*/g, ' ');
  }
  if (error instanceof TypeError && 'code' in error && error.code === 'ERR_INVALID_URL') return 'DATABASE_URL is not a valid URL';
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  let target = 'DATABASE_URL';
  try {
    target = `${databaseName(databaseUrl)} at ${serverAddress(databaseUrl)}`;
    const { applied, createdDatabase } = await migrateDatabase(databaseUrl);
    if (createdDatabase) console.log(`created database ${target}`);
    console.log(`${target}: ${describeResult(applied)}`);
  } catch (error) {
    console.error(`db:migrate failed (${target}): ${describeFailure(error)}`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
