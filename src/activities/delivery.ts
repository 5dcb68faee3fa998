// Delivering one recorded reply to Twilio: adopt a send an earlier attempt lost the answer to,
// else wait for the restaurant's rate limit, claim the row and send — as buttons or a list
// (Content API) when the restaurant has interactive messages and it fits, else as text.
import type { Language, Reply } from '../dialogue/types';
import type { Conversation, Message, RestaurantBot } from '../generated/prisma/client';
import { claimForSending, unclaimedSids } from '../messages/outbox';
import { tenantCredentials } from '../tenants/store';
import type { TwilioClient } from '../twilio/client';
import type { ContentTemplate } from '../twilio/content';
import { classifyTwilioError } from '../twilio/errors';
import type { SendReplyResult } from '../workflows/contract';
import type { ActivityDeps } from './deps';
import { ContentSids, interactiveTemplate } from './interactive';
import { OutboundRateLimiter } from './outbound-limit';
import type { SendOutcomes } from './send-outcomes';
import { recentSends, TwilioSender, type SendTarget, type TwilioAccepted } from './twilio-send';

/** Twilio refusing a Content SID or its variables: the template is the problem, the text form is not. */
const CONTENT_REFUSED = new Set([21655, 21656]);

export interface Delivery {
  row: Message;
  reply: Reply;
  language: Language;
  tenant: RestaurantBot;
  conversation: Conversation;
  inboundSid?: string;
}

export function replyDelivery(deps: ActivityDeps, outcomes: SendOutcomes) {
  const { prisma, config, log } = deps;
  const sender = new TwilioSender(config.OUTBOUND_SEND_CONCURRENCY);
  const limiter = new OutboundRateLimiter(deps);
  const contentSids = new ContentSids(deps);
  const statusCallback = `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/whatsapp/status`;

  /** The oldest recent Twilio send that matches the row and no row of ours holds (the lost attempt). */
  async function lostSend(client: TwilioClient, target: SendTarget, row: Message, bodies: string[]): Promise<TwilioAccepted | undefined> {
    const candidates = await recentSends(client, target, row, bodies);
    const free = await unclaimedSids(
      prisma,
      candidates.map((m) => m.sid),
    );
    return candidates.find((m) => free.has(m.sid));
  }

  /** The reply as buttons or a list; undefined (send text) when the Content API fails or refuses it. */
  async function sendInteractive(client: TwilioClient, tenant: RestaurantBot, target: SendTarget, template: ContentTemplate) {
    let contentSid: string;
    try {
      contentSid = await contentSids.sidFor(client, tenant.twilioAccountSid, template);
    } catch (err) {
      log.warn({ restaurantId: tenant.id, error: classifyTwilioError(err).message }, 'content template not created; sending text');
      return undefined;
    }
    try {
      return { answer: await sender.send(client, target, { contentSid, statusCallback }), contentSid };
    } catch (err) {
      const { code, message } = classifyTwilioError(err);
      if (code === undefined || !CONTENT_REFUSED.has(code)) throw err;
      await contentSids.forget(tenant.twilioAccountSid, template);
      log.warn({ restaurantId: tenant.id, error: message }, 'content template refused; sending text');
      return undefined;
    }
  }

  return async function deliver({ row, reply, language, tenant, conversation, inboundSid }: Delivery): Promise<SendReplyResult> {
    const client = deps.twilioClients.get(tenant.id, tenantCredentials(tenant, config.CREDENTIALS_KEY));
    const target: SendTarget = { from: tenant.whatsappFrom, to: conversation.customerWa };
    const template = tenant.interactiveMessages ? interactiveTemplate(reply, language) : undefined;
    if (row.status === 'sending') {
      // An earlier attempt may have been accepted by Twilio before it died: adopt, never resend.
      let lost: TwilioAccepted | undefined;
      try {
        lost = await lostSend(client, target, row, template ? [row.body, reply.body] : [row.body]);
      } catch (err) {
        return outcomes.twilioError(row, err);
      }
      if (lost) return outcomes.sent(row, lost, { adopted: true, inboundSid });
    }
    await limiter.acquire(tenant.id, tenant);
    if (!(await claimForSending(prisma, row.id))) {
      return outcomes.settled(await prisma.message.findUniqueOrThrow({ where: { id: row.id } }));
    }
    let sent: { answer: TwilioAccepted; contentSid?: string };
    try {
      const mediaUrl = Array.isArray(row.mediaUrls) && typeof row.mediaUrls[0] === 'string' ? row.mediaUrls[0] : undefined;
      sent = (template ? await sendInteractive(client, tenant, target, template) : undefined) ?? {
        answer: await sender.send(client, target, { body: row.body, statusCallback, ...(mediaUrl ? { mediaUrl } : {}) }),
      };
    } catch (err) {
      return outcomes.twilioError({ ...row, status: 'sending' }, err);
    }
    // Outside the try: a database error after Twilio accepted is retried (and the SID adopted), not failed.
    return outcomes.sent(row, sent.answer, { adopted: false, contentSid: sent.contentSid, inboundSid });
  };
}
