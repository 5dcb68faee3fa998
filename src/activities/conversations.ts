// The workflow's changes to its conversation row: the bot switch and the needs-agent flag.
import { setFlags } from '../conversations/store';
import { conversationView } from '../views';
import type { ConversationUpdate } from '../workflows/contract';
import type { ActivityDeps } from './deps';
import { publishEvent } from './instrument';

export function conversationActivities(deps: ActivityDeps) {
  return {
    async updateConversation(args: ConversationUpdate): Promise<void> {
      const { restaurantId, customerWa, isBotActive, status } = args;
      const conversation = await setFlags(deps.prisma, { restaurantId, customerWa }, { isBotActive, status });
      await publishEvent(deps, restaurantId, { type: 'conversation.updated', data: conversationView(conversation) });
    },
  };
}
