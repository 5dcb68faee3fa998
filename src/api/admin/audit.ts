// Audit log of admin and agent actions (AuditLog kind 'admin' | 'agent'). Records what was done,
// by whom and how it ended — never a token, key or request body.
import type { Request, RequestHandler } from 'express';
import type { ApiDeps } from '../deps';
import type { Prisma } from '../../generated/prisma/client';

export interface AuditEntry {
  kind: 'admin' | 'agent';
  action: string;
  outcome: string;
  actor: string;
  restaurantId?: string | null;
  statusCode?: number;
  latencyMs?: number;
  details?: Prisma.InputJsonObject;
}

/** Writes one entry; a failed write is logged, never turned into a failed request. */
export async function recordAudit(deps: Pick<ApiDeps, 'prisma' | 'log'>, entry: AuditEntry): Promise<void> {
  try {
    await deps.prisma.auditLog.create({ data: entry });
  } catch {
    // Most likely an unknown restaurant id (foreign key): keep the entry, without the link.
    const { restaurantId, details, ...rest } = entry;
    try {
      await deps.prisma.auditLog.create({ data: { ...rest, details: { ...details, restaurantId: restaurantId ?? null } } });
    } catch (err) {
      deps.log.warn({ err, action: entry.action }, 'audit log write failed');
    }
  }
}

const auditState = new WeakMap<Request, { restaurantId?: string; details?: Prisma.InputJsonObject }>();

/** Lets a handler name the restaurant (e.g. one it just created) and add non-secret details. */
export function noteAudit(req: Request, note: { restaurantId?: string; details?: Prisma.InputJsonObject }): void {
  auditState.set(req, { ...auditState.get(req), ...note });
}

/** Records the request's outcome once the response is sent. */
export function audited(
  deps: Pick<ApiDeps, 'prisma' | 'log'>,
  kind: AuditEntry['kind'],
  action: string,
  actor: (req: Request) => string,
): RequestHandler {
  return (req, res, next) => {
    const started = Date.now();
    const routeRestaurant = typeof req.params.id === 'string' ? req.params.id : null;
    res.on('finish', () => {
      const note = auditState.get(req);
      let who = 'unknown';
      try {
        who = actor(req);
      } catch {
        // unauthenticated: the request was refused before the actor was known
      }
      void recordAudit(deps, {
        kind,
        action,
        actor: who,
        outcome: res.statusCode < 400 ? 'ok' : `rejected_${res.statusCode}`,
        statusCode: res.statusCode,
        latencyMs: Date.now() - started,
        restaurantId: note?.restaurantId ?? routeRestaurant,
        details: note?.details,
      });
    });
    next();
  };
}
