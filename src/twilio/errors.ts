// Twilio failure classification (SPEC §7): retry with backoff, or fail the message for good
// (marked failed, `message.failed` published, replayable by ops).
// The message is built from safe parts only and scrubbed, so it can be logged and stored.

export interface TwilioErrorClass {
  retryable: boolean;
  /** Twilio error code (e.g. 21211), when Twilio answered with one. */
  code?: number;
  /** HTTP status, when Twilio answered at all. */
  status?: number;
  message: string;
}

/** Throttling and transient channel failures. */
const RETRYABLE_CODES = new Set([20429, 63018]);

/** Bad credentials, invalid or unreachable recipients: retrying cannot help. */
const PERMANENT_CODES = new Set([20003, 21211, 21408, 21610, 63016]);

/** Connection-level failures: Twilio may be reachable again in a moment. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

const NETWORK_MESSAGE = /socket hang up|network error|timeout of \d+ms exceeded|read ECONNRESET|connect ETIMEDOUT/i;

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;
function numberField(obj: Fields, key: string): number | undefined {
  const value = obj[key];
  return typeof value === 'number' ? value : undefined;
}
function stringField(obj: Fields, key: string): string | undefined {
  const value = obj[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Removes anything credential-shaped: Basic/Bearer headers, user:pass@ in URLs, and bare
 * 32-hex tokens (Twilio auth tokens). SIDs survive: their hex follows "AC"/"SM" with no boundary.
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._-]+/g, '$1 [redacted]')
    .replace(/(\/\/)[^/\s:@]+:[^/\s@]+@/g, '$1[redacted]@')
    .replace(/\b[0-9a-fA-F]{32}\b/g, '[redacted]');
}

/** A RestException (or RFC 9457 TwilioServiceException): Twilio answered with an HTTP error. */
function classifyHttpError(status: number, code: number | undefined, detail: string | undefined): TwilioErrorClass {
  let retryable: boolean;
  if (code !== undefined && PERMANENT_CODES.has(code)) retryable = false;
  else if (code !== undefined && RETRYABLE_CODES.has(code)) retryable = true;
  // 408: Twilio timed out waiting for us; 429: throttled; 5xx: Twilio's side.
  else retryable = status === 408 || status === 429 || status >= 500;
  const codePart = code !== undefined ? ` error ${code}` : '';
  const message = scrubSecrets(`Twilio HTTP ${status}${codePart}: ${detail ?? 'request failed'}`);
  return { retryable, ...(code !== undefined ? { code } : {}), status, message };
}

function networkCode(err: Fields): string | undefined {
  const own = stringField(err, 'code');
  if (own && NETWORK_CODES.has(own)) return own;
  const cause = err['cause'];
  if (isObject(cause)) {
    const causeCode = stringField(cause, 'code');
    if (causeCode && NETWORK_CODES.has(causeCode)) return causeCode;
  }
  return undefined;
}

export function classifyTwilioError(err: unknown): TwilioErrorClass {
  if (!isObject(err)) {
    return { retryable: false, message: scrubSecrets(`Twilio call failed: ${String(err)}`) };
  }
  const status = numberField(err, 'status');
  const detail = stringField(err, 'message');
  // axios errors carry the request config (and its Authorization header): only the fields
  // read here are used, never the object itself.
  const isAxiosError = err['isAxiosError'] === true;
  if (status !== undefined && status >= 100 && !isAxiosError) {
    return classifyHttpError(status, numberField(err, 'code'), detail);
  }
  const netCode = networkCode(err);
  if (netCode || (detail && NETWORK_MESSAGE.test(detail))) {
    const prefix = netCode ? `${netCode}: ` : '';
    return { retryable: true, message: scrubSecrets(`Twilio network error: ${prefix}${detail ?? 'no response'}`) };
  }
  return { retryable: false, message: scrubSecrets(`Twilio call failed: ${detail ?? 'unknown error'}`) };
}
