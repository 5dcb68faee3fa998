// The template provisioning workflow's activity: the restaurant's WhatsApp templates one step
// further in its own Twilio account (src/templates/provision.ts). Twilio errors throw, so Temporal
// retries with the workflow's backoff.
import { provisionTemplates } from '../templates/provision';
import type { TemplateActivities } from '../workflows/contract';
import { twilioClientOf, type ActivityDeps } from './deps';

export function templateActivities(deps: ActivityDeps): TemplateActivities {
  const { prisma } = deps;
  return {
    async provisionTemplates({ restaurantId }) {
      const tenant = await prisma.restaurantBot.findUnique({ where: { id: restaurantId } });
      // Gone or switched off: nothing to prepare for now; the next settings change starts again.
      if (!tenant?.isActive) return { waiting: 0 };
      const client = twilioClientOf(deps, tenant);
      return provisionTemplates(prisma, client, tenant);
    },
  };
}
