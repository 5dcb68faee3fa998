// What the dashboard's actions need, shared by the HTTP routes and the ops CLI so both do exactly
// the same thing.
import type { PrismaClient } from '../../db';
import type { EventPublisher } from '../../events/publisher';
import type { Logger } from '../../logger';
import type { Conversations } from '../../temporal/conversations';
import { HttpError } from '../errors';

export interface DashboardServices {
  prisma: PrismaClient;
  events: EventPublisher;
  conversations: Conversations;
  log: Logger;
}

export const workflowUnavailable = () =>
  new HttpError(503, 'workflow_unavailable', 'the conversation workflow could not be reached; try again');

/** Signals a conversation workflow (under the Conversations deadline); a Temporal outage is a 503. */
export async function signalConversation(run: () => Promise<void>, log: Logger, what: string): Promise<void> {
  try {
    await run();
  } catch (err) {
    log.warn({ err, what }, 'conversation signal failed');
    throw workflowUnavailable();
  }
}
