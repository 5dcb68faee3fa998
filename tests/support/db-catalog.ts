// The parts of a PostgreSQL schema that migrations decide, as sorted lines, for drift checks:
// two databases agree when their catalogs are equal. Column order is ignored on purpose (a later
// migration appends columns where schema.prisma may list them in the middle); _prisma_migrations
// is bookkeeping, not schema.
import { Client } from 'pg';

export interface Catalog {
  tables: string[];
  columns: string[];
  indexes: string[];
  constraints: string[];
  enums: string[];
}

const SCHEMA = 'public';
const BOOKKEEPING = '_prisma_migrations';

const QUERIES: Record<keyof Catalog, string> = {
  tables: `
    SELECT format('%I', c.relname) AS line
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> $2`,
  columns: `
    SELECT format('%I.%I %s %s%s%s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                  CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END,
                  coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), ''),
                  CASE WHEN a.attidentity <> '' THEN ' IDENTITY ' || a.attidentity::text ELSE '' END) AS line
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> $2 AND a.attnum > 0 AND NOT a.attisdropped`,
  indexes: `
    SELECT indexdef AS line FROM pg_indexes WHERE schemaname = $1 AND tablename <> $2`,
  constraints: `
    SELECT format('%I.%I %s', c.relname, k.conname, pg_get_constraintdef(k.oid)) AS line
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = $1 AND c.relname <> $2`,
  enums: `
    SELECT format('%I (%s)', t.typname, string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)) AS line
    FROM pg_type t
    JOIN pg_enum e ON e.enumtypid = t.oid
    JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = $1
    GROUP BY t.typname`,
};

export async function readCatalog(databaseUrl: string): Promise<Catalog> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const catalog: Catalog = { tables: [], columns: [], indexes: [], constraints: [], enums: [] };
    for (const key of Object.keys(QUERIES) as (keyof Catalog)[]) {
      const { rows } = await client.query<{ line: string }>(QUERIES[key], QUERIES[key].includes('$2') ? [SCHEMA, BOOKKEEPING] : [SCHEMA]);
      catalog[key] = rows.map((row) => row.line).sort();
    }
    return catalog;
  } finally {
    await client.end();
  }
}

/** Lines present in `a` but not in `b`, per section: what makes two catalogs differ. */
export function catalogDifference(a: Catalog, b: Catalog): Partial<Catalog> {
  const difference: Partial<Catalog> = {};
  for (const key of Object.keys(a) as (keyof Catalog)[]) {
    const missing = a[key].filter((line) => !b[key].includes(line));
    if (missing.length > 0) difference[key] = missing;
  }
  return difference;
}
