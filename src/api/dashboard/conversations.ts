// Conversations: the list, agent messages and human takeover (SPEC §4 Dashboard). Both actions go
// through the conversation's workflow so they are ordered with the bot's own messages.
import { randomUUID } from 'node:crypto';
import { Request, Router } from 'express';
import { z } from 'zod';
import { botSwitch, findConversation as findRow, setFlags } from '../../conversations/store';
import { publishBestEffort } from '../../events/publisher';
import { Prisma } from '../../generated/prisma/client';
import { recordAgentMessage } from '../../messages/outbox';
import { splitBody } from '../../messages/split';
import { conversationView } from '../../views';
import { conflict, notFound } from '../errors';
import { afterCursor, enumParam, newestFirst, pageParams, stringParam, toPage } from '../paging';
import { noteAudit } from '../admin/audit';
import { type DashboardServices, withStaffAction } from './services';

type Params = { id: string; conversationId: string };
type Audit = (action: string) => import('express').RequestHandler;

const sendBody = z.object({ text: z.string().trim().min(1, 'required').max(4096) });
const botBody = z.object({ enabled: z.boolean() });

const STATUSES = ['ACTIVE', 'NEEDS_AGENT', 'CLOSED'] as const;

async function findConversation(services: DashboardServices, restaurantId: string, conversationId: string) {
  const conversation = await findRow(services.prisma, restaurantId, conversationId);
  if (!conversation) throw notFound('conversation not found');
  return conversation;
}

/** Records the agent's message (queued) and hands it to the workflow, which sends it in order. */
export async function sendAgentMessage(services: DashboardServices, restaurantId: string, conversationId: string, text: string) {
  const conversation = await findConversation(services, restaurantId, conversationId);
  // Refused before anything is recorded: the customer asked for no more messages (SPEC §6).
  if (conversation.optedOut) throw conflict('the customer opted out; nothing can be sent until they write START');
  return withStaffAction(services, async (tx) => {
    // Too long for one WhatsApp message: one row per part, the answer names the first (SPEC §6).
    const [message] = await recordAgentMessage(tx, conversation, splitBody(text), `agent:${randomUUID()}`);
    return { result: message!, target: { conversation, action: { kind: 'agent_message', payload: { messageId: message!.id, text } } } };
  });
}

/** Human takeover (enabled=false) and hand-back (enabled=true). */
export async function setBotEnabled(services: DashboardServices, restaurantId: string, conversationId: string, enabled: boolean) {
  const conversation = await findConversation(services, restaurantId, conversationId);
  const updated = await withStaffAction(services, async (tx) => {
    const switched = await setFlags(tx, conversation, botSwitch(enabled));
    return { result: switched, target: { conversation, action: { kind: 'bot', payload: { enabled } } } };
  });
  await publishBestEffort(services.events, services.log, restaurantId, { type: 'conversation.updated', data: conversationView(updated) });
  return updated;
}

export function conversationRoutes(services: DashboardServices, audit: Audit): Router {
  const router = Router({ mergeParams: true });

  router.get('/conversations', async (req: Request<Params>, res) => {
    const { limit, cursor } = pageParams(req.query);
    const status = enumParam(req.query, 'status', STATUSES);
    const q = stringParam(req.query, 'q');
    const where: Prisma.ConversationWhereInput = {
      restaurantId: req.params.id,
      ...(status ? { status } : {}),
      AND: [
        q
          ? {
              OR: [{ customerWa: { contains: q, mode: 'insensitive' } }, { customerName: { contains: q, mode: 'insensitive' } }],
            }
          : {},
        afterCursor('lastMessageAt', cursor),
      ],
    };
    const rows = await services.prisma.conversation.findMany({ where, orderBy: newestFirst('lastMessageAt'), take: limit + 1 });
    res.json(toPage(rows, limit, (c) => c.lastMessageAt, conversationView));
  });

  router.post('/conversations/:conversationId/send', audit('conversation.send'), async (req: Request<Params>, res) => {
    const { text } = sendBody.parse(req.body);
    const message = await sendAgentMessage(services, req.params.id, req.params.conversationId, text);
    noteAudit(req, { details: { conversationId: req.params.conversationId, messageId: message.id } });
    res.status(202).json({ messageId: message.id });
  });

  router.post('/conversations/:conversationId/bot', audit('conversation.bot'), async (req: Request<Params>, res) => {
    const { enabled } = botBody.parse(req.body);
    noteAudit(req, { details: { conversationId: req.params.conversationId, enabled } });
    const conversation = await setBotEnabled(services, req.params.id, req.params.conversationId, enabled);
    res.json(conversationView(conversation));
  });

  return router;
}
