// The Twilio webhook routes (SPEC §4). A customer message enters at inbound.ts; delivery reports
// arrive at status.ts. Both: form body (these routes only), tenant, signature, audit. The routes own
// their buffered audit rows, and stop() lets them finish before the connections close; stored
// messages go to the API's one hand-off.
import { Router } from 'express';
import type { WorkHandoff } from '../../dispatch/handoff';
import type { ApiDeps } from '../deps';
import { AuditWriter, trackWebhook } from './audit';
import { twilioFormParser } from './form';
import { inboundWebhook } from './inbound';
import { TenantDirectory } from './signature';
import { statusWebhook } from './status';

export interface WebhookRoutes {
  router: Router;
  stop(): Promise<void>;
}

export function webhooksRouter(deps: ApiDeps, handoff: WorkHandoff): WebhookRoutes {
  const router = Router();
  const tenants = TenantDirectory.of(deps);
  const audit = new AuditWriter(deps.prisma, deps.log);
  router.post('/whatsapp/webhook', trackWebhook(deps, 'inbound', audit), twilioFormParser, inboundWebhook(deps, tenants, handoff));
  router.post('/whatsapp/status', trackWebhook(deps, 'status', audit), twilioFormParser, statusWebhook(deps, tenants, handoff));
  return {
    router,
    async stop() {
      await audit.drain();
    },
  };
}
