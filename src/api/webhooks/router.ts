// The Twilio webhook routes (SPEC §4). A customer message enters at inbound.ts; delivery reports
// arrive at status.ts. Both: form body (these routes only), tenant, signature, audit. The routes own
// their background work — the hand-over of stored messages and the buffered audit rows — and
// stop() lets it finish before the connections close.
import { Router } from 'express';
import { createInboundHandoff } from '../../dispatch/handoff';
import { dispatchDepsOf, type ApiDeps } from '../deps';
import { AuditWriter, trackWebhook } from './audit';
import { twilioFormParser } from './form';
import { inboundWebhook } from './inbound';
import { TenantDirectory } from './signature';
import { statusWebhook } from './status';

export interface WebhookRoutes {
  router: Router;
  stop(): Promise<void>;
}

export function webhooksRouter(deps: ApiDeps): WebhookRoutes {
  const router = Router();
  const tenants = TenantDirectory.of(deps);
  const audit = new AuditWriter(deps.prisma, deps.log);
  const handoff = createInboundHandoff(dispatchDepsOf(deps));
  router.post('/whatsapp/webhook', trackWebhook(deps, 'inbound', audit), twilioFormParser, inboundWebhook(deps, tenants, handoff));
  router.post('/whatsapp/status', trackWebhook(deps, 'status', audit), twilioFormParser, statusWebhook(deps, tenants));
  return {
    router,
    async stop() {
      await Promise.all([handoff.drain(), audit.drain()]);
    },
  };
}
