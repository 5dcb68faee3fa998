// Orders: list (filter by status), one with its items, and status changes by the restaurant.
import { Request, RequestHandler, Router } from 'express';
import { z } from 'zod';
import { OrderStatus } from '../../generated/prisma/enums';
import { findOrder } from '../../orders/store';
import { orderView } from '../../views';
import { notFound } from '../errors';
import { noteAudit } from '../admin/audit';
import { afterCursor, enumParam, newestFirst, pageParams, toPage } from '../paging';
import { changeOrderStatus } from './order-status';
import type { DashboardServices } from './services';

type Params = { id: string; orderId: string };

const STATUSES = Object.values(OrderStatus);
const statusBody = z.object({ status: z.enum(OrderStatus) });

export function orderRoutes(services: DashboardServices, audit: (action: string) => RequestHandler): Router {
  const router = Router({ mergeParams: true });

  router.get('/orders', async (req: Request<Params>, res) => {
    const { limit, cursor } = pageParams(req.query);
    const status = enumParam(req.query, 'status', STATUSES);
    const rows = await services.prisma.order.findMany({
      where: { restaurantId: req.params.id, ...(status ? { status } : {}), ...afterCursor('createdAt', cursor) },
      orderBy: newestFirst('createdAt'),
      include: { items: true },
      take: limit + 1,
    });
    res.json(toPage(rows, limit, (o) => o.createdAt, orderView));
  });

  router.get('/orders/:orderId', async (req: Request<Params>, res) => {
    const order = await findOrder(services.prisma, req.params.id, req.params.orderId);
    if (!order) throw notFound('order not found');
    res.json(orderView(order));
  });

  router.patch('/orders/:orderId', audit('order.status'), async (req: Request<Params>, res) => {
    const { status } = statusBody.parse(req.body);
    noteAudit(req, { details: { orderId: req.params.orderId, status } });
    res.json(orderView(await changeOrderStatus(services, req.params.id, req.params.orderId, status)));
  });

  return router;
}
