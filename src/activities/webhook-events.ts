// Restaurant webhook events raised by activities (SPEC §4 "Restaurant webhooks"): recorded first —
// by event, so a retried activity records it once — then the queue's workflow is woken through the
// worker's own client. A failed wake-up leaves the delivery to the sweeper; the activity never
// waits on the receiver.
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WebhookQueues } from '../webhooks/queues';
import { recordDelivery, type NewDelivery } from '../webhooks/store';
import type { ActivityDeps } from './deps';

function workerClient(): Client | undefined {
  try {
    return Context.current().client;
  } catch {
    return undefined; // outside Temporal (scripts, tests): the sweeper signals it
  }
}

/** Stable for every attempt of the running activity (for events that are not one per order state). */
export function activityEventKey(): string | undefined {
  try {
    const { workflowExecution, activityId } = Context.current().info;
    if (!workflowExecution) return undefined;
    return `${workflowExecution.workflowId}:${workflowExecution.runId}:${activityId}`;
  } catch {
    return undefined;
  }
}

export function webhookEmitter(deps: ActivityDeps) {
  const queues = new WebhookQueues(deps.prisma, deps.log, deps.config);
  return async (event: NewDelivery): Promise<void> => {
    const delivery = await recordDelivery(deps.prisma, event);
    if (delivery?.status === 'pending' && !delivery.signalledAt) await queues.wake(workerClient(), delivery);
  };
}
