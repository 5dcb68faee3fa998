// Who a webhook is for, and proof that Twilio sent it. Order of checks: the form is parsed first
// (400), then the tenant is looked up by number (404), then the signature is checked with that
// tenant's auth token (403).
import type { Request } from 'express';
import twilio from 'twilio';
import type { Config } from '../../config';
import type { PrismaClient } from '../../db';
import type { TenantChanges } from '../../tenants/changes';
import { credentialKeysOf, type CredentialKeys } from '../../tenants/credentials';
import { findActiveTenantByNumber, tenantCredentials, type Tenant } from '../../tenants/store';
import type { ApiDeps } from '../deps';
import { HttpError, forbidden, notFound } from '../errors';
import type { WebhookTrace } from './audit';
import type { TwilioForm } from './parse';

export const serviceUnavailable = (message: string) => new HttpError(503, 'unavailable', message);

export interface WebhookTenant {
  tenant: Tenant;
  /** Decrypted Twilio auth token: for the signature check only, never logged. */
  authToken: string;
}

/** Active restaurants by WhatsApp number, cached so a burst of webhooks does not look the same
 * tenant up (and decrypt its token) every time. Every restaurant change is announced over Redis
 * (src/tenants/changes.ts) and drops its entries at once, so while that subscription is live an entry
 * is kept for WEBHOOK_TENANT_CACHE_MS; while it is down, for FALLBACK_MS at most. Unknown or inactive
 * numbers are cached too (negative entries), so a flood of forged `To`s costs one lookup per number,
 * and a bad signature re-reads the tenant (a token rotated behind the API's back) at most once per
 * REFRESH_MS per number — never a lookup and a decryption per forged request. Nothing here refuses a
 * request that carries a good signature. */
export class TenantDirectory {
  static readonly FALLBACK_MS = 1000;
  static readonly REFRESH_MS = 1000;
  private static readonly MAX_ENTRIES = 10_000;

  private readonly cache = new Map<string, { found: WebhookTenant | null; fetchedAt: number }>();
  private readonly refreshedAt = new Map<string, number>();
  private readonly inflight = new Map<string, { generation: number; found: Promise<WebhookTenant | null> }>();
  /** Bumped by every change: a lookup that overlapped one does not cache what it read. */
  private generation = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly keys: CredentialKeys,
    private readonly ttlMs: number,
    private readonly changes?: Pick<TenantChanges, 'live' | 'onChange'>,
  ) {
    changes?.onChange((restaurantId) => this.invalidate(restaurantId));
  }

  static of(deps: Pick<ApiDeps, 'prisma' | 'config' | 'tenantChanges'>): TenantDirectory {
    return new TenantDirectory(deps.prisma, credentialKeysOf(deps.config), deps.config.WEBHOOK_TENANT_CACHE_MS, deps.tenantChanges);
  }

  /** 404 when no active restaurant has this number, 503 when the database does not answer. */
  async byNumber(number: string, fresh = false): Promise<WebhookTenant> {
    const hit = this.cache.get(number);
    if (!fresh && hit && Date.now() - hit.fetchedAt < this.trustMs()) return this.answer(hit.found);
    // Concurrent misses for one number share one lookup (unless a change came after it started).
    let lookup = this.inflight.get(number);
    if (!lookup || lookup.generation !== this.generation) {
      const started = { generation: this.generation, found: this.lookUp(number) };
      lookup = started;
      this.inflight.set(number, started);
      void started.found
        .finally(() => {
          if (this.inflight.get(number) === started) this.inflight.delete(number);
        })
        .catch(() => undefined);
    }
    return this.answer(await lookup.found);
  }

  /** Whether a failed signature may re-read this number now (at most once per REFRESH_MS). */
  mayRefresh(number: string): boolean {
    const last = this.refreshedAt.get(number);
    if (last !== undefined && Date.now() - last < TenantDirectory.REFRESH_MS) return false;
    this.refreshedAt.delete(number);
    this.refreshedAt.set(number, Date.now());
    this.trim(this.refreshedAt);
    return true;
  }

  /** Drops what is cached for that restaurant, every negative entry (it may own a number now),
   * or everything (null). */
  invalidate(restaurantId: string | null): void {
    this.generation += 1;
    for (const [number, entry] of this.cache) {
      if (restaurantId === null || !entry.found || entry.found.tenant.id === restaurantId) this.cache.delete(number);
    }
    if (restaurantId === null) this.refreshedAt.clear();
  }

  private async lookUp(number: string): Promise<WebhookTenant | null> {
    const { generation } = this;
    let tenant: Tenant | null;
    try {
      tenant = await findActiveTenantByNumber(this.prisma, number);
    } catch {
      throw serviceUnavailable('tenant lookup failed; retry later');
    }
    const found = tenant ? { tenant, authToken: tenantCredentials(tenant, this.keys).authToken } : null;
    if (this.trustMs() > 0 && generation === this.generation) this.remember(number, found);
    return found;
  }

  private trustMs(): number {
    if (!this.changes || this.changes.live) return this.ttlMs;
    return Math.min(this.ttlMs, TenantDirectory.FALLBACK_MS);
  }

  private answer(found: WebhookTenant | null): WebhookTenant {
    if (!found) throw notFound('no active restaurant for this WhatsApp number');
    return found;
  }

  private remember(number: string, found: WebhookTenant | null): void {
    this.cache.delete(number);
    this.cache.set(number, { found, fetchedAt: Date.now() });
    this.trim(this.cache);
  }

  private trim(map: Map<string, unknown>): void {
    while (map.size > TenantDirectory.MAX_ENTRIES) map.delete(map.keys().next().value!);
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
 * A signature that fails against a cached token is checked again with a fresh lookup, at most once
 * per TenantDirectory.REFRESH_MS per number. */
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
    if (!req.header('x-twilio-signature') || !directory.mayRefresh(number)) throw err;
    const fresh = await directory.byNumber(number, true);
    if (fresh.authToken === cached.authToken) throw err;
    trace.restaurantId = fresh.tenant.id;
    verifySignature(config, req, fresh.authToken, form);
    return fresh.tenant;
  }
}
