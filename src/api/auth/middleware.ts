// Who is calling: the admin key for /api/admin, a dashboard JWT for /api/restaurants/:id.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { ApiDeps } from '../deps';
import { forbidden, notFound, unauthorized } from '../errors';
import { DashboardClaims, InvalidTokenError, bearerToken, canAccess, verifyDashboardToken } from './jwt';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison of equal-length digests, so neither content nor length leaks. */
export function adminKeyMatches(given: string | undefined, expected: string): boolean {
  return timingSafeEqual(digest(given ?? ''), digest(expected)) && given !== undefined;
}

export function requireAdminKey(deps: Pick<ApiDeps, 'config'>): RequestHandler {
  return (req, _res, next) => {
    const given = req.get('x-admin-key');
    next(adminKeyMatches(given, deps.config.ADMIN_API_KEY) ? undefined : unauthorized('missing or wrong X-Admin-Key'));
  };
}

const claimsByRequest = new WeakMap<Request, DashboardClaims>();

/** The verified claims of a request that passed requireDashboardToken. */
export function claimsOf(req: Request): DashboardClaims {
  const claims = claimsByRequest.get(req);
  if (!claims) throw unauthorized();
  return claims;
}

/** `actor` for the audit log: role and subject, never the token. */
export const actorOf = (claims: DashboardClaims) => `${claims.role}:${claims.sub}`;

export function requireDashboardToken(deps: Pick<ApiDeps, 'config'>): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (!token) return next(unauthorized('missing bearer token'));
    try {
      claimsByRequest.set(req, await verifyDashboardToken(deps.config.JWT_SECRET, token));
      next();
    } catch (err) {
      next(err instanceof InvalidTokenError ? unauthorized(err.message) : err);
    }
  };
}

/** `:id` must be the token's own restaurant (admins: any existing one). Runs after the token check. */
export function requireRestaurantAccess(deps: Pick<ApiDeps, 'prisma'>): RequestHandler {
  return async (req, _res, next) => {
    const id = String(req.params.id ?? '');
    if (!canAccess(claimsOf(req), id)) return next(forbidden('this token is not for that restaurant'));
    const exists = await deps.prisma.restaurantBot.findUnique({ where: { id }, select: { id: true } });
    next(exists ? undefined : notFound('restaurant not found'));
  };
}
