// What the dashboard's actions need, shared by the HTTP routes and the ops CLI so both do exactly
// the same thing. A staff action is recorded with the change it makes, in one transaction, then
// handed to the conversation's workflow in the background: it answers 2xx once recorded, also
// while Temporal is unreachable (SPEC §7), and reaches the workflow in order with its other work.
import { recordAction, type StaffAction } from '../../conversations/actions';
import type { PrismaClient } from '../../db';
import type { WorkHandoff } from '../../dispatch/handoff';
import type { EventPublisher } from '../../events/publisher';
import type { Prisma } from '../../generated/prisma/client';
import type { Logger } from '../../logger';
import type { QueuedDelivery } from '../../webhooks/queues';

export interface DashboardServices {
  prisma: PrismaClient;
  events: EventPublisher;
  log: Logger;
  handoff: WorkHandoff;
  /** Signals a recorded webhook delivery's queue (the API); absent (ops CLI): the sweeper does. */
  wakeWebhook?: (delivery: QueuedDelivery) => Promise<boolean>;
}

interface ActionTarget {
  conversation: { id: string; restaurantId: string; customerWa: string };
  action: StaffAction;
}

/**
 * Runs `change` and records the staff action it returns in the same transaction, then hands the
 * action over — waited for (at most the signal deadline), so that while Temporal is up the action
 * is with the workflow before the answer, ordered before anything the staff member does next; if
 * not, the dispatcher delivers it. Returns what `change` returned.
 */
export async function withStaffAction<T>(
  services: DashboardServices,
  change: (tx: Prisma.TransactionClient) => Promise<{ result: T; target?: ActionTarget }>,
): Promise<T> {
  const { result, recorded, target } = await services.prisma.$transaction(async (tx) => {
    const { result, target } = await change(tx);
    return { result, target, recorded: target ? await recordAction(tx, target.conversation, target.action) : undefined };
  });
  if (recorded && target) {
    const { conversation, action } = target;
    const key = { restaurantId: conversation.restaurantId, customerWa: conversation.customerWa };
    await services.handoff.hand(key, conversation.id, { kind: 'action', id: recorded.id, createdAt: recorded.createdAt, action });
  }
  return result;
}
