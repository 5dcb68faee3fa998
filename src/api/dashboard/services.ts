// What the dashboard's actions need, shared by the HTTP routes and the ops CLI so both do exactly
// the same thing.
import type { PrismaClient } from '../../db';
import type { DashboardEvent, EventPublisher } from '../../events/publisher';
import type { Logger } from '../../logger';
import type { Conversations } from '../../temporal/conversations';
import { HttpError } from '../errors';

export interface DashboardServices {
  prisma: PrismaClient;
  events: EventPublisher;
  conversations: Conversations;
  log: Logger;
}

const SIGNAL_TIMEOUT_MS = 10_000;

export const workflowUnavailable = () =>
  new HttpError(503, 'workflow_unavailable', 'the conversation workflow could not be reached; try again');

/** Signals a conversation workflow; a Temporal outage becomes a 503 instead of a hung request. */
export async function signalConversation(run: () => Promise<void>, log: Logger, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), SIGNAL_TIMEOUT_MS);
      }),
    ]);
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err), what }, 'conversation signal failed');
    throw workflowUnavailable();
  } finally {
    clearTimeout(timer);
  }
}

/** Dashboard events are best effort on the request path: the database already holds the truth. */
export async function publishQuietly(
  services: Pick<DashboardServices, 'events' | 'log'>,
  restaurantId: string,
  event: DashboardEvent,
): Promise<void> {
  try {
    await services.events.publish(restaurantId, event);
  } catch (err) {
    services.log.warn({ err: err instanceof Error ? err.message : String(err), type: event.type }, 'event publish failed');
  }
}
