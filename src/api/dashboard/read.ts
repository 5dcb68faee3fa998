// POST …/conversations/:conversationId/read (SPEC §4): staff opened the chat, so its unread count
// goes back to 0 and every open dashboard hears about it.
import { Request, Router } from 'express';
import { markRead } from '../../conversations/store';
import { publishBestEffort } from '../../events/publisher';
import { conversationView } from '../../views';
import { notFound } from '../errors';
import type { DashboardServices } from './services';

type Params = { id: string; conversationId: string };

export function readRoutes(services: DashboardServices): Router {
  const router = Router({ mergeParams: true });
  router.post('/conversations/:conversationId/read', async (req: Request<Params>, res) => {
    const conversation = await markRead(services.prisma, req.params.id, req.params.conversationId);
    if (!conversation) throw notFound('conversation not found');
    const view = conversationView(conversation);
    await publishBestEffort(services.events, services.log, req.params.id, { type: 'conversation.updated', data: view });
    res.json(view);
  });
  return router;
}
