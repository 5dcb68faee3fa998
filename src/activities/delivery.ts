// Delivering one recorded reply to Twilio, exactly once however attempts overlap (SPEC §7): the
// restaurant's rate limit, then one of the worker's send slots, then a lease on the row, so no two
// attempts call Twilio for it at once. A create whose answer was lost keeps the lease for the
// ambiguity window; the next attempt then looks the send up at Twilio and adopts it, never
// resending blindly. Sent as buttons or a list (Content API) when the restaurant has interactive
// messages and it fits, else as text.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Language, Reply } from '../dialogue/types';
import type { Conversation, Message, RestaurantBot } from '../generated/prisma/client';
import { closeWindow } from '../conversations/store';
import { OUTSIDE_WINDOW } from '../conversations/window';
import {
  beginCreate,
  leaseFirstCreate,
  outboxState,
  previousSids,
  releaseClaim,
  releaseLease,
  takeLease,
  unclaimedSids,
} from '../messages/outbox';
import { TWILIO_REQUEST_TIMEOUT_MS, type TwilioClient } from '../twilio/client';
import { classifyTwilioError } from '../twilio/errors';
import type { SendReplyResult } from '../workflows/contract';
import { twilioClientOf, type ActivityDeps } from './deps';
import { ContentSids, interactiveContent, type InteractiveContent } from './interactive';
import { OutboundRateLimiter } from './outbound-limit';
import { SlotTimeout } from './semaphore';
import type { InboundRef, SendOutcomes } from './send-outcomes';
import { recentSends, TwilioSender, type SendTarget, type TwilioAccepted } from './twilio-send';

/** Twilio refusing a Content SID or its variables: the template is the problem, the text form is not. */
const CONTENT_REFUSED = new Set([21655, 21656]);

/** An attempt's lease before its create: long enough for the lost-send lookup. */
const LEASE_MS = 2 * TWILIO_REQUEST_TIMEOUT_MS + 5_000;

export interface Delivery {
  row: Message;
  reply: Reply;
  language: Language;
  tenant: RestaurantBot;
  conversation: Conversation;
  /** The customer message this first answers: reply latency is measured from its arrival. */
  inbound?: InboundRef;
  /** Outside the 24-hour window: the approved template it goes as (and the text WhatsApp shows). */
  template?: { contentSid: string; variables: Record<string, string>; body: string };
}

/** One attempt's Twilio client, chat, and interactive form (with its Content SID when it has one). */
interface Attempt {
  client: TwilioClient;
  target: SendTarget;
  content?: { sid?: string } & InteractiveContent;
}

/** Twilio refused a free-form send as outside the 24-hour window (63016): nothing was sent, the
 * conversation's window is now closed, and the send is queued again for the outside-window path. */
export class WindowClosed extends Error {
  constructor(readonly messageId: string) {
    super(`message ${messageId}: outside the 24-hour window`);
  }
}

/** Retryable: another attempt has the send, or must be waited for; Temporal retries after `delayMs`. */
const notNow = (type: string, message: string, delayMs: number) =>
  ApplicationFailure.create({ type, message, nextRetryDelay: Math.max(100, Math.ceil(delayMs)) });

export function replyDelivery(deps: ActivityDeps, outcomes: SendOutcomes) {
  const { prisma, config, log } = deps;
  const sender = new TwilioSender(config.OUTBOUND_SEND_CONCURRENCY);
  const limiter = new OutboundRateLimiter(deps);
  const contentSids = new ContentSids(deps);
  const statusCallback = `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/whatsapp/status`;

  /** The oldest Twilio send of this round that matches the row and no row of ours holds. */
  async function lostSend(client: TwilioClient, target: SendTarget, row: Message, bodies: string[]): Promise<TwilioAccepted | undefined> {
    const earlier = previousSids(row);
    const candidates = (await recentSends(client, target, row.sendStartedAt!, bodies)).filter((m) => !earlier.has(m.sid));
    const free = await unclaimedSids(
      prisma,
      candidates.map((m) => m.sid),
    );
    return candidates.find((m) => free.has(m.sid));
  }

  /** The Content SID of the reply's shape, or undefined (send text) when the Content API fails. */
  async function contentSidFor(client: TwilioClient, tenant: RestaurantBot, content: InteractiveContent): Promise<string | undefined> {
    try {
      return await contentSids.sidFor(client, tenant.twilioAccountSid, content.template);
    } catch (err) {
      log.warn({ restaurantId: tenant.id, error: classifyTwilioError(err).message }, 'content template not created; sending text');
      return undefined;
    }
  }

  /** One create: the template when there is one, else (or when Twilio refuses the template) text. */
  async function create(
    client: TwilioClient,
    d: Delivery,
    target: SendTarget,
    row: Message,
    content?: { sid: string } & InteractiveContent,
  ) {
    if (d.template) {
      const { contentSid, variables } = d.template;
      const contentVariables = JSON.stringify(variables);
      return { answer: await sender.send(client, target, { contentSid, contentVariables, statusCallback }), contentSid };
    }
    if (content) {
      try {
        const variables = JSON.stringify(content.variables);
        const answer = await sender.send(client, target, { contentSid: content.sid, contentVariables: variables, statusCallback });
        return { answer, contentSid: content.sid };
      } catch (err) {
        const { code, message } = classifyTwilioError(err);
        if (code === undefined || !CONTENT_REFUSED.has(code)) throw err;
        await contentSids.forget(d.tenant.twilioAccountSid, content.template);
        log.warn({ restaurantId: d.tenant.id, error: message }, 'content template refused; sending text');
      }
    }
    const mediaUrl = Array.isArray(row.mediaUrls) && typeof row.mediaUrls[0] === 'string' ? row.mediaUrls[0] : undefined;
    return { answer: await sender.send(client, target, { body: row.body, statusCallback, ...(mediaUrl ? { mediaUrl } : {}) }) };
  }

  /** What every step of one attempt needs: the tenant's client, the chat, and the reply as buttons
   * or a list when the restaurant sends those and it fits (its Content SID resolved before the
   * lease, so a first create can lease and begin in one statement; no SID: sent as text). */
  async function attemptOf(d: Delivery): Promise<Attempt> {
    const client = twilioClientOf(deps, d.tenant);
    const target: SendTarget = { from: d.tenant.whatsappFrom, to: d.conversation.customerWa };
    const content = d.tenant.interactiveMessages && !d.template ? interactiveContent(d.reply, d.language) : undefined;
    return { client, target, content: content && { ...content, sid: await contentSidFor(client, d.tenant, content) } };
  }

  /** Holding a lease no create of this round has begun under yet: adopt a lost send, or create it. */
  async function leased(d: Delivery, a: Attempt, row: Message, token: string): Promise<SendReplyResult> {
    if (row.sendStartedAt) {
      // An earlier create of this round may have been accepted before its answer was lost.
      let lost: TwilioAccepted | undefined;
      const bodies = [row.body, ...(a.content ? [a.content.body] : []), ...(d.template ? [d.template.body] : [])];
      try {
        lost = await lostSend(a.client, a.target, row, bodies);
      } catch (err) {
        // Not knowing is no reason to resend or to give up: the next attempt looks again.
        await releaseLease(prisma, row.id, token);
        throw notNow('TwilioLookupFailed', `lost-send lookup failed: ${classifyTwilioError(err).message}`, 1_000);
      }
      if (lost) return outcomes.sent(row, lost, { adopted: true, inbound: d.inbound });
    }
    if (!(await beginCreate(prisma, row, token, config.SEND_AMBIGUITY_WINDOW_MS))) {
      throw notNow('SendInProgress', `send ${row.id} was taken over by another attempt`, 1_000);
    }
    return created(d, a, row);
  }

  /** The create is begun (the lease spans the ambiguity window): one call to Twilio, then its outcome. */
  async function created(d: Delivery, a: Attempt, row: Message): Promise<SendReplyResult> {
    const sid = a.content?.sid;
    let sent: { answer: TwilioAccepted; contentSid?: string };
    try {
      sent = await create(a.client, d, a.target, row, sid && a.content ? { ...a.content, sid } : undefined);
    } catch (err) {
      if (!d.template && classifyTwilioError(err).code === OUTSIDE_WINDOW) {
        await releaseClaim(prisma, row);
        await closeWindow(prisma, row.conversationId, new Date());
        throw new WindowClosed(row.id);
      }
      return outcomes.twilioError(row, err, config.SEND_AMBIGUITY_WINDOW_MS);
    }
    // Outside the try: a database error after Twilio accepted is retried (and the SID adopted), not failed.
    return outcomes.sent(row, sent.answer, { adopted: false, contentSid: sent.contentSid, inbound: d.inbound });
  }

  return async function deliver(d: Delivery): Promise<SendReplyResult> {
    await limiter.acquire(d.tenant.id, d.tenant);
    const token = randomUUID();
    try {
      return await sender.inSlot(async () => {
        const attempt = await attemptOf(d);
        // The usual case, a send no attempt has begun: leased and begun in one statement.
        const first = d.row.sendStartedAt ? null : await leaseFirstCreate(prisma, d.row.id, token, config.SEND_AMBIGUITY_WINDOW_MS);
        if (first) return created(d, attempt, first);
        const row = await takeLease(prisma, d.row.id, token, LEASE_MS);
        if (row) return leased(d, attempt, row, token);
        const current = await prisma.message.findUniqueOrThrow({ where: { id: d.row.id } });
        if (outboxState(current) !== 'pending') return outcomes.settled(current);
        const waitMs = (current.leaseExpiresAt?.getTime() ?? Date.now()) - Date.now();
        throw notNow('SendInProgress', `send ${current.id} is leased to another attempt`, waitMs);
      }, config.SEND_SLOT_WAIT_MS);
    } catch (err) {
      if (err instanceof SlotTimeout) throw notNow('SendSlotBusy', err.message, 1_000);
      throw err;
    }
  };
}
