// Waking a delivery queue's workflow (signal-with-start `webhook:{restaurantId}:{queue}`) after a
// delivery is recorded. Best effort under a deadline: what is not signalled stays pending and
// unsignalled in the database, where the sweeper (./sweeper.ts) finds it. A duplicate wake-up is
// harmless — the workflow reads its queue from the database.
import { WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Config } from '../config';
import type { PrismaClient } from '../db';
import type { Logger } from '../logger';
import {
  RestaurantIdAttr,
  WEBHOOK_DELIVERY_WORKFLOW,
  type WebhookQueueInput,
  webhookQueuedSignal,
  webhookWorkflowId,
} from '../workflows/contract';
import { markSignalled } from './store';

export interface QueuedDelivery {
  id: string;
  restaurantId: string;
  queue: string;
}

export class WebhookQueues {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly log: Logger,
    private readonly config: Pick<
      Config,
      'TEMPORAL_TASK_QUEUE' | 'WEBHOOK_RETRY_INITIAL_MS' | 'WEBHOOK_RETRY_MAX_MS' | 'WEBHOOK_SIGNAL_TIMEOUT_MS'
    >,
  ) {}

  /** True once the queue's workflow has it (and the row says so). Never throws. */
  async wake(client: Client | undefined, delivery: QueuedDelivery): Promise<boolean> {
    if (!client) return false;
    const input: WebhookQueueInput = {
      restaurantId: delivery.restaurantId,
      queue: delivery.queue,
      retry: { initialIntervalMs: this.config.WEBHOOK_RETRY_INITIAL_MS, maximumIntervalMs: this.config.WEBHOOK_RETRY_MAX_MS },
    };
    try {
      await client.withDeadline(Date.now() + this.config.WEBHOOK_SIGNAL_TIMEOUT_MS, () =>
        client.workflow.signalWithStart(WEBHOOK_DELIVERY_WORKFLOW, {
          workflowId: webhookWorkflowId(delivery.restaurantId, delivery.queue),
          taskQueue: this.config.TEMPORAL_TASK_QUEUE,
          args: [input],
          signal: webhookQueuedSignal,
          signalArgs: [{ deliveryId: delivery.id }],
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
          // Ops find a restaurant's deliveries in the Temporal UI as they find its conversations.
          typedSearchAttributes: new TypedSearchAttributes([{ key: RestaurantIdAttr, value: delivery.restaurantId }]),
        }),
      );
      await markSignalled(this.prisma, [delivery.id]);
      return true;
    } catch (err) {
      this.log.warn({ err, deliveryId: delivery.id }, 'webhook queue not signalled; left to the sweeper');
      return false;
    }
  }
}
