// Prometheus metrics (SPEC §4 /metrics). One registry per process; names are the contract for
// dashboards and alerts (deploy/monitoring/), so change them with care.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricsOptions {
  /** The failed-sends gauge counts from the database at most this often (default 15 s). */
  failedSendsRefreshMs?: number;
}

export function createMetrics(processName: 'api' | 'worker', options: MetricsOptions = {}) {
  const registry = new Registry();
  registry.setDefaultLabels({ process: processName });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const failedSends = cachedCount(options.failedSendsRefreshMs ?? 15_000);
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
    webhookAuditSkipped: new Counter({
      name: 'sufrah_webhook_audit_skipped_total',
      help: 'Rejected webhooks (4xx) counted but not written to the audit log (sampled: the first 20 a minute per restaurant and API copy are)',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
    webhookLatency: new Histogram({
      name: 'sufrah_webhook_ack_seconds',
      help: 'Time to answer a Twilio webhook',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    outgoingWebhookDeliveries: new Counter({
      name: 'sufrah_outgoing_webhook_deliveries_total',
      help: "Posts to restaurants' own webhooks by outcome (delivered, retrying, failed)",
      labelNames: ['outcome'],
      registers,
    }),
    failedSendsQueue: new Gauge({
      name: 'sufrah_failed_sends',
      help: 'Outbound messages in failed state awaiting replay (counted at most every METRICS_FAILED_SENDS_REFRESH_MS)',
      registers,
      async collect() {
        const value = await failedSends.read();
        if (value !== undefined) this.set(value);
      },
    }),
    /** The failed-sends gauge counts with `count`: now, then in the background of a scrape that finds the count stale. */
    trackFailedSends(count: () => Promise<number>): void {
      failedSends.track(count);
    },
    handoffs: new Counter({
      name: 'sufrah_handoffs_total',
      help: 'Stored work (messages, staff actions) handed to its workflow, by who tried (api, dispatcher) and outcome (signalled; retried: a signal slow while Temporal answered others, tried again; or left to the dispatcher: older_pending, cooling, saturated, failed)',
      labelNames: ['by', 'outcome'],
      registers,
    }),
    redisUp: new Gauge({ name: 'sufrah_redis_up', help: '1 when Redis answers, 0 when it does not', registers }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * A count from the database that a scrape reads from memory: a scrape that finds it older than
 * `refreshMs` starts one refresh in the background and answers with the value it has. Only the
 * first scrapes, before the first count has ever come back, wait for it.
 */
function cachedCount(refreshMs: number) {
  let count: (() => Promise<number>) | undefined;
  let value: number | undefined;
  let countedAt = -Infinity;
  let inFlight: Promise<void> | undefined;
  const refresh = (): Promise<void> => {
    if (!count || inFlight) return inFlight ?? Promise.resolve();
    countedAt = Date.now();
    inFlight = count().then(
      (n) => {
        value = n;
        inFlight = undefined;
      },
      () => {
        // database down: keep the last value (/health says what is down) and try again next interval
        inFlight = undefined;
      },
    );
    return inFlight;
  };
  return {
    track(counter: () => Promise<number>): void {
      count = counter;
      void refresh();
    },
    async read(): Promise<number | undefined> {
      if (Date.now() - countedAt >= refreshMs) void refresh();
      if (value === undefined && inFlight) await inFlight;
      return value;
    },
  };
}

/**
 * Whether a request may read /metrics: always when no METRICS_TOKEN is configured, otherwise only
 * with `Authorization: Bearer <token>`. Compares digests in constant time, so neither the token
 * nor its length leaks through timing.
 */
export function metricsRequestAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer (.+)$/i.exec(authorization ?? '');
  if (!match) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}
