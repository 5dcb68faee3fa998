// Shared plumbing of the Twilio fake: per-call context, Twilio-shaped replies, fault guard.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Request, RequestHandler, Response } from 'express';
import type { FaultInjector } from './faults';
import type { FakeEndpoint, FakeStore, RecordedRequest } from './store';

export interface CallContext {
  record: RecordedRequest;
  /** The authenticated account, once the auth check passed. */
  accountSid?: string;
  /** Answer nothing: accept the call, then destroy the socket (a response lost on the way). */
  drop: boolean;
}

export interface FakeDeps {
  store: FakeStore;
  faults: FaultInjector;
  /** Aborted on close, so pending injected delays end with the server. */
  closing: AbortSignal;
}

const contexts = new WeakMap<Request, CallContext>();

export function setContext(req: Request, ctx: CallContext): void {
  contexts.set(req, ctx);
}

export function contextOf(req: Request): CallContext {
  const ctx = contexts.get(req);
  if (!ctx) throw new Error('Twilio fake: request has no call context');
  return ctx;
}

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export const twilioErrorBody = (status: number, code: number, message: string): TwilioErrorBody => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

/** Every answer goes through here, so a pending drop fault applies to it. */
export function reply(req: Request, res: Response, status: number, body: object): void {
  const ctx = contexts.get(req);
  if (ctx?.drop) {
    ctx.record.dropped = true;
    req.socket.destroy();
    return;
  }
  if (res.headersSent || req.socket.destroyed) return;
  res.status(status).json(body);
}

export function replyError(req: Request, res: Response, status: number, code: number, message: string): void {
  reply(req, res, status, twilioErrorBody(status, code, message));
}

const DEFAULT_MESSAGES: Record<number, string> = {
  20003: 'Authenticate',
  20429: 'Too Many Requests',
  20500: 'Internal Server Error',
  20503: 'Service Unavailable',
  21211: "Invalid 'To' Phone Number",
  21408: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number",
  21610: 'Attempt to send to unsubscribed recipient',
  63016: 'Failed to send freeform message because you are outside the allowed window.',
  63018: 'Rate limit exceeded for Channel',
};

export const AUTH_FAILED = { status: 401, code: 20003, message: 'Authenticate' } as const;

/** Reads one form/query/JSON field as a string; repeated fields yield the first. */
export function field(source: unknown, key: string): string | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const value: unknown = (source as Record<string, unknown>)[key];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** Reads a repeated form field (MediaUrl=a&MediaUrl=b) as a list. */
export function fieldList(source: unknown, key: string): string[] {
  if (typeof source !== 'object' || source === null) return [];
  const value: unknown = (source as Record<string, unknown>)[key];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Runs before each endpoint: names the call, checks the URL's account against the
 * authenticated one, then applies injected faults (delay, error or lost response).
 */
export function guard(deps: FakeDeps, endpoint: FakeEndpoint): RequestHandler {
  return async (req, res, next) => {
    const ctx = contextOf(req);
    ctx.record.endpoint = endpoint;
    const urlAccount = req.params['AccountSid'];
    if (urlAccount !== undefined && urlAccount !== ctx.accountSid) {
      replyError(req, res, AUTH_FAILED.status, AUTH_FAILED.code, AUTH_FAILED.message);
      return;
    }
    const to = field(req.body, 'To') ?? field(req.query, 'To');
    const { delayMs, outcome } = deps.faults.take(endpoint, to, ctx.accountSid);
    if (delayMs) {
      try {
        await sleep(delayMs, undefined, { signal: deps.closing });
      } catch {
        return; // the fake is closing; its sockets are being destroyed
      }
    }
    if (outcome?.kind === 'error') {
      const { status } = outcome.error;
      // Twilio's generic codes are 20000 + status: 20429, 20500, 20503.
      const code = outcome.error.code ?? 20000 + status;
      const message = outcome.error.message ?? DEFAULT_MESSAGES[code] ?? `Injected Twilio error ${code}`;
      if (outcome.error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(outcome.error.retryAfterSeconds));
      reply(req, res, status, twilioErrorBody(status, code, message));
      return;
    }
    if (outcome?.kind === 'drop') ctx.drop = true;
    next();
  };
}
