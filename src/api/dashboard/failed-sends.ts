// Failed sends (SPEC §7): outbound messages not delivered for good, listed and replayed by ops —
// from the dashboard and from `npm run ops`, through these same functions.
import type { PrismaClient } from '../../db';
import { publishBestEffort } from '../../events/publisher';
import { FAILED_STATUSES, isFailed, requeueFailed } from '../../messages/outbox';
import { messageView } from '../../views';
import { conflict, notFound } from '../errors';
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
    // Conditional: a concurrent retry of the same message finds it no longer failed.
    const requeued = await requeueFailed(tx, message);
    if (!requeued) throw conflict('the message is already being retried');
    const action = { kind: 'agent_message' as const, payload: { messageId: message.id, text: message.body } };
    return { result: requeued, target: { conversation: message.conversation, action } };
  });
  await publishBestEffort(services.events, services.log, restaurantId, { type: 'message.status', data: messageView(queued) });
  return queued;
}
