// Failed sends (SPEC §7): outbound messages not delivered for good, listed and replayed by ops —
// from the dashboard and from `npm run ops`, through these same functions.
import type { PrismaClient } from '../../db';
import { publishBestEffort } from '../../events/publisher';
import { FAILED_STATUSES, isFailed, markFailed, requeueFailed } from '../../messages/outbox';
import { messageView } from '../../views';
import { conflict, notFound } from '../errors';
import { Cursor, Page, afterCursor, newestFirst, toPage } from '../paging';
import { DashboardServices, signalConversation } from './services';

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
  const { prisma } = services;
  const message = await prisma.message.findFirst({
    where: { id: messageId, restaurantId },
    include: { conversation: { select: { customerWa: true } } },
  });
  if (!message) throw notFound('message not found');
  if (message.direction !== 'OUT' || !isFailed(message.status)) {
    throw conflict(`only failed outbound sends can be retried (this one is ${message.direction} ${message.status})`);
  }
  // Conditional: a concurrent retry of the same message finds it no longer failed.
  const queued = await requeueFailed(prisma, message);
  if (!queued) throw conflict('the message is already being retried');
  await publishBestEffort(services.events, services.log, restaurantId, { type: 'message.status', data: messageView(queued) });
  const ref = { restaurantId, customerWa: message.conversation.customerWa };
  try {
    await signalConversation(
      () => services.conversations.agentMessage(ref, { messageId: message.id, text: message.body }),
      services.log,
      'retry send',
    );
  } catch (err) {
    await markFailed(prisma, message.id, { reason: 'workflow_unreachable', message: 'conversation workflow unreachable' });
    throw err;
  }
  return queued;
}
