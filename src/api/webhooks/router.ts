// The Twilio webhook routes (SPEC §4). A customer message enters at inbound.ts; delivery reports
// arrive at status.ts. Both: form body (these routes only), tenant, signature, audit.
import { Router } from 'express';
import type { ApiDeps } from '../deps';
import { inboundHandoff } from '../../dispatch/handoff';
import { auditWriterFor, trackWebhook } from './audit';
import { twilioFormParser } from './form';
import { inboundWebhook } from './inbound';
import { TenantDirectory } from './signature';
import { statusWebhook } from './status';

export function webhooksRouter(deps: ApiDeps): Router {
  const router = Router();
  const tenants = new TenantDirectory(deps.prisma, deps.config.CREDENTIALS_KEY, deps.config.WEBHOOK_TENANT_CACHE_MS);
  const audit = auditWriterFor(deps);
  router.post('/whatsapp/webhook', trackWebhook(deps, 'inbound', audit), twilioFormParser, inboundWebhook(deps, tenants));
  router.post('/whatsapp/status', trackWebhook(deps, 'status', audit), twilioFormParser, statusWebhook(deps, tenants));
  return router;
}

/** For startApi's shutdown: signals in flight and buffered audit rows finish before the
 * connections close. */
export function webhooksBackground(deps: ApiDeps): { stop(): Promise<void> } {
  return {
    async stop() {
      await Promise.all([inboundHandoff(deps).drain(), auditWriterFor(deps).drain()]);
    },
  };
}
