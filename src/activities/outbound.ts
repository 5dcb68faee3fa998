// sendReply with outbox semantics (SPEC §7): the message is recorded before it is sent and carries
// Twilio's SID once sent, so a retried activity never sends twice. Retryable Twilio errors are
// rethrown for Temporal's backoff; permanent ones mark the message failed (replayable by ops) and
// the workflow goes on. A body too long for one WhatsApp message goes out as several (SPEC §6),
// each part its own recorded row and key, all recorded before the first is sent. After the
// customer's 24-hour window has closed, a part goes by ./outside-window.ts instead.
import { ensureConversation } from '../conversations/store';
import { isWindowClosed, OUTSIDE_WINDOW } from '../conversations/window';
import { renderText } from '../dialogue/render';
import type { Reply } from '../dialogue/types';
import type { Conversation, Message } from '../generated/prisma/client';
import { OPTED_OUT } from '../messages/delivery-status';
import { findOutbound, outboxState, recordReplyParts } from '../messages/outbox';
import { splitBody } from '../messages/split';
import type { SendReplyArgs, SendReplyResult } from '../workflows/contract';
import { replyDelivery, WindowClosed, type Delivery } from './delivery';
import type { ActivityDeps } from './deps';
import { notFound } from './failures';
import { outsideWindow } from './outside-window';
import { sendOutcomes } from './send-outcomes';

export function outboundActivities(deps: ActivityDeps) {
  const { prisma } = deps;
  const outcomes = sendOutcomes(deps);
  const deliver = replyDelivery(deps, outcomes);
  const sendOutsideWindow = outsideWindow(deps, outcomes, deliver);

  /** The outbound rows, one per part: the agent's the API recorded, or ours, created once per key;
   * with the conversation when it was read fresh on the way (the first part's send uses it). */
  async function record(args: SendReplyArgs): Promise<{ rows: Message[]; conversation?: Conversation }> {
    const base = { restaurantId: args.restaurantId, sender: args.sender, idempotencyKey: args.idempotencyKey };
    if (args.messageId) {
      const row = await findOutbound(prisma, args.restaurantId, args.messageId);
      if (!row) throw notFound(`outbound message ${args.messageId}`);
      const reply = { ...base, conversationId: row.conversationId, idempotencyKey: row.idempotencyKey ?? `agent:${row.id}`, body: '' };
      return { rows: await recordReplyParts(prisma, reply, splitBody(args.reply.body), row) };
    }
    const conversation = await ensureConversation(prisma, args);
    const mediaUrl = args.reply.mediaUrl ? { mediaUrl: args.reply.mediaUrl } : {};
    const notice = args.reply.notice ? { notice: args.reply.notice } : {};
    const reply = { ...base, conversationId: conversation.id, body: '', ...mediaUrl, ...notice };
    return { rows: await recordReplyParts(prisma, reply, splitBody(renderText(args.reply))), conversation };
  }

  /** What one part sends: the whole reply (buttons and all) when it fits in one message, else its text. */
  function partReply(reply: Reply, row: Message, parts: number): Reply {
    if (parts === 1) return reply;
    const { options: _options, mediaUrl: _media, ...plain } = reply;
    return { ...plain, body: row.body };
  }

  /** One part; `first`: the first of its reply (it carries the latency measure and the window's
   * invitation). `fresh`: the conversation as read while recording, for the first part only (a
   * later part reads it again: the first may have found the window closed). */
  async function sendPart(args: SendReplyArgs, row: Message, reply: Reply, first: boolean, fresh?: Conversation): Promise<SendReplyResult> {
    if (outboxState(row) !== 'pending') return outcomes.settled(row);
    const [tenant, conversation] = await Promise.all([
      prisma.restaurantBot.findUnique({ where: { id: row.restaurantId } }),
      fresh ?? prisma.conversation.findUnique({ where: { id: row.conversationId } }),
    ]);
    if (!tenant) throw notFound(`restaurant ${row.restaurantId}`);
    if (!conversation) throw notFound(`conversation ${row.conversationId}`);
    // The opt-out confirmation goes out after the opt-out is stored; nothing else does.
    if (conversation.optedOut && !reply.optOutConfirmation) return outcomes.skipped(row, 'opted_out', 'customer opted out', OPTED_OUT);
    if (!tenant.isActive) return outcomes.skipped(row, 'restaurant_inactive', 'restaurant inactive');
    const language = args.language ?? tenant.locale;
    const d: Delivery = {
      row,
      reply,
      language,
      tenant,
      conversation,
      ...(first && args.inboundSid ? { inbound: { sid: args.inboundSid, receivedAt: args.inboundReceivedAt } } : {}),
    };
    if (isWindowClosed(conversation)) return sendOutsideWindow(d, { invite: first });
    try {
      return await deliver(d);
    } catch (err) {
      // Twilio knew better than our clock: the window had closed. The row is queued again.
      if (!(err instanceof WindowClosed)) throw err;
      const queued = await prisma.message.findUniqueOrThrow({ where: { id: row.id } });
      return sendOutsideWindow({ ...d, row: queued }, { invite: first, code: OUTSIDE_WINDOW });
    }
  }

  return {
    /** Sends each part in order; the result names the first part and tells how the parts fared. */
    async sendReply(args: SendReplyArgs): Promise<SendReplyResult> {
      const { rows, conversation } = await record(args);
      const results: SendReplyResult[] = [];
      for (const [index, row] of rows.entries()) {
        const first = index === 0;
        results.push(await sendPart(args, row, partReply(args.reply, row, rows.length), first, first ? conversation : undefined));
      }
      const notSent = results.find((r) => r.status !== 'sent');
      return { ...results[0]!, status: notSent?.status ?? 'sent' };
    },
  };
}
