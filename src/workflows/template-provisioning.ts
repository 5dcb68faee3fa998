// A restaurant's WhatsApp templates, prepared ahead of need (SPEC §7): started when the restaurant
// is created or its settings change, it creates and submits each template, then reads WhatsApp's
// verdict — soon at first (reviews often take minutes), then less often up to the poll interval —
// until every template has one (or it gives up after maxPolls; the next settings change starts it
// again). Durable: a restart resumes where it was.
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { TemplateActivities, TemplateProvisioningInput } from './contract';

/** The first look after a submission; each later wait doubles, up to the input's poll interval. */
const FIRST_POLL_MS = 5_000;

const { provisionTemplates } = proxyActivities<TemplateActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function templateProvisioningWorkflow(input: TemplateProvisioningInput): Promise<void> {
  for (let poll = 0; ; poll += 1) {
    const { waiting } = await provisionTemplates({ restaurantId: input.restaurantId });
    if (waiting === 0 || poll >= input.maxPolls) return;
    await sleep(Math.min(FIRST_POLL_MS * 2 ** poll, input.pollIntervalMs));
  }
}
