// GET /api/restaurants/:id/templates: the WhatsApp templates the service uses for this restaurant
// outside the 24-hour window (SPEC §7), with WhatsApp's approval state as last read from Twilio.
import { Request, Router } from 'express';
import type { PrismaClient } from '../../db';
import { templateView } from '../../views';
import { afterCursor, newestFirst, pageParams, toPage } from '../paging';

export function templateRoutes(prisma: PrismaClient): Router {
  const router = Router({ mergeParams: true });
  router.get('/templates', async (req: Request<{ id: string }>, res) => {
    const { limit, cursor } = pageParams(req.query);
    const rows = await prisma.whatsAppTemplate.findMany({
      where: { restaurantId: req.params.id, ...afterCursor('createdAt', cursor) },
      orderBy: newestFirst('createdAt'),
      take: limit + 1,
    });
    res.json(toPage(rows, limit, (t) => t.createdAt, templateView));
  });
  return router;
}
