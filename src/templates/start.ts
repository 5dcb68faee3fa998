// Starting a restaurant's template provisioning (src/workflows/template-provisioning.ts) when it is
// created or its settings change. Best effort under a deadline: a restaurant is saved whether or
// not Temporal answers, and its templates are listed (GET …/templates) with what they reached.
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Config } from '../config';
import type { PrismaClient } from '../db';
import type { Logger } from '../logger';
import {
  RestaurantIdAttr,
  TEMPLATE_PROVISIONING_WORKFLOW,
  type TemplateProvisioningInput,
  templatesWorkflowId,
} from '../workflows/contract';
import { TEMPLATE_KINDS, TEMPLATE_LANGUAGES } from './kinds';

type StartConfig = Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'TEMPLATE_APPROVAL_POLL_SECONDS' | 'TEMPLATE_APPROVAL_MAX_POLLS'>;

export async function startTemplateProvisioning(client: Client, config: StartConfig, log: Logger, restaurantId: string): Promise<boolean> {
  const input: TemplateProvisioningInput = {
    restaurantId,
    pollIntervalMs: config.TEMPLATE_APPROVAL_POLL_SECONDS * 1000,
    maxPolls: config.TEMPLATE_APPROVAL_MAX_POLLS,
  };
  try {
    await client.withDeadline(Date.now() + 5_000, () =>
      client.workflow.start(TEMPLATE_PROVISIONING_WORKFLOW, {
        workflowId: templatesWorkflowId(restaurantId),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [input],
        // A run already under way reads the restaurant afresh at its next step.
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        typedSearchAttributes: new TypedSearchAttributes([{ key: RestaurantIdAttr, value: restaurantId }]),
      }),
    );
    return true;
  } catch (err) {
    log.warn({ err, restaurantId }, 'template provisioning not started; the next settings change starts it');
    return false;
  }
}

/** At API start: provisioning for every active restaurant short of a full set of templates. Never throws. */
export async function provisionWhereMissing(prisma: PrismaClient, client: Client, config: StartConfig, log: Logger): Promise<void> {
  const fullSet = TEMPLATE_KINDS.length * TEMPLATE_LANGUAGES.length;
  try {
    const restaurants = await prisma.restaurantBot.findMany({
      where: { isActive: true },
      select: { id: true, _count: { select: { templates: { where: { contentSid: { not: null } } } } } },
    });
    for (const r of restaurants) if (r._count.templates < fullSet) await startTemplateProvisioning(client, config, log, r.id);
  } catch (err) {
    log.warn({ err }, 'templates of existing restaurants not checked');
  }
}
