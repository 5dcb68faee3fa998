// Idempotency-Key on the routes the route table marks `idempotent` (send, retry): scoped to the
// restaurant and the route, kept 24 h in Redis. The first request claims the key (SET NX) with a
// fingerprint of what it asked (method, path, body); its 2xx answer, whatever the handler sends, is
// stored before it goes out, and a repeat gets that answer without running the handler again. The
// same key with a different request is 422; a repeat while the first is still running is 409; a
// first request that did not succeed frees the key so the client can try again with it.
import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../logger';
import type { RedisClient } from '../../redis';
import { matchedRoute } from '../auth/roles';
import { HttpError, badRequest, conflict } from '../errors';

const TTL_SECONDS = 24 * 3600;
const KEY = /^[\x21-\x7e]{1,255}$/;

type Stored = { fingerprint: string; state: 'pending' } | { fingerprint: string; state: 'done'; status: number; body: unknown };

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** JSON with object keys sorted, so the same body in another key order is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function redisKey(req: Request, given: string): string {
  const route = matchedRoute(req)!;
  const restaurantId = String(req.params.id);
  return `idempotency:dashboard:${restaurantId}:${route.method} ${route.path}:${sha256(given)}`;
}

const fingerprintOf = (req: Request) => sha256(`${req.method} ${req.originalUrl.split('?')[0]}\n${canonical(req.body)}`);

const unavailable = () =>
  new HttpError(503, 'idempotency_unavailable', 'Idempotency-Key cannot be honoured right now (Redis is unreachable); try again');

/** Stores a 2xx answer under the key before it is sent; anything else frees the key. */
function recordAnswer(res: Response, redis: RedisClient, key: string, fingerprint: string, log: Logger): void {
  let settled = false;
  const release = () => {
    redis.del(key).catch((err: unknown) => log.warn({ err }, 'idempotency key not released'));
  };
  const send = res.json.bind(res);
  res.json = (body: unknown) => {
    settled = true;
    if (res.statusCode < 200 || res.statusCode >= 300) {
      release();
      return send(body);
    }
    const stored: Stored = { fingerprint, state: 'done', status: res.statusCode, body };
    redis
      .set(key, JSON.stringify(stored), 'EX', TTL_SECONDS)
      .catch((err: unknown) => log.warn({ err }, 'idempotent answer not stored'))
      .finally(() => send(body));
    return res;
  };
  // An answer that did not go through res.json (e.g. a bare 204): keep its status, else free the key.
  res.on('finish', () => {
    if (settled) return;
    if (res.statusCode < 200 || res.statusCode >= 300) return release();
    const stored: Stored = { fingerprint, state: 'done', status: res.statusCode, body: undefined };
    redis.set(key, JSON.stringify(stored), 'EX', TTL_SECONDS).catch((err: unknown) => log.warn({ err }, 'idempotent answer not stored'));
  });
}

export function idempotency(deps: { redis: RedisClient; log: Logger }): RequestHandler {
  const { redis, log } = deps;
  return async (req, res, next) => {
    const given = req.get('idempotency-key');
    if (given === undefined || !matchedRoute(req)?.idempotent) return next();
    if (!KEY.test(given)) return next(badRequest('Idempotency-Key: 1 to 255 visible ASCII characters'));
    const key = redisKey(req, given);
    const fingerprint = fingerprintOf(req);
    let previous: string | null;
    try {
      const pending: Stored = { fingerprint, state: 'pending' };
      const claimed = await redis.set(key, JSON.stringify(pending), 'EX', TTL_SECONDS, 'NX');
      if (claimed === 'OK') {
        recordAnswer(res, redis, key, fingerprint, log);
        return next();
      }
      previous = await redis.get(key);
    } catch (err) {
      log.warn({ err }, 'idempotency store unavailable');
      return next(unavailable());
    }
    // Expired between the two commands: rare; the client may simply send again.
    if (!previous) return next(conflict('Idempotency-Key: the first request with this key just expired; send again'));
    const stored = JSON.parse(previous) as Stored;
    if (stored.fingerprint !== fingerprint) {
      return next(new HttpError(422, 'idempotency_key_reused', 'this Idempotency-Key was used for a different request'));
    }
    if (stored.state === 'pending') return next(conflict('a request with this Idempotency-Key is still in progress'));
    res.setHeader('Idempotent-Replayed', 'true');
    if (stored.body === undefined) res.status(stored.status).end();
    else res.status(stored.status).json(stored.body);
  };
}
