// Cursor paging for every list endpoint (SPEC §4): `limit` (default 50, max 200), an opaque
// `cursor`, answers `{ data, nextCursor }`. Lists are ordered by a timestamp, newest first, with the
// row id as tie-breaker, so a page boundary never duplicates or skips a row.
import { z } from 'zod';
import { badRequest } from './errors';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export interface Cursor {
  /** Sort timestamp of the last row on the previous page (ms since epoch). */
  at: number;
  id: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** A cursor's time must be one PostgreSQL and JavaScript can both hold (here: years 1970–9999). */
const MAX_CURSOR_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const cursorShape = z.object({ at: z.number().int().min(0).max(MAX_CURSOR_TIME), id: z.string().min(1).max(100) });

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string): Cursor {
  try {
    return cursorShape.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw badRequest('cursor: not a cursor this API returned');
  }
}

const single = (value: unknown, name: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`${name}: expected a single value`);
  return value;
};

/** `limit` and `cursor` from a query string; limits above the maximum are capped. */
export function pageParams(query: Record<string, unknown>): { limit: number; cursor?: Cursor } {
  const rawLimit = single(query.limit, 'limit');
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== undefined) {
    if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1) throw badRequest('limit: expected a positive integer');
    limit = Math.min(Number(rawLimit), MAX_LIMIT);
  }
  const rawCursor = single(query.cursor, 'cursor');
  return { limit, cursor: rawCursor ? decodeCursor(rawCursor) : undefined };
}

/** Prisma `where` for "after the cursor" in (field desc, id desc) order. */
export function afterCursor<F extends string>(field: F, cursor: Cursor | undefined) {
  if (!cursor) return {};
  const at = new Date(cursor.at);
  return {
    OR: [{ [field]: { lt: at } }, { [field]: at, id: { lt: cursor.id } }] as Record<string, unknown>[],
  };
}

/** Prisma `orderBy` matching afterCursor. */
export const newestFirst = <F extends string>(field: F) => [{ [field]: 'desc' as const }, { id: 'desc' as const }];

/** Rows fetched with `take: limit + 1` → the page and the cursor of its last row. */
export function toPage<Row extends { id: string }, T>(
  rows: Row[],
  limit: number,
  sortValue: (row: Row) => Date,
  view: (row: Row) => T,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    data: pageRows.map(view),
    nextCursor: hasMore && last ? encodeCursor({ at: sortValue(last).getTime(), id: last.id }) : null,
  };
}

/** A single optional query value from an allowed set. */
export function enumParam<T extends string>(query: Record<string, unknown>, name: string, allowed: readonly T[]): T | undefined {
  const value = single(query[name], name);
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw badRequest(`${name}: expected one of ${allowed.join(', ')}`);
  return value as T;
}

export function stringParam(query: Record<string, unknown>, name: string, max = 200): string | undefined {
  const value = single(query[name], name)?.trim();
  if (!value) return undefined;
  if (value.length > max) throw badRequest(`${name}: at most ${max} characters`);
  return value;
}
