// The delivery of a restaurant's webhooks for one order (or one conversation's own events): woken by
// a signal whenever a delivery is recorded, it sends the queue's pending deliveries one at a time,
// oldest first, each retried with backoff by Temporal until the receiver answers 2xx or the worker
// gives it up by age — durable across restarts and deploys, and never in the conversation's way.
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { type WebhookActivities, type WebhookQueueInput, webhookQueuedSignal } from './contract';

export async function webhookDeliveryWorkflow(input: WebhookQueueInput): Promise<void> {
  const { restaurantId, queue } = input;
  const activities = proxyActivities<WebhookActivities>({
    // A POST has 10 s; the rest is the database.
    startToCloseTimeout: '30 seconds',
    retry: {
      initialInterval: input.retry.initialIntervalMs,
      maximumInterval: input.retry.maximumIntervalMs,
      backoffCoefficient: 2,
    },
  });

  let woken = true;
  setHandler(webhookQueuedSignal, () => {
    woken = true;
  });

  while (woken) {
    woken = false;
    for (let next = await activities.nextWebhookDelivery({ restaurantId, queue }); next;) {
      await activities.deliverWebhook(next);
      next = await activities.nextWebhookDelivery({ restaurantId, queue });
    }
    // Drained: done, unless a signal came meanwhile. A later delivery starts a fresh run.
    await condition(allHandlersFinished);
  }
}
