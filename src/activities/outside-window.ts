// Sending after WhatsApp's 24-hour window has closed (SPEC §7): an order update or rating request
// goes as the restaurant's approved template of its kind; an agent's follow-up cannot carry its
// free text, so the follow-up template invites the customer to reply and the agent's message waits
// for that reply. With no approved template the message is held visibly: failed with the reason
// `outside 24-hour window`, listed in failed-sends, replayable once a template is approved.
import { OUTSIDE_WINDOW_MESSAGE } from '../conversations/window';
import type { Language, ReplyNotice } from '../dialogue/types';
import { holdForReply, metadataOf, outboxState, recordReply } from '../messages/outbox';
import { kindOf, renderTemplate, replyNoticeOf, templateVariables, type TemplateKind } from '../templates/kinds';
import { refreshVerdict } from '../templates/provision';
import { findTemplate } from '../templates/store';
import { classifyTwilioError } from '../twilio/errors';
import type { SendReplyResult } from '../workflows/contract';
import type { Delivery } from './delivery';
import { twilioClientOf, type ActivityDeps } from './deps';
import type { SendOutcomes } from './send-outcomes';

/** What a row is about: as the workflow said now, or as recorded with it (a replay, a 63016 resend). */
export const noticeOf = (d: Pick<Delivery, 'row' | 'reply'>): ReplyNotice | undefined =>
  d.reply.notice ?? replyNoticeOf(metadataOf(d.row).notice);

export function outsideWindow(deps: ActivityDeps, outcomes: SendOutcomes, deliver: (d: Delivery) => Promise<SendReplyResult>) {
  const { prisma } = deps;

  /** The approved template of the kind; one still waiting for WhatsApp's verdict is asked about now
   * (the provisioning's next look may be minutes away), so a fresh approval is used at once. */
  async function approvedNow(d: Delivery, kind: TemplateKind, language: Language) {
    const row = await findTemplate(prisma, d.tenant.id, d.tenant.twilioAccountSid, kind, language);
    if (!row || row.approvalStatus === 'approved') return row;
    const client = twilioClientOf(deps, d.tenant);
    try {
      const fresh = await refreshVerdict(prisma, client, row);
      return fresh.approvalStatus === 'approved' ? fresh : null;
    } catch (err) {
      deps.log.warn({ restaurantId: d.tenant.id, kind, error: classifyTwilioError(err).message }, 'template verdict not read');
      return null;
    }
  }

  /** The approved template for this message, with its variables and the text WhatsApp will show. */
  async function templateFor(d: Delivery, language: Language) {
    const notice = noticeOf(d);
    const kind = kindOf(d.row.sender, notice);
    if (!kind) return undefined;
    const approved = await approvedNow(d, kind, language);
    if (!approved?.contentSid) return undefined;
    const variables = templateVariables(kind, language, d.tenant.restaurantName, notice);
    return { kind, contentSid: approved.contentSid, variables, body: renderTemplate(kind, language, variables) };
  }

  /** `invite`: the first part of its message (a long agent message is invited to once); `code`:
   * Twilio's 63016, when Twilio is how we learnt the window had closed. */
  return async function sendOutsideWindow(d: Delivery, how: { invite: boolean; code?: number }): Promise<SendReplyResult> {
    const template = await templateFor(d, d.language);
    if (!template) return outcomes.skipped(d.row, 'outside_window', OUTSIDE_WINDOW_MESSAGE, how.code);
    if (template.kind !== 'agent_followup') return deliver({ ...d, template });
    if (!how.invite) return hold(d);
    // The invitation, once per held message; then the agent's message waits for the customer.
    const invite = await recordReply(prisma, {
      restaurantId: d.row.restaurantId,
      conversationId: d.row.conversationId,
      sender: 'bot',
      idempotencyKey: `invite:${d.row.id}`,
      body: template.body,
    });
    if (outboxState(invite) === 'pending') await deliver({ ...d, row: invite, reply: { body: template.body }, template });
    return hold(d);
  };

  async function hold(d: Delivery): Promise<SendReplyResult> {
    await holdForReply(prisma, d.row);
    deps.log.info({ restaurantId: d.row.restaurantId, messageId: d.row.id }, 'agent message held for the customer to reply');
    return { messageId: d.row.id, status: 'held' };
  }
}
