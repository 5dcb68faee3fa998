// GET /api/restaurants/:id/stats: order volume per day and hour (in the restaurant's time zone) and
// per status, revenue, customers and how many came back, the bot's first-response time (average,
// p50, p95) and ratings (overall and per day), over `from`..`to` (ISO dates or times; default the
// last 30 days, at most 366 days).
import { Request, Router } from 'express';
import { z } from 'zod';
import type { PrismaClient } from '../../db';
import { OrderStatus } from '../../generated/prisma/enums';
import { badRequest, notFound } from '../errors';

const DAY_MS = 86_400_000;

const range = z.object({
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});

function parseRange(query: Record<string, unknown>): { from: Date; to: Date } {
  const parsed = range.safeParse(query);
  if (!parsed.success) throw badRequest('from/to: expected ISO dates like 2026-01-31 or 2026-01-31T00:00:00Z');
  const to = parsed.data.to ? new Date(parsed.data.to) : new Date();
  const from = parsed.data.from ? new Date(parsed.data.from) : new Date(to.getTime() - 30 * DAY_MS);
  if (!(from < to)) throw badRequest('from must be before to');
  if (to.getTime() - from.getTime() > 366 * DAY_MS) throw badRequest('at most 366 days at a time');
  return { from, to };
}

interface DayStatusRow {
  day: string;
  status: OrderStatus;
  count: number;
  revenue: bigint | number;
}

const emptyByStatus = () => Object.fromEntries(Object.values(OrderStatus).map((s) => [s, 0])) as Record<OrderStatus, number>;

/** Every figure is over orders (or inbound messages) created in [from, to); days and hours are local. */
export async function restaurantStats(prisma: PrismaClient, restaurantId: string, from: Date, to: Date) {
  const tenant = await prisma.restaurantBot.findUnique({ where: { id: restaurantId }, select: { timeZone: true, currency: true } });
  if (!tenant) throw notFound('restaurant not found');
  // Timestamps are stored as UTC without a zone: compare against UTC literals, group in local days.
  const fromUtc = from.toISOString();
  const toUtc = to.toISOString();
  const [days, response, ratings, hours, customers, ratingDays] = await Promise.all([
    prisma.$queryRaw<DayStatusRow[]>`
      SELECT to_char(("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE ${tenant.timeZone}, 'YYYY-MM-DD') AS day,
             status::text AS status, count(*)::int AS count,
             COALESCE(sum(total) FILTER (WHERE status <> 'CANCELLED'), 0)::bigint AS revenue
      FROM "Order"
      WHERE "restaurantId" = ${restaurantId}
        AND "createdAt" >= (${fromUtc}::timestamptz AT TIME ZONE 'UTC')
        AND "createdAt" < (${toUtc}::timestamptz AT TIME ZONE 'UTC')
      GROUP BY 1, 2 ORDER BY 1, 2`,
    // First bot reply to each customer turn: an inbound message not preceded by another inbound one.
    prisma.$queryRaw<{ average: number | null; samples: number; p50: number | null; p95: number | null }[]>`
      WITH turns AS (
        SELECT "conversationId", "createdAt", direction,
               lag(direction) OVER (PARTITION BY "conversationId" ORDER BY "createdAt", id) AS previous
        FROM "Message"
        WHERE "restaurantId" = ${restaurantId}
          AND "createdAt" >= (${fromUtc}::timestamptz AT TIME ZONE 'UTC')
          AND "createdAt" < (${toUtc}::timestamptz AT TIME ZONE 'UTC')
      ), samples AS (
        SELECT EXTRACT(EPOCH FROM (reply.at - t."createdAt"))::float8 AS seconds
        FROM turns t
        CROSS JOIN LATERAL (
          SELECT min(COALESCE(o."sentAt", o."createdAt")) AS at FROM "Message" o
          WHERE o."conversationId" = t."conversationId" AND o.direction = 'OUT' AND o.sender = 'bot'
            AND o."createdAt" >= t."createdAt"
        ) reply
        WHERE t.direction = 'IN' AND (t.previous IS NULL OR t.previous = 'OUT') AND reply.at IS NOT NULL
      )
      SELECT avg(seconds)::float8 AS average, count(*)::int AS samples,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds)::float8 AS p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY seconds)::float8 AS p95
      FROM samples`,
    prisma.order.groupBy({
      by: ['rating'],
      where: { restaurantId, rating: { not: null }, createdAt: { gte: from, lt: to } },
      _count: { _all: true },
    }),
    prisma.$queryRaw<{ hour: number; count: number }[]>`
      SELECT EXTRACT(HOUR FROM ("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE ${tenant.timeZone})::int AS hour, count(*)::int AS count
      FROM "Order"
      WHERE "restaurantId" = ${restaurantId}
        AND "createdAt" >= (${fromUtc}::timestamptz AT TIME ZONE 'UTC')
        AND "createdAt" < (${toUtc}::timestamptz AT TIME ZONE 'UTC')
      GROUP BY 1`,
    // A customer is returning when their order in the range is not their first: two in the range, or one before it.
    prisma.$queryRaw<{ total: number; returning: number }[]>`
      WITH customers AS (
        SELECT "customerWa", count(*) AS orders FROM "Order"
        WHERE "restaurantId" = ${restaurantId}
          AND "createdAt" >= (${fromUtc}::timestamptz AT TIME ZONE 'UTC')
          AND "createdAt" < (${toUtc}::timestamptz AT TIME ZONE 'UTC')
        GROUP BY 1
      )
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE c.orders > 1 OR EXISTS (
               SELECT 1 FROM "Order" earlier
               WHERE earlier."restaurantId" = ${restaurantId} AND earlier."customerWa" = c."customerWa"
                 AND earlier."createdAt" < (${fromUtc}::timestamptz AT TIME ZONE 'UTC')
             ))::int AS returning
      FROM customers c`,
    prisma.$queryRaw<{ date: string; count: number; average: number }[]>`
      SELECT to_char(("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE ${tenant.timeZone}, 'YYYY-MM-DD') AS date,
             count(*)::int AS count, avg(rating)::float8 AS average
      FROM "Order"
      WHERE "restaurantId" = ${restaurantId} AND rating IS NOT NULL
        AND "createdAt" >= (${fromUtc}::timestamptz AT TIME ZONE 'UTC')
        AND "createdAt" < (${toUtc}::timestamptz AT TIME ZONE 'UTC')
      GROUP BY 1 ORDER BY 1`,
  ]);

  const byStatus = emptyByStatus();
  const perDay = new Map<string, { date: string; count: number; revenue: number; byStatus: Partial<Record<OrderStatus, number>> }>();
  let revenue = 0;
  for (const row of days) {
    byStatus[row.status] += row.count;
    revenue += Number(row.revenue);
    const day = perDay.get(row.day) ?? { date: row.day, count: 0, revenue: 0, byStatus: {} };
    day.count += row.count;
    day.revenue += Number(row.revenue);
    day.byStatus[row.status] = row.count;
    perDay.set(row.day, day);
  }

  const distribution: Record<'1' | '2' | '3' | '4' | '5', number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let ratingSum = 0;
  let ratingCount = 0;
  for (const row of ratings) {
    const key = String(row.rating) as keyof typeof distribution;
    if (!(key in distribution)) continue;
    distribution[key] += row._count._all;
    ratingSum += Number(row.rating) * row._count._all;
    ratingCount += row._count._all;
  }

  const byHour = Array.from({ length: 24 }, () => 0);
  for (const row of hours) byHour[row.hour] = row.count;

  const botResponse = response[0];
  return {
    restaurantId,
    from: from.toISOString(),
    to: to.toISOString(),
    timeZone: tenant.timeZone,
    currency: tenant.currency,
    orders: {
      total: Object.values(byStatus).reduce((a, b) => a + b, 0),
      byStatus,
      perDay: [...perDay.values()],
      byHour,
    },
    revenue,
    customers: { total: customers[0]?.total ?? 0, returning: customers[0]?.returning ?? 0 },
    botResponseTime: {
      averageSeconds: botResponse?.average ?? null,
      samples: botResponse?.samples ?? 0,
      p50: botResponse?.p50 ?? null,
      p95: botResponse?.p95 ?? null,
    },
    ratings: {
      count: ratingCount,
      average: ratingCount ? ratingSum / ratingCount : null,
      distribution,
      perDay: ratingDays,
    },
  };
}

export function statsRoutes(prisma: PrismaClient): Router {
  const router = Router({ mergeParams: true });
  router.get('/stats', async (req: Request<{ id: string }>, res) => {
    const { from, to } = parseRange(req.query);
    res.json(await restaurantStats(prisma, req.params.id, from, to));
  });
  return router;
}
