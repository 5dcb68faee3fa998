// Every webhook request leaves a trace: Prometheus counters and ack latency, and one AuditLog row
// (request id, tenant, outcome, status, latency). Never the signature, a token or the body of a
// rejected request. Rows are written after the answer, a batch at a time, so they cost the ack
// nothing; a crash loses at most the last ~100 ms of rows (the metrics and logs still have them).
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

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** First middleware of a webhook route: request id, then metrics and audit once answered. */
export function trackWebhook(deps: ApiDeps, kind: WebhookKind, audit: AuditWriter): RequestHandler {
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
      audit.add({
        kind: 'webhook',
        action: `whatsapp.${kind}`,
        outcome,
        requestId,
        statusCode: res.statusCode,
        latencyMs: Math.round(seconds * 1000),
        restaurantId: trace.restaurantId ?? null,
        ...(trace.details ? { details: trace.details } : {}),
      });
    });
    next();
  };
}
