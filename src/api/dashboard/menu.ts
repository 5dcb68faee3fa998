// Restaurant staff mark items sold out or change a price. The menu version is bumped in the same
// transaction so the bot's cached menu refreshes and stops offering unavailable items.
import { Request, RequestHandler, Router } from 'express';
import { z } from 'zod';
import { notFound } from '../errors';
import { noteAudit } from '../admin/audit';
import { readMenuDocument, updateMenuItem } from '../../menu/store';
import type { DashboardServices } from './services';

type Params = { id: string; itemId: string };

const itemPatch = z
  .object({
    isAvailable: z.boolean().optional(),
    price: z.number().int('must be an integer in minor units').nonnegative().max(100_000_000).optional(),
  })
  .strict()
  .refine((patch) => patch.isAvailable !== undefined || patch.price !== undefined, {
    message: 'send isAvailable and/or price',
  });

export function menuRoutes(services: DashboardServices, audit: (action: string) => RequestHandler): Router {
  const router = Router({ mergeParams: true });

  // The menu in the admin GET's shape, for staff (sold-out toggles, prices).
  router.get('/menu', async (req: Request<Params>, res) => {
    res.json(await readMenuDocument(services.prisma, req.params.id));
  });

  router.patch('/menu/items/:itemId', audit('menu.item'), async (req: Request<Params>, res) => {
    const patch = itemPatch.parse(req.body);
    const restaurantId = req.params.id;
    noteAudit(req, { details: { itemId: req.params.itemId, ...patch } });
    const item = await updateMenuItem(services.prisma, restaurantId, req.params.itemId, patch);
    if (!item) throw notFound('menu item not found');
    const { id, categoryId, nameAr, nameEn, descriptionAr, descriptionEn, price, imageUrl, isAvailable } = item;
    res.json({ id, categoryId, nameAr, nameEn, descriptionAr, descriptionEn, price, imageUrl, isAvailable });
  });

  return router;
}
