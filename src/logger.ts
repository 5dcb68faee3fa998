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

export function createLogger(level: string, name: string): Logger {
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}

export type { Logger };
