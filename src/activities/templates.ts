// The template provisioning workflow's activity: the restaurant's WhatsApp templates one step
// further in its own Twilio account (src/templates/provision.ts). Twilio errors throw, so Temporal
// retries with the workflow's backoff.
import { credentialKeysOf } from '../tenants/credentials';
import { tenantCredentials } from '../tenants/store';
import { provisionTemplates } from '../templates/provision';
import type { TemplateActivities } from '../workflows/contract';
import type { ActivityDeps } from './deps';

export function templateActivities(deps: ActivityDeps): TemplateActivities {
  const { prisma, config } = deps;
  return {
    async provisionTemplates({ restaurantId }) {
      const tenant = await prisma.restaurantBot.findUnique({ where: { id: restaurantId } });
      // Gone or switched off: nothing to prepare for now; the next settings change starts again.
      if (!tenant?.isActive) return { waiting: 0 };
      const client = deps.twilioClients.get(tenant.id, tenantCredentials(tenant, credentialKeysOf(config)));
      return provisionTemplates(prisma, client, tenant);
    },
  };
}
