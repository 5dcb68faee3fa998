// Conversation rows: the one upsert every activity uses, and the dashboard's bot on/off and status.
import type { PrismaClient } from '../db';
import type { Conversation } from '../generated/prisma/client';
import { conversationView } from '../views';
import type { ConversationKey, ConversationUpdate } from './contract';
import type { ActivityDeps } from './deps';
import { publishEvent } from './instrument';

/** The conversation of (restaurant, customer), created on first sight. */
export function ensureConversation(prisma: PrismaClient, key: ConversationKey): Promise<Conversation> {
  const { restaurantId, customerWa } = key;
  return prisma.conversation.upsert({
    where: { restaurantId_customerWa: { restaurantId, customerWa } },
    create: { restaurantId, customerWa },
    update: {},
  });
}

export function conversationActivities(deps: ActivityDeps) {
  return {
    async updateConversation(args: ConversationUpdate): Promise<void> {
      const { restaurantId, customerWa, isBotActive, status } = args;
      const changes = {
        ...(isBotActive !== undefined ? { isBotActive } : {}),
        ...(status !== undefined ? { status } : {}),
      };
      const conversation = await deps.prisma.conversation.upsert({
        where: { restaurantId_customerWa: { restaurantId, customerWa } },
        create: { restaurantId, customerWa, ...changes },
        update: changes,
      });
      await publishEvent(deps, restaurantId, { type: 'conversation.updated', data: conversationView(conversation) });
    },
  };
}
