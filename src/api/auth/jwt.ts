// Dashboard JWTs (SPEC §4 Dashboard): HS256 with JWT_SECRET only, `exp` required, 30 s clock skew.
// Claims: sub, restaurantId, role, exp. A token never appears in logs or responses other than
// the one that mints it.
import { randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';

export const ROLES = ['owner', 'agent', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const TOKEN_TTL_SECONDS = 12 * 60 * 60;
const CLOCK_SKEW_SECONDS = 30;

export interface DashboardClaims {
  sub: string;
  restaurantId: string;
  role: Role;
  exp: number;
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  restaurantId: z.string().min(1),
  role: z.enum(ROLES),
  exp: z.number().int(),
});

const keyOf = (secret: string) => new TextEncoder().encode(secret);

export async function signDashboardToken(
  secret: string,
  claims: { restaurantId: string; role: Role; sub?: string },
  ttlSeconds = TOKEN_TTL_SECONDS,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ restaurantId: claims.restaurantId, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub ?? `dashboard:${randomUUID()}`)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(keyOf(secret));
}

export class InvalidTokenError extends Error {}

/** The verified claims, or InvalidTokenError (expired, forged, other algorithm, missing claims). */
export async function verifyDashboardToken(secret: string, token: string): Promise<DashboardClaims> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'sub'],
      clockTolerance: CLOCK_SKEW_SECONDS,
    });
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new InvalidTokenError('token claims are incomplete');
    return claims.data;
  } catch (err) {
    if (err instanceof InvalidTokenError) throw err;
    if (err instanceof joseErrors.JWTExpired) throw new InvalidTokenError('token expired');
    throw new InvalidTokenError('invalid token');
  }
}

/** `Authorization: Bearer <jwt>` → the token, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** Whether these claims may act on that restaurant: admins everywhere, others only at home. */
export function canAccess(claims: DashboardClaims, restaurantId: string): boolean {
  return claims.role === 'admin' || claims.restaurantId === restaurantId;
}
