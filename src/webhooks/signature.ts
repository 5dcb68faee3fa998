// X-Sufrah-Signature (SPEC §4): `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with the
// restaurant's secret — Stripe's scheme, so receivers can check freshness and authenticity at once.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signatureHeader(secret: string, rawBody: string, unixSeconds = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/** What a receiver does (also in the README): recompute and compare in constant time, within a tolerance. */
export function verifySignature(secret: string, rawBody: string, header: string, toleranceSeconds = 300, now = Date.now()): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(now / 1000 - t) > toleranceSeconds || !parts.v1) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
