// A restaurant's outgoing webhook (SPEC §4): PUT sets the URL and answers the new signing secret —
// the only time it is shown; calling again rotates it. DELETE removes the webhook (pending
// deliveries then end as failed). URLs are checked as SPEC §4 says (src/webhooks/url-check.ts).
import { Request, RequestHandler, Router } from 'express';
import { z } from 'zod';
import { credentialKeysOf } from '../../tenants/credentials';
import { removeWebhook, setWebhook } from '../../webhooks/store';
import { webhookUrlProblem } from '../../webhooks/url-check';
import type { ApiDeps } from '../deps';
import { badRequest, notFound } from '../errors';
import { noteAudit } from './audit';

const webhookInput = z.object({ url: z.string().trim().min(1).max(2000) }).strict();

export function webhookRoutes(
  deps: ApiDeps,
  audit: (action: string) => RequestHandler,
  mustExist: (restaurantId: string) => Promise<void>,
): Router {
  const router = Router();
  const { prisma, config } = deps;

  router.put('/restaurants/:id/webhook', audit('webhook.set'), async (req: Request<{ id: string }>, res) => {
    const { url } = webhookInput.parse(req.body);
    await mustExist(req.params.id);
    const problem = await webhookUrlProblem(url, config.WEBHOOK_ALLOW_PRIVATE_URLS);
    if (problem) throw badRequest(problem);
    const webhook = await setWebhook(prisma, credentialKeysOf(config), req.params.id, url);
    // The host only: a path or query may carry the receiver's own token.
    noteAudit(req, { restaurantId: req.params.id, details: { host: new URL(url).host } });
    res.json(webhook);
  });

  router.delete('/restaurants/:id/webhook', audit('webhook.remove'), async (req: Request<{ id: string }>, res) => {
    await mustExist(req.params.id);
    if (!(await removeWebhook(prisma, req.params.id))) throw notFound('the restaurant has no webhook');
    noteAudit(req, { restaurantId: req.params.id });
    res.status(204).end();
  });

  return router;
}
