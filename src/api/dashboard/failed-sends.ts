// Failed sends (SPEC §7): outbound messages Twilio refused for good, listed and replayed by ops —
// from the dashboard and from `npm run ops`, through these same functions.
import type { PrismaClient } from '../../db';
import { Prisma } from '../../generated/prisma/client';
import { messageView } from '../../views';
import { conflict, notFound } from '../errors';
import { Cursor, Page, afterCursor, newestFirst, toPage } from '../paging';
import { DashboardServices, publishQuietly, signalConversation } from './services';

export const FAILED_STATUSES = ['failed', 'undelivered'] as const;

const failedWhere = (restaurantId?: string): Prisma.MessageWhereInput => ({
  ...(restaurantId ? { restaurantId } : {}),
  direction: 'OUT',
  status: { in: [...FAILED_STATUSES] },
});

/** How many sends await replay, across all restaurants (the /metrics gauge). */
export function countFailedSends(prisma: PrismaClient): Promise<number> {
  return prisma.message.count({ where: failedWhere() });
}

export async function listFailedSends(
  prisma: PrismaClient,
  restaurantId: string,
  page: { limit: number; cursor?: Cursor },
): Promise<Page<ReturnType<typeof messageView>>> {
  const rows = await prisma.message.findMany({
    where: { AND: [failedWhere(restaurantId), afterCursor('createdAt', page.cursor)] },
    orderBy: newestFirst('createdAt'),
    take: page.limit + 1,
  });
  return toPage(rows, page.limit, (m) => m.createdAt, messageView);
}

const asObject = (value: Prisma.JsonValue | null): Prisma.JsonObject =>
  value && typeof value === 'object' && !Array.isArray(value) ? value : {};

/** Puts a failed send back in the queue and hands it to its conversation's workflow, which sends
 * the existing row (no waSid yet) in order with everything else. Only failed sends: else 409. */
export async function retryFailedSend(services: DashboardServices, restaurantId: string, messageId: string) {
  const { prisma } = services;
  const message = await prisma.message.findFirst({
    where: { id: messageId, restaurantId },
    include: { conversation: { select: { customerWa: true } } },
  });
  if (!message) throw notFound('message not found');
  const isFailed = (FAILED_STATUSES as readonly string[]).includes(message.status);
  if (message.direction !== 'OUT' || !isFailed) {
    throw conflict(`only failed outbound sends can be retried (this one is ${message.direction} ${message.status})`);
  }
  const metadata = asObject(message.metadata);
  const previous = Array.isArray(metadata.previousAttempts) ? metadata.previousAttempts : [];
  const attempt = { waSid: message.waSid, status: message.status, errorCode: message.errorCode, at: message.updatedAt.toISOString() };
  // Conditional: a concurrent retry of the same message finds it no longer failed.
  const { count } = await prisma.message.updateMany({
    where: { id: message.id, status: { in: [...FAILED_STATUSES] } },
    data: {
      status: 'queued',
      waSid: null,
      errorCode: null,
      errorMessage: null,
      sentAt: null,
      deliveredAt: null,
      readAt: null,
      metadata: { ...metadata, previousAttempts: [...previous, attempt].slice(-10) },
    },
  });
  if (count === 0) throw conflict('the message is already being retried');
  const queued = await prisma.message.findUniqueOrThrow({ where: { id: message.id } });
  await publishQuietly(services, restaurantId, { type: 'message.status', data: messageView(queued) });
  const ref = { restaurantId, customerWa: message.conversation.customerWa };
  try {
    await signalConversation(
      () => services.conversations.agentMessage(ref, { messageId: message.id, text: message.body }),
      services.log,
      'retry send',
    );
  } catch (err) {
    await prisma.message.update({ where: { id: message.id }, data: { status: 'failed', errorMessage: 'conversation workflow unreachable' } });
    throw err;
  }
  return queued;
}
