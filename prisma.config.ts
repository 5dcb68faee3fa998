import { defineConfig } from 'prisma/config';

// Prisma 7 keeps the database URL out of schema.prisma; the runtime passes it to the pg adapter.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/sufrah' },
});
