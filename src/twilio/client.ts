// The one Twilio client factory (STYLE: "one way to do each thing").
// With TWILIO_API_BASE_URL set, every REST call still goes through the real `twilio` library
// (request building, auth, RestException parsing) but lands on that base URL, keeping Twilio's
// paths: https://api.twilio.com/2010-04-01/... → <base>/2010-04-01/..., and likewise for
// content.twilio.com and any other *.twilio.com host (SPEC §2).
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

export type TwilioClient = twilio.Twilio;

/** A Twilio call that takes longer fails (and is retried), rather than holding a send slot. */
export const TWILIO_REQUEST_TIMEOUT_MS = 15_000;

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

export interface TwilioClientOptions {
  /** TWILIO_API_BASE_URL: send every REST call here instead of Twilio's hosts. */
  apiBaseUrl?: string;
  /** Per-request timeout; twilio's default is 30 s. */
  timeoutMs?: number;
}

function isTwilioHost(hostname: string): boolean {
  return hostname === 'twilio.com' || hostname.endsWith('.twilio.com');
}

/** Maps a Twilio URL onto `apiBaseUrl`, keeping path and query; other URLs pass unchanged. */
export function rewriteTwilioUrl(uri: string, apiBaseUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return uri;
  }
  if (!isTwilioHost(parsed.hostname)) return uri;
  return `${apiBaseUrl.replace(/\/+$/, '')}${parsed.pathname}${parsed.search}`;
}

/** twilio's own RequestClient, pointed at another base URL. */
class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly apiBaseUrl: string,
    opts: RequestClient.RequestClientOptions,
  ) {
    super(opts);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    return super.request({ ...opts, uri: rewriteTwilioUrl(opts.uri, this.apiBaseUrl) });
  }
}

export function createTwilioClient(creds: TwilioCredentials, options: TwilioClientOptions = {}): TwilioClient {
  // No auto-retry inside the library: Temporal's activity retry policy owns retries, and a
  // hidden retry of a send whose response was lost could deliver a message twice.
  const httpOptions: RequestClient.RequestClientOptions = { autoRetry: false, timeout: options.timeoutMs };
  const httpClient = options.apiBaseUrl ? new BaseUrlRequestClient(options.apiBaseUrl, httpOptions) : new twilio.RequestClient(httpOptions);
  return twilio(creds.accountSid, creds.authToken, { httpClient, autoRetry: false });
}

interface CachedClient {
  accountSid: string;
  authToken: string;
  client: TwilioClient;
}

/**
 * One client per restaurant, reused while its credentials are unchanged. A rotated SID or
 * token gets a fresh client on the next `get`, so no send uses stale credentials.
 */
export class TwilioClientCache {
  private readonly entries = new Map<string, CachedClient>();

  constructor(private readonly options: TwilioClientOptions = {}) {}

  get(restaurantId: string, creds: TwilioCredentials): TwilioClient {
    const cached = this.entries.get(restaurantId);
    if (cached && cached.accountSid === creds.accountSid && cached.authToken === creds.authToken) {
      return cached.client;
    }
    const client = createTwilioClient(creds, this.options);
    this.entries.set(restaurantId, { accountSid: creds.accountSid, authToken: creds.authToken, client });
    return client;
  }

  evict(restaurantId: string): void {
    this.entries.delete(restaurantId);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
