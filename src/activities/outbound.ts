// sendReply with outbox semantics (SPEC §7): the message is recorded before it is sent and carries
// Twilio's SID once sent, so a retried activity never sends twice. Retryable Twilio errors are
// rethrown for Temporal's backoff; permanent ones mark the message failed (replayable by ops) and
// the workflow goes on.
import { ensureConversation } from '../conversations/store';
import { renderText } from '../dialogue/render';
import type { Message } from '../generated/prisma/client';
import { OPTED_OUT } from '../messages/delivery-status';
import { findOutbound, outboxState, recordReply } from '../messages/outbox';
import type { SendReplyArgs, SendReplyResult } from '../workflows/contract';
import { replyDelivery } from './delivery';
import type { ActivityDeps } from './deps';
import { notFound } from './failures';
import { sendOutcomes } from './send-outcomes';

export function outboundActivities(deps: ActivityDeps) {
  const { prisma } = deps;
  const outcomes = sendOutcomes(deps);
  const deliver = replyDelivery(deps, outcomes);

  /** The outbound row: the agent's row the API recorded, or ours, created once per idempotency key. */
  async function record(args: SendReplyArgs): Promise<Message> {
    if (args.messageId) {
      const row = await findOutbound(prisma, args.restaurantId, args.messageId);
      if (!row) throw notFound(`outbound message ${args.messageId}`);
      return row;
    }
    const conversation = await ensureConversation(prisma, args);
    return recordReply(prisma, {
      restaurantId: args.restaurantId,
      conversationId: conversation.id,
      sender: args.sender,
      idempotencyKey: args.idempotencyKey,
      body: renderText(args.reply),
      ...(args.reply.mediaUrl ? { mediaUrl: args.reply.mediaUrl } : {}),
    });
  }

  return {
    async sendReply(args: SendReplyArgs): Promise<SendReplyResult> {
      const row = await record(args);
      if (outboxState(row) !== 'pending') return outcomes.settled(row);
      const [tenant, conversation] = await Promise.all([
        prisma.restaurantBot.findUnique({ where: { id: row.restaurantId } }),
        prisma.conversation.findUnique({ where: { id: row.conversationId } }),
      ]);
      if (!tenant) throw notFound(`restaurant ${row.restaurantId}`);
      if (!conversation) throw notFound(`conversation ${row.conversationId}`);
      // The opt-out confirmation goes out after the opt-out is stored; nothing else does.
      if (conversation.optedOut && !args.reply.optOutConfirmation)
        return outcomes.skipped(row, 'opted_out', 'customer opted out', OPTED_OUT);
      if (!tenant.isActive) return outcomes.skipped(row, 'restaurant_inactive', 'restaurant inactive');
      const language = args.language ?? tenant.locale;
      return deliver({ row, reply: args.reply, language, tenant, conversation, inboundSid: args.inboundSid });
    },
  };
}
