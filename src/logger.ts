// One pino logger; secrets are redacted wherever they appear in logged objects.
import pino, { Logger } from 'pino';

export const REDACTED_PATHS = [
  'authToken',
  'twilioAuthToken',
  '*.authToken',
  '*.twilioAuthToken',
  'password',
  '*.password',
  'token',
  '*.token',
  'req.headers.authorization',
  'req.headers["x-admin-key"]',
  'req.headers["x-twilio-signature"]',
  'headers.authorization',
  'headers["x-admin-key"]',
  'headers["x-twilio-signature"]',
];

/**
 * An error is logged as itself under `err` (`log.warn({ err }, 'what failed')`): pino's standard
 * serializer writes its type, message and stack (causes included) and its own fields, except the
 * request objects axios (inside twilio) hangs on its errors, which carry the Authorization header.
 */
const UNLOGGED_ERROR_FIELDS = ['config', 'request', 'response'];

function serializeError(err: unknown): unknown {
  const serialized = pino.stdSerializers.err(err as Error);
  if (serialized === err) return err; // not an error: logged as it is
  for (const field of UNLOGGED_ERROR_FIELDS) delete serialized[field];
  return serialized;
}

export function createLogger(level: string, name: string): Logger {
  return pino({ name, level, serializers: { err: serializeError }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}

export type { Logger };
