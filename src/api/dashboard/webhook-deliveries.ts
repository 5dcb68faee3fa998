// The restaurant's outgoing webhook log (SPEC §4): deliveries newest first (filter `status`), and
// the replay of a failed one — back in its queue with the same id (receivers dedupe by it), its
// give-up age counted afresh, and its queue's workflow woken (or the sweeper does it).
import { Request, RequestHandler, Router } from 'express';
import type { WebhookDelivery } from '../../generated/prisma/client';
import { DELIVERY_STATUSES, findDelivery, requeueFailed } from '../../webhooks/store';
import { conflict, notFound } from '../errors';
import { noteAudit } from '../admin/audit';
import { afterCursor, enumParam, newestFirst, pageParams, toPage } from '../paging';
import type { DashboardServices } from './services';

type Params = { id: string; deliveryId: string };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const webhookDeliveryView = (d: WebhookDelivery) => ({
  id: d.id,
  type: d.type,
  status: d.status,
  orderId: d.orderId,
  conversationId: d.conversationId,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  payload: d.payload,
  createdAt: d.createdAt.toISOString(),
  queuedAt: d.queuedAt.toISOString(),
  deliveredAt: iso(d.deliveredAt),
});

export function webhookDeliveryRoutes(services: DashboardServices, audit: (action: string) => RequestHandler): Router {
  const router = Router({ mergeParams: true });

  router.get('/webhook-deliveries', async (req: Request<Params>, res) => {
    const { limit, cursor } = pageParams(req.query);
    const status = enumParam(req.query, 'status', DELIVERY_STATUSES);
    const rows = await services.prisma.webhookDelivery.findMany({
      where: { AND: [{ restaurantId: req.params.id, ...(status ? { status } : {}) }, afterCursor('createdAt', cursor)] },
      orderBy: newestFirst('createdAt'),
      take: limit + 1,
    });
    res.json(toPage(rows, limit, (d) => d.createdAt, webhookDeliveryView));
  });

  router.post('/webhook-deliveries/:deliveryId/retry', audit('webhook.retry'), async (req: Request<Params>, res) => {
    const { id: restaurantId, deliveryId } = req.params;
    const requeued = await requeueFailed(services.prisma, restaurantId, deliveryId);
    if (!requeued) {
      const found = await findDelivery(services.prisma, deliveryId);
      if (!found || found.restaurantId !== restaurantId) throw notFound('delivery not found');
      throw conflict(`only failed deliveries can be retried (this one is ${found.status})`);
    }
    noteAudit(req, { details: { deliveryId } });
    await services.wakeWebhook?.(requeued);
    res.status(202).json(webhookDeliveryView(requeued));
  });

  return router;
}
