// Who a webhook is for, and proof that Twilio sent it. Order of checks: the form is parsed first
// (400), then the tenant is looked up by number (404), then the signature is checked with that
// tenant's auth token (403).
import type { Request } from 'express';
import twilio from 'twilio';
import type { Config } from '../../config';
import type { PrismaClient } from '../../db';
import { findActiveTenantByNumber, tenantCredentials, type Tenant } from '../../tenants/store';
import { HttpError, forbidden, notFound } from '../errors';
import type { WebhookTrace } from './audit';
import type { TwilioForm } from './parse';

export const serviceUnavailable = (message: string) => new HttpError(503, 'unavailable', message);

export interface WebhookTenant {
  tenant: Tenant;
  /** Decrypted Twilio auth token: for the signature check only, never logged. */
  authToken: string;
}

/** Active restaurants by WhatsApp number, cached for a few seconds so a burst of webhooks does
 * not look the same tenant up (and decrypt its token) every time. A deactivated restaurant stops
 * being served within the TTL; a rotated token is picked up at once (see `verifiedTenant`). */
export class TenantDirectory {
  private readonly cache = new Map<string, WebhookTenant & { expiresAt: number }>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly credentialsKey: string,
    private readonly ttlMs: number,
  ) {}

  /** 404 when no active restaurant has this number, 503 when the database does not answer. */
  async byNumber(number: string, fresh = false): Promise<WebhookTenant> {
    const hit = this.cache.get(number);
    if (!fresh && hit && hit.expiresAt > Date.now()) return hit;
    let tenant: Tenant | null;
    try {
      tenant = await findActiveTenantByNumber(this.prisma, number);
    } catch {
      throw serviceUnavailable('tenant lookup failed; retry later');
    }
    if (!tenant) {
      this.cache.delete(number);
      throw notFound('no active restaurant for this WhatsApp number');
    }
    const entry = { tenant, authToken: tenantCredentials(tenant, this.credentialsKey).authToken, expiresAt: Date.now() + this.ttlMs };
    if (this.ttlMs > 0) this.cache.set(number, entry);
    return entry;
  }
}

/** The URL Twilio called: PUBLIC_BASE_URL (never the Host header, which a proxy rewrites) plus the
 * path and query as received. */
export function signedUrl(config: Config, req: Request): string {
  return config.PUBLIC_BASE_URL.replace(/\/+$/, '') + req.originalUrl;
}

/** Throws 403 unless X-Twilio-Signature is the HMAC of URL and params with this auth token
 * (constant-time comparison inside the twilio library). */
export function verifySignature(config: Config, req: Request, authToken: string, form: TwilioForm): void {
  const signature = req.header('x-twilio-signature');
  if (!signature) throw forbidden('missing X-Twilio-Signature');
  if (!twilio.validateRequest(authToken, signature, signedUrl(config, req), form)) {
    throw forbidden('invalid X-Twilio-Signature');
  }
}

/** The tenant for `number` once the request is proven to be Twilio's for it: 404, then 403.
 * A signature that fails against a cached token is checked again with a fresh lookup. */
export async function verifiedTenant(
  directory: TenantDirectory,
  config: Config,
  req: Request,
  number: string,
  form: TwilioForm,
  trace: WebhookTrace,
): Promise<Tenant> {
  const cached = await directory.byNumber(number);
  trace.restaurantId = cached.tenant.id;
  try {
    verifySignature(config, req, cached.authToken, form);
    return cached.tenant;
  } catch (err) {
    if (!req.header('x-twilio-signature')) throw err;
    const fresh = await directory.byNumber(number, true);
    if (fresh.authToken === cached.authToken) throw err;
    trace.restaurantId = fresh.tenant.id;
    verifySignature(config, req, fresh.authToken, form);
    return fresh.tenant;
  }
}
