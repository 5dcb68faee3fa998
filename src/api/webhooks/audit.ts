// Every webhook request leaves a trace: Prometheus counters and ack latency, and an AuditLog row
// (request id, tenant, outcome, status, latency). Never the signature, a token or the body of a
// rejected request. Rows are written after the answer, a batch at a time, so they cost the ack
// nothing; a crash loses at most the last ~100 ms of rows (the metrics and logs still have them).
// Rejected requests (4xx: unsigned, forged, unknown number, malformed) are anyone's to send, so
// their rows are sampled — the first REJECTED_ROWS_PER_MINUTE per restaurant (or per "no
// restaurant") a minute on each API copy, the next row saying how many were left out — while the
// metrics count every one.
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { PrismaClient } from '../../db';
import type { Prisma } from '../../generated/prisma/client';
import type { Logger } from '../../logger';
import type { ApiDeps } from '../deps';

export type WebhookKind = 'inbound' | 'status';

export interface WebhookTrace {
  restaurantId?: string;
  /** accepted, duplicate, rate_limited, updated, stale, unknown_message, ... (default: from the status code). */
  outcome?: string;
  details?: Record<string, string | number | boolean | null>;
}

const traces = new WeakMap<Response, WebhookTrace>();

/** The trace of this request, for handlers to fill in as they learn who and what it is. */
export function traceOf(res: Response): WebhookTrace {
  let trace = traces.get(res);
  if (!trace) {
    trace = {};
    traces.set(res, trace);
  }
  return trace;
}

const OUTCOME_BY_STATUS: Record<number, string> = {
  400: 'malformed',
  403: 'forbidden',
  404: 'unknown_tenant',
  413: 'too_large',
  415: 'unsupported_media_type',
  503: 'unavailable',
};

function outcomeFor(status: number, trace: WebhookTrace): string {
  if (status < 400 && trace.outcome) return trace.outcome;
  return OUTCOME_BY_STATUS[status] ?? (status >= 500 ? 'error' : status < 400 ? 'accepted' : 'rejected');
}

type AuditRow = Prisma.AuditLogCreateManyInput;

const AUDIT_BATCH = 100;
const AUDIT_DELAY_MS = 100;

export class AuditWriter {
  private rows: AuditRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly log: Logger,
  ) {}

  add(row: AuditRow): void {
    this.rows.push(row);
    if (this.rows.length >= AUDIT_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), AUDIT_DELAY_MS).unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.rows;
    this.rows = [];
    if (rows.length === 0) return;
    const write = this.prisma.auditLog
      .createMany({ data: rows })
      .then(() => undefined)
      .catch((err: unknown) => {
        this.log.warn({ err, rows: rows.length }, 'webhook audit write failed');
      });
    this.writes = Promise.all([this.writes, write]).then(() => undefined);
  }

  /** Writes what is buffered and waits for it (on shutdown, before the database closes). */
  async drain(): Promise<void> {
    this.flush();
    await this.writes;
  }
}

export const REJECTED_ROWS_PER_MINUTE = 20;

/** Fixed one-minute windows per key; says whether a row may be written and how many were skipped. */
class RejectedSampler {
  private readonly windows = new Map<string, { startedAt: number; written: number; skipped: number }>();

  admit(key: string, now = Date.now()): { write: false } | { write: true; skippedBefore: number } {
    let window = this.windows.get(key);
    let skippedBefore = 0;
    if (!window || now - window.startedAt >= 60_000) {
      skippedBefore = window?.skipped ?? 0;
      window = { startedAt: now, written: 0, skipped: 0 };
      this.windows.set(key, window);
    }
    if (window.written >= REJECTED_ROWS_PER_MINUTE) {
      window.skipped += 1;
      return { write: false };
    }
    window.written += 1;
    return { write: true, skippedBefore };
  }
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** First middleware of a webhook route: request id, then metrics and audit once answered. */
export function trackWebhook(deps: ApiDeps, kind: WebhookKind, audit: AuditWriter): RequestHandler {
  const sampler = new RejectedSampler();
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const trace = traceOf(res);
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const outcome = outcomeFor(res.statusCode, trace);
      deps.metrics.webhooks.inc({ kind, outcome });
      deps.metrics.webhookLatency.observe({ kind }, seconds);
      let details = trace.details;
      if (res.statusCode >= 400 && res.statusCode < 500) {
        const admitted = sampler.admit(`${kind}:${trace.restaurantId ?? '-'}`);
        if (!admitted.write) {
          deps.metrics.webhookAuditSkipped.inc({ kind, outcome });
          return;
        }
        if (admitted.skippedBefore) details = { ...details, rejectedRowsSkippedLastWindow: admitted.skippedBefore };
      }
      audit.add({
        kind: 'webhook',
        action: `whatsapp.${kind}`,
        outcome,
        requestId,
        statusCode: res.statusCode,
        latencyMs: Math.round(seconds * 1000),
        restaurantId: trace.restaurantId ?? null,
        ...(details ? { details } : {}),
      });
    });
    next();
  };
}
