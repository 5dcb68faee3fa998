// What hand-over and dispatch need, and nothing more: the database, the way to signal a
// conversation, a logger and their timing.
import type { PrismaClient } from '../db';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { Signaller } from './work';

export interface DispatchDeps {
  prisma: PrismaClient;
  conversations: Signaller;
  log: Logger;
  settings: DispatchSettings;
  /** Counts hand-over outcomes (`sufrah_handoffs_total`); the ops CLI has none. */
  handoffs?: Pick<Metrics['handoffs'], 'inc'>;
}

/** How a hand-over went: signalled, tried again (slow, not down), or left to the dispatcher and why. */
export type HandoffOutcome = 'signalled' | 'retried' | 'older_pending' | 'cooling' | 'saturated' | 'failed';

export interface DispatchSettings {
  /** Deadline of one signal-with-start. */
  signalTimeoutMs: number;
  /** How often the dispatcher looks for stored-but-unsignalled messages. */
  intervalMs: number;
  /** Younger messages are left to the webhook's own hand-over. */
  minAgeMs: number;
  batchSize: number;
}

export function dispatchSettingsOf(config: {
  WEBHOOK_SIGNAL_TIMEOUT_MS: number;
  DISPATCH_INTERVAL_MS: number;
  DISPATCH_MIN_AGE_MS: number;
  DISPATCH_BATCH_SIZE: number;
}): DispatchSettings {
  return {
    signalTimeoutMs: config.WEBHOOK_SIGNAL_TIMEOUT_MS,
    intervalMs: config.DISPATCH_INTERVAL_MS,
    minAgeMs: config.DISPATCH_MIN_AGE_MS,
    batchSize: config.DISPATCH_BATCH_SIZE,
  };
}
