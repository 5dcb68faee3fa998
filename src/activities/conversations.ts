// The workflow's changes to its conversation row: the bot switch, the needs-agent flag and the
// customer's opt-out (STOP / START, SPEC §6). The
// workflow flags NEEDS_AGENT only when the customer asks for a person: the restaurant's webhook
// hears of it as conversation.needs_agent (recorded before the dashboard event).
import { setFlags, setOptedOut } from '../conversations/store';
import { conversationView } from '../views';
import type { ConversationKey, ConversationUpdate } from '../workflows/contract';
import type { ActivityDeps } from './deps';
import { publishEvent } from './instrument';
import { activityEventKey, webhookEmitter } from './webhook-events';

export function conversationActivities(deps: ActivityDeps) {
  const emitWebhook = webhookEmitter(deps);
  return {
    async updateConversation(args: ConversationUpdate): Promise<void> {
      const { restaurantId, customerWa, isBotActive, status } = args;
      const conversation = await setFlags(deps.prisma, { restaurantId, customerWa }, { isBotActive, status });
      if (status === 'NEEDS_AGENT') {
        const eventKey = activityEventKey() ?? `${conversation.id}:${Date.now()}`;
        const data = conversationView(conversation);
        await emitWebhook({ restaurantId, type: 'conversation.needs_agent', data, conversationId: conversation.id, eventKey });
      }
      await publishEvent(deps, restaurantId, { type: 'conversation.updated', data: conversationView(conversation) });
    },

    /** Per restaurant, kept across runs, shown on the conversation (`optedOut`, `optedOutAt`). */
    async setOptedOut(args: ConversationKey & { optedOut: boolean }): Promise<void> {
      const conversation = await setOptedOut(deps.prisma, args, args.optedOut);
      await publishEvent(deps, args.restaurantId, { type: 'conversation.updated', data: conversationView(conversation) });
    },
  };
}
