// Stats, /metrics and the per-token rate limit of the dashboard API (SPEC §4).
import { startStack, type TestStack } from '../support/stack';
import { http, mintToken, seedConversation, seedMessage, seedOrder } from './helpers';

let stack: TestStack;
let id: string;
beforeAll(async () => {
  stack = await startStack({ api: true });
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
    expect(res.body.botResponseTime).toEqual({ averageSeconds: 3, samples: 2 });
    expect(res.body.ratings).toEqual({ count: 3, average: 13 / 3, distribution: { 1: 0, 2: 0, 3: 1, 4: 0, 5: 2 } });
    expect((await http(stack, 'GET', `/api/restaurants/${own.tenant.id}/stats?from=yesterday`, { token: ownToken })).status).toBe(400);
  });
});

describe('metrics', () => {
  test('/metrics lists webhooks, duplicates, rate-limited, sends, latencies and the failed-sends queue from the DB', async () => {
    const conversation = await seedConversation(stack.prisma, id);
    await seedMessage(stack.prisma, conversation, { direction: 'OUT', status: 'failed', waSid: null });
    const expected = await stack.prisma.message.count({ where: { direction: 'OUT', status: { in: ['failed', 'undelivered'] } } });
    const res = await http(stack, 'GET', '/metrics');
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
    expect(res.text).toMatch(new RegExp(`^sufrah_failed_sends\\{[^}]*\\} ${expected}$`, 'm'));
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
