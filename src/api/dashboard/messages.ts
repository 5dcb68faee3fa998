// Messages of a restaurant (filter by conversation), failed sends and their replay.
import { Request, RequestHandler, Router } from 'express';
import { Prisma } from '../../generated/prisma/client';
import { messageView } from '../../views';
import { noteAudit } from '../admin/audit';
import { afterCursor, newestFirst, pageParams, stringParam, toPage } from '../paging';
import { listFailedSends, retryFailedSend } from './failed-sends';
import type { DashboardServices } from './services';

type Params = { id: string; messageId: string };

export function messageRoutes(services: DashboardServices, audit: (action: string) => RequestHandler): Router {
  const router = Router({ mergeParams: true });

  router.get('/messages', async (req: Request<Params>, res) => {
    const { limit, cursor } = pageParams(req.query);
    const conversationId = stringParam(req.query, 'conversationId');
    const where: Prisma.MessageWhereInput = {
      restaurantId: req.params.id,
      ...(conversationId ? { conversationId } : {}),
      ...afterCursor('createdAt', cursor),
    };
    const rows = await services.prisma.message.findMany({ where, orderBy: newestFirst('createdAt'), take: limit + 1 });
    res.json(toPage(rows, limit, (m) => m.createdAt, messageView));
  });

  router.get('/failed-sends', async (req: Request<Params>, res) => {
    res.json(await listFailedSends(services.prisma, req.params.id, pageParams(req.query)));
  });

  router.post('/messages/:messageId/retry', audit('message.retry'), async (req: Request<Params>, res) => {
    noteAudit(req, { details: { messageId: req.params.messageId } });
    const message = await retryFailedSend(services, req.params.id, req.params.messageId);
    res.status(202).json({ messageId: message.id, status: message.status });
  });

  return router;
}
