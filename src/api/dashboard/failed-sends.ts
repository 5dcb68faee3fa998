// Failed sends (SPEC §7): outbound messages not delivered for good, listed and replayed by ops —
// from the dashboard and from `npm run ops`, through these same functions.
import type { PrismaClient } from '../../db';
import { publishBestEffort } from '../../events/publisher';
import { closeWindow } from '../../conversations/store';
import { OUTSIDE_WINDOW } from '../../conversations/window';
import type { Conversation, Message, Prisma } from '../../generated/prisma/client';
import { FAILED_STATUSES, isFailed, previousAttempts, requeueFailed } from '../../messages/outbox';
import { messageView } from '../../views';
import { conflict, HttpError, notFound } from '../errors';
import { Cursor, Page, afterCursor, newestFirst, toPage } from '../paging';
import { type DashboardServices, withStaffAction } from './services';

export async function listFailedSends(
  prisma: PrismaClient,
  restaurantId: string,
  page: { limit: number; cursor?: Cursor },
): Promise<Page<ReturnType<typeof messageView>>> {
  const rows = await prisma.message.findMany({
    where: { AND: [{ restaurantId, direction: 'OUT', status: { in: [...FAILED_STATUSES] } }, afterCursor('createdAt', page.cursor)] },
    orderBy: newestFirst('createdAt'),
    take: page.limit + 1,
  });
  return toPage(rows, page.limit, (m) => m.createdAt, messageView);
}

/** Puts a failed send back in the queue and hands it to its conversation's workflow, which sends
 * the existing row (no waSid yet) in order with everything else. Only failed sends: else 409. */
export async function retryFailedSend(services: DashboardServices, restaurantId: string, messageId: string) {
  const queued = await withStaffAction(services, async (tx) => {
    const message = await tx.message.findFirst({ where: { id: messageId, restaurantId }, include: { conversation: true } });
    if (!message) throw notFound('message not found');
    if (message.direction !== 'OUT' || !isFailed(message.status)) {
      throw conflict(`only failed outbound sends can be retried (this one is ${message.direction} ${message.status})`);
    }
    return requeued(tx, message);
  });
  await publishBestEffort(services.events, services.log, restaurantId, { type: 'message.status', data: messageView(queued) });
  return queued;
}

/** Queued again and handed to the workflow as a staff action (durable), which sends the existing row. */
async function requeued(tx: Prisma.TransactionClient, message: Message & { conversation: Conversation }) {
  // Conditional: a concurrent retry of the same message finds it no longer failed.
  const queued = await requeueFailed(tx, message);
  if (!queued) throw conflict('the message is already being retried');
  const action = { kind: 'agent_message' as const, payload: { messageId: message.id, text: message.body } };
  return { result: queued, target: { conversation: message.conversation, action } };
}

/**
 * Twilio reported a send failed as outside the 24-hour window (63016, in a status callback): the
 * conversation's window is closed, and the message goes back to its workflow as durably as a staff
 * action, to be sent as its template (or an agent's follow-up invitation), or held visibly. Once
 * per message: a resend that meets 63016 again stays failed.
 */
export async function resendOutsideWindow(services: DashboardServices, restaurantId: string, waSid: string): Promise<boolean> {
  const message = await services.prisma.message.findFirst({
    where: { restaurantId, waSid, direction: 'OUT' },
    include: { conversation: true },
  });
  if (!message || !isFailed(message.status) || triedOutsideWindow(message)) return false;
  await closeWindow(services.prisma, message.conversationId, new Date());
  await withStaffAction(services, (tx) => requeued(tx, message)).catch((err: unknown) => {
    if (!(err instanceof HttpError)) throw err; // a concurrent retry has it
  });
  return true;
}

const triedOutsideWindow = (message: Message): boolean => previousAttempts(message).some((a) => a.errorCode === OUTSIDE_WINDOW);
