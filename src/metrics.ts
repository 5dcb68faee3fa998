// Prometheus metrics (SPEC §4 /metrics). One registry per process; names are the contract for
// dashboards and alerts, so change them with care.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics(processName: 'api' | 'worker') {
  const registry = new Registry();
  registry.setDefaultLabels({ process: processName });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  // Read from the database at scrape time by whoever owns a connection (see trackFailedSends).
  let countFailedSends: (() => Promise<number>) | undefined;
  return {
    registry,
    webhooks: new Counter({
      name: 'sufrah_webhooks_total',
      help: 'Twilio webhooks by kind (inbound, status) and outcome (accepted, duplicate, forbidden, ...)',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
    duplicates: new Counter({ name: 'sufrah_duplicate_messages_total', help: 'Inbound messages seen again (same MessageSid)', registers }),
    rateLimited: new Counter({
      name: 'sufrah_rate_limited_total',
      help: 'Work delayed or marked by a rate limit, by scope (customer, restaurant_minute, restaurant_day, dashboard)',
      labelNames: ['scope'],
      registers,
    }),
    sends: new Counter({
      name: 'sufrah_sends_total',
      help: 'Outbound sends by outcome (sent, retryable_error, failed, skipped)',
      labelNames: ['outcome'],
      registers,
    }),
    activityDuration: new Histogram({
      name: 'sufrah_activity_duration_seconds',
      help: 'Activity execution time',
      labelNames: ['activity', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    endToEnd: new Histogram({
      name: 'sufrah_reply_latency_seconds',
      help: 'Inbound message stored to first bot reply sent',
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    }),
    webhookLatency: new Histogram({
      name: 'sufrah_webhook_ack_seconds',
      help: 'Time to answer a Twilio webhook',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    failedSendsQueue: new Gauge({
      name: 'sufrah_failed_sends',
      help: 'Outbound messages in failed state awaiting replay',
      registers,
      async collect() {
        if (!countFailedSends) return;
        try {
          this.set(await countFailedSends());
        } catch {
          // database down: keep the last value; /health says what is down
        }
      },
    }),
    /** Makes the failed-sends gauge count from the database on every scrape. */
    trackFailedSends(count: () => Promise<number>): void {
      countFailedSends = count;
    },
    redisUp: new Gauge({ name: 'sufrah_redis_up', help: '1 when Redis answers, 0 when it does not', registers }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
