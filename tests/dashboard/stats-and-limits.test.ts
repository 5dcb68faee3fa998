// Stats, /metrics and the per-token rate limit of the dashboard API (SPEC §4).
import { eventually } from '../support/eventually';
import { startStack, type TestStack } from '../support/stack';
import { http, mintToken, seedConversation, seedMessage, seedOrder } from './helpers';

let stack: TestStack;
let id: string;
beforeAll(async () => {
  stack = await startStack({ api: true, env: { METRICS_FAILED_SENDS_REFRESH_MS: '100' } });
  id = (await stack.createRestaurant()).tenant.id;
});
afterAll(() => stack.stop());

describe('stats', () => {
  test('orders per day and status, revenue without cancelled orders, bot response time, ratings', async () => {
    const own = await stack.createRestaurant({ timeZone: 'Asia/Riyadh' });
    const ownToken = await mintToken(stack, own.tenant.id, 'owner');
    const conversation = await seedConversation(stack.prisma, own.tenant.id);
    const day1 = new Date('2026-03-01T10:00:00Z');
    const day2 = new Date('2026-03-01T22:30:00Z'); // already 2 March in Riyadh (UTC+3)
    await seedOrder(stack.prisma, conversation, { status: 'DELIVERED', orderType: 'delivery', total: 5000, rating: 5, createdAt: day1 });
    await seedOrder(stack.prisma, conversation, { status: 'PICKED_UP', total: 3000, rating: 3, createdAt: day1 });
    await seedOrder(stack.prisma, conversation, { status: 'CANCELLED', total: 9999, createdAt: day2 });
    await seedOrder(stack.prisma, conversation, { status: 'CONFIRMED', total: 2000, rating: 5, createdAt: day2 });
    // Two customer turns answered after 2 s and 4 s; the second inbound of a turn does not count.
    const at = (s: number) => new Date(day1.getTime() + s * 1000);
    await seedMessage(stack.prisma, conversation, { createdAt: at(0) });
    await seedMessage(stack.prisma, conversation, { direction: 'OUT', createdAt: at(2), sentAt: at(2) });
    await seedMessage(stack.prisma, conversation, { createdAt: at(10) });
    await seedMessage(stack.prisma, conversation, { createdAt: at(12) });
    await seedMessage(stack.prisma, conversation, { direction: 'OUT', createdAt: at(14), sentAt: at(14) });

    const res = await http(stack, 'GET', `/api/restaurants/${own.tenant.id}/stats?from=2026-02-28&to=2026-03-05`, { token: ownToken });
    expect(res.status).toBe(200);
    expect(res.body.orders.total).toBe(4);
    expect(res.body.orders.byStatus).toMatchObject({ DELIVERED: 1, PICKED_UP: 1, CANCELLED: 1, CONFIRMED: 1, PREPARING: 0 });
    expect(res.body.orders.perDay).toEqual([
      { date: '2026-03-01', count: 2, revenue: 8000, byStatus: { DELIVERED: 1, PICKED_UP: 1 } },
      { date: '2026-03-02', count: 2, revenue: 2000, byStatus: { CANCELLED: 1, CONFIRMED: 1 } },
    ]);
    expect(res.body.revenue).toBe(10000);
    expect(res.body.botResponseTime).toEqual({ averageSeconds: 3, samples: 2, p50: 3, p95: expect.closeTo(3.9, 9) });
    expect(res.body.orders.byHour).toEqual(hours({ 1: 2, 13: 2 }));
    expect(res.body.customers).toEqual({ total: 1, returning: 1 });
    expect(res.body.ratings).toEqual({
      count: 3,
      average: 13 / 3,
      distribution: { 1: 0, 2: 0, 3: 1, 4: 0, 5: 2 },
      perDay: [
        { date: '2026-03-01', count: 2, average: 4 },
        { date: '2026-03-02', count: 1, average: 5 },
      ],
    });
    expect((await http(stack, 'GET', `/api/restaurants/${own.tenant.id}/stats?from=yesterday`, { token: ownToken })).status).toBe(400);
  });

  test('response-time percentiles, orders by local hour, returning customers and ratings per day', async () => {
    // India is UTC+5:30: the half hour decides the local hour.
    const own = await stack.createRestaurant({ timeZone: 'Asia/Kolkata' });
    const ownToken = await mintToken(stack, own.tenant.id, 'owner');
    const [a, b, c, d] = [
      await seedConversation(stack.prisma, own.tenant.id),
      await seedConversation(stack.prisma, own.tenant.id),
      await seedConversation(stack.prisma, own.tenant.id),
      await seedConversation(stack.prisma, own.tenant.id),
    ];
    const order = (conversation: typeof a, createdAt: string, rating?: number) =>
      seedOrder(stack.prisma, conversation, { createdAt: new Date(createdAt), rating });
    await order(a, '2026-02-20T08:00:00Z', 1); // before the range: makes A a returning customer, not a rating
    await order(a, '2026-03-03T00:15:00Z', 4); // 05:45 on 3 March in India
    await order(b, '2026-03-03T18:40:00Z', 5); // 00:10 on 4 March
    await order(b, '2026-03-04T06:29:00Z', 3); // 11:59
    await order(c, '2026-03-04T06:30:00Z', 2); // 12:00
    await order(c, '2026-03-10T12:00:00Z'); // after the range: C ordered once within it
    await order(d, '2026-02-25T12:00:00Z'); // D ordered only before the range
    // Five customer turns answered after 1, 2, 3, 4 and 10 seconds.
    const start = new Date('2026-03-02T10:00:00Z').getTime();
    for (const [turn, seconds] of [1, 2, 3, 4, 10].entries()) {
      const at = start + turn * 100_000;
      await seedMessage(stack.prisma, a, { createdAt: new Date(at) });
      const sent = new Date(at + seconds * 1000);
      await seedMessage(stack.prisma, a, { direction: 'OUT', createdAt: sent, sentAt: sent });
    }

    const res = await http(stack, 'GET', `/api/restaurants/${own.tenant.id}/stats?from=2026-03-01&to=2026-03-06`, { token: ownToken });
    expect(res.status).toBe(200);
    expect(res.body.orders.total).toBe(4);
    // Interpolated percentiles (PostgreSQL percentile_cont): p95 of 1, 2, 3, 4, 10 is 4 + 0.8 × 6.
    expect(res.body.botResponseTime).toEqual({ averageSeconds: 4, samples: 5, p50: 3, p95: expect.closeTo(8.8, 9) });
    expect(res.body.orders.byHour).toEqual(hours({ 0: 1, 5: 1, 11: 1, 12: 1 }));
    expect(res.body.customers).toEqual({ total: 3, returning: 2 });
    expect(res.body.ratings).toEqual({
      count: 4,
      average: 14 / 4,
      distribution: { 1: 0, 2: 1, 3: 1, 4: 1, 5: 1 },
      perDay: [
        { date: '2026-03-03', count: 1, average: 4 },
        { date: '2026-03-04', count: 3, average: expect.closeTo(10 / 3, 9) },
      ],
    });
  });

  test('a range without orders or replies: zeros and nulls, 24 empty hours', async () => {
    const own = await stack.createRestaurant();
    const res = await http(stack, 'GET', `/api/restaurants/${own.tenant.id}/stats`, {
      token: await mintToken(stack, own.tenant.id, 'owner'),
    });
    expect(res.status).toBe(200);
    expect(res.body.botResponseTime).toEqual({ averageSeconds: null, samples: 0, p50: null, p95: null });
    expect(res.body.orders.byHour).toEqual(hours({}));
    expect(res.body.customers).toEqual({ total: 0, returning: 0 });
    expect(res.body.ratings).toEqual({ count: 0, average: null, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, perDay: [] });
  });
});

/** 24 order counts, index = hour of the day in the restaurant's time zone. */
const hours = (counts: Record<number, number>) => Array.from({ length: 24 }, (_, hour) => counts[hour] ?? 0);

describe('metrics', () => {
  test('/metrics lists webhooks, duplicates, rate-limited, sends, latencies and the failed-sends queue from the DB', async () => {
    const conversation = await seedConversation(stack.prisma, id);
    await seedMessage(stack.prisma, conversation, { direction: 'OUT', status: 'failed', waSid: null });
    // The gauge is a cached count (METRICS_FAILED_SENDS_REFRESH_MS, short here): it catches up.
    const res = await eventually(async () => {
      const scraped = await http(stack, 'GET', '/metrics');
      const expected = await stack.prisma.message.count({ where: { direction: 'OUT', status: { in: ['failed', 'undelivered'] } } });
      expect(scraped.text).toMatch(new RegExp(`^sufrah_failed_sends\\{[^}]*\\} ${expected}$`, 'm'));
      return scraped;
    });
    for (const name of [
      'sufrah_webhooks_total',
      'sufrah_duplicate_messages_total',
      'sufrah_rate_limited_total',
      'sufrah_sends_total',
      'sufrah_activity_duration_seconds',
      'sufrah_reply_latency_seconds',
    ]) {
      expect(res.text).toContain(name);
    }
  });
});

describe('rate limit', () => {
  let limited: TestStack;
  beforeAll(async () => {
    limited = await startStack({ api: true, env: { DASHBOARD_RATE_LIMIT_PER_MIN: '5' } });
  });
  afterAll(() => limited.stop());

  test('over the per-token limit → 429 with Retry-After; another token is unaffected', async () => {
    const { tenant } = await limited.createRestaurant();
    const [first, second] = [await mintToken(limited, tenant.id), await mintToken(limited, tenant.id)];
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await http(limited, 'GET', `/api/restaurants/${tenant.id}/conversations`, { token: first });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.body.error.code).toBe('rate_limited');
    expect((await http(limited, 'GET', `/api/restaurants/${tenant.id}/conversations`, { token: second })).status).toBe(200);
    expect((await http(limited, 'GET', '/metrics')).text).toMatch(/sufrah_rate_limited_total\{[^}]*scope="dashboard"[^}]*\} 2/);
  });
});
