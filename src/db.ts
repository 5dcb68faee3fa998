// Prisma 7 through the pg driver adapter (WASM query compiler, no native engine).
import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from './generated/prisma/client';

export function createPrisma(databaseUrl: string, poolSize = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }) });
}

/** What a store function writes through: the client, or the transaction it is part of. */
export type Db = PrismaClient | Prisma.TransactionClient;

/** Prisma's unique-constraint violation (two writers raced to create the same row). */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

/** Insert-or-ignore on a unique key for the hot path: the row, or null when one holds the key.
 * A plain create, because Prisma caches its query plan (createMany / createManyAndReturn with
 * skipDuplicates are compiled on every call, ~1 ms of CPU each). Not inside a transaction: the
 * violation would abort it. */
export async function createUnlessDuplicate<T>(create: () => Promise<T>): Promise<T | null> {
  try {
    return await create();
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

export { PrismaClient };
export * from './generated/prisma/enums';
