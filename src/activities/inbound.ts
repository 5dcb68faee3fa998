// Persisting a customer's message. The webhook normally stored it already (SPEC §7); the store's
// upsert by waSid makes the workflow correct on its own too (direct signals, tests).
import { recordSignalled } from '../messages/inbound';
import { conversationView, messageView } from '../views';
import type { ConversationKey, InboundMessage } from '../workflows/contract';
import type { ActivityDeps } from './deps';
import { publishEvent } from './instrument';

export function inboundActivities(deps: ActivityDeps) {
  return {
    async recordInbound(args: ConversationKey & { message: InboundMessage }): Promise<{ messageId: string; created: boolean }> {
      const { restaurantId, customerWa, message } = args;
      const stored = await recordSignalled(deps.prisma, { restaurantId, customerWa }, message);
      if (!stored.created) return { messageId: stored.messageId, created: false };
      await publishEvent(deps, restaurantId, { type: 'message.received', data: messageView(stored.message) });
      await publishEvent(deps, restaurantId, { type: 'conversation.updated', data: conversationView(stored.conversation) });
      return { messageId: stored.message.id, created: true };
    },
  };
}
