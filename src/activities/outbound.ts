// sendReply with outbox semantics (SPEC §7): the message is recorded before it is sent and carries
// Twilio's SID once sent, so a retried activity never sends twice. Retryable Twilio errors are
// rethrown for Temporal's backoff; permanent ones mark the message failed (replayable by ops) and
// the workflow goes on.
import { ApplicationFailure } from '@temporalio/common';
import { renderText } from '../dialogue/render';
import type { Reply } from '../dialogue/types';
import type { Conversation, Message, Prisma, RestaurantBot } from '../generated/prisma/client';
import { applyEarlyReport, OPTED_OUT, type DeliveryStatusDeps } from '../messages/delivery-status';
import { tenantCredentials } from '../tenants/store';
import { TwilioClientCache, type TwilioClient } from '../twilio/client';
import type { ContentTemplate } from '../twilio/content';
import { classifyTwilioError } from '../twilio/errors';
import { conversationView, messageView } from '../views';
import type { SendReplyArgs, SendReplyResult } from './contract';
import type { ActivityDeps } from './deps';
import { ensureConversation } from './conversations';
import { isUniqueViolation, notFound } from './failures';
import { currentAttempt, publishEvent } from './instrument';
import { ContentSids, interactiveTemplate } from './interactive';
import { OutboundRateLimiter } from './outbound-limit';
import { firstUnclaimed, recentSends, TwilioSender, type SendTarget, type TwilioAccepted } from './twilio-send';

const TWILIO_TIMEOUT_MS = 15_000;

/** Twilio refusing a Content SID or its variables: the template is the problem, the text form is not. */
const CONTENT_REFUSED = new Set([21655, 21656]);

/** errorMessage prefix of a send not attempted on purpose (the schema has no `skipped` status). */
const SKIPPED = 'skipped: ';

const metadataOf = (row: Message): Prisma.JsonObject =>
  row.metadata && typeof row.metadata === 'object' && !Array.isArray(row.metadata) ? row.metadata : {};

const HANDED_OVER = new Set<Message['status']>(['sent', 'delivered', 'read']);
const FAILED = new Set<Message['status']>(['failed', 'undelivered']);

export function outboundActivities(deps: ActivityDeps) {
  const { prisma, config, log, metrics } = deps;
  const clients = new TwilioClientCache({ apiBaseUrl: config.TWILIO_API_BASE_URL, timeoutMs: TWILIO_TIMEOUT_MS });
  const sender = new TwilioSender(config.OUTBOUND_SEND_CONCURRENCY);
  const limiter = new OutboundRateLimiter(deps);
  const contentSids = new ContentSids(deps);
  const statusCallback = `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/whatsapp/status`;
  const delivery: DeliveryStatusDeps = { prisma, redis: deps.redis, log, publish: (restaurantId, event) => publishEvent(deps, restaurantId, event) };

  /** The outbound row: the agent's row the API recorded, or ours, created once per idempotency key. */
  async function record(args: SendReplyArgs): Promise<Message> {
    if (args.messageId) {
      const row = await prisma.message.findFirst({ where: { id: args.messageId, restaurantId: args.restaurantId, direction: 'OUT' } });
      if (!row) throw notFound(`outbound message ${args.messageId}`);
      return row;
    }
    const conversation = await ensureConversation(prisma, args);
    const data = {
      restaurantId: args.restaurantId,
      conversationId: conversation.id,
      direction: 'OUT' as const,
      sender: args.sender,
      status: 'queued' as const,
      idempotencyKey: args.idempotencyKey,
      body: renderText(args.reply),
      ...(args.reply.mediaUrl ? { mediaUrls: [args.reply.mediaUrl] } : {}),
    };
    try {
      return await prisma.message.upsert({ where: { idempotencyKey: args.idempotencyKey }, create: data, update: {} });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return prisma.message.findUniqueOrThrow({ where: { idempotencyKey: args.idempotencyKey } });
    }
  }

  function result(row: Message, status: SendReplyResult['status']): SendReplyResult {
    return { messageId: row.id, status, ...(row.waSid ? { waSid: row.waSid } : {}) };
  }

  async function markSent(row: Message, answer: TwilioAccepted, adopted: boolean, contentSid?: string): Promise<SendReplyResult> {
    if (answer.status === 'failed' || answer.status === 'undelivered') {
      return markFailed(row, { code: answer.errorCode ?? undefined, message: answer.errorMessage ?? `Twilio answered ${answer.status}` }, answer.sid);
    }
    const updated = await prisma.message.update({
      where: { id: row.id },
      data: {
        waSid: answer.sid,
        status: answer.status,
        sentAt: new Date(),
        errorCode: null,
        errorMessage: null,
        ...(contentSid ? { metadata: { ...metadataOf(row), contentSid } } : {}),
      },
    });
    metrics.sends.inc({ outcome: 'sent' });
    log.info({ restaurantId: row.restaurantId, messageId: row.id, waSid: answer.sid, adopted }, 'reply sent');
    await publishEvent(deps, row.restaurantId, { type: 'message.sent', data: messageView(updated) });
    // A status callback may have come before this SID was stored: it waits in Redis (never throws).
    await applyEarlyReport(delivery, row.restaurantId, answer.sid);
    await observeReplyLatency(updated);
    return result(updated, 'sent');
  }

  /** Inbound stored → first bot reply sent, for replies keyed `${MessageSid}:0` by the workflow. */
  async function observeReplyLatency(row: Message): Promise<void> {
    const inboundSid = row.sender === 'bot' ? /^(.+):0$/.exec(row.idempotencyKey ?? '')?.[1] : undefined;
    if (!inboundSid) return;
    const inbound = await prisma.message.findUnique({ where: { waSid: inboundSid }, select: { direction: true, createdAt: true } });
    if (inbound?.direction === 'IN') metrics.endToEnd.observe((Date.now() - inbound.createdAt.getTime()) / 1000);
  }

  async function markFailed(row: Message, error: { code?: number; message: string }, waSid?: string): Promise<SendReplyResult> {
    const updated = await prisma.message.update({
      where: { id: row.id },
      data: { status: 'failed', errorCode: error.code ?? null, errorMessage: error.message, ...(waSid ? { waSid } : {}) },
    });
    metrics.sends.inc({ outcome: 'failed' });
    log.warn({ restaurantId: row.restaurantId, messageId: row.id, errorCode: error.code, error: error.message }, 'reply failed permanently');
    if (error.code === OPTED_OUT) await markOptedOut(row.conversationId, row.restaurantId);
    await publishEvent(deps, row.restaurantId, { type: 'message.failed', data: messageView(updated) });
    return result(updated, 'failed');
  }

  async function markOptedOut(conversationId: string, restaurantId: string): Promise<void> {
    const conversation = await prisma.conversation.update({ where: { id: conversationId }, data: { optedOut: true } });
    await publishEvent(deps, restaurantId, { type: 'conversation.updated', data: conversationView(conversation) });
  }

  /** Not sent on purpose: the row is failed with the reason, so ops can replay it once that is resolved. */
  async function skip(row: Message, reason: string, code?: number): Promise<SendReplyResult> {
    const updated = await prisma.message.update({
      where: { id: row.id },
      data: { status: 'failed', errorCode: code ?? null, errorMessage: `${SKIPPED}${reason}` },
    });
    metrics.sends.inc({ outcome: 'skipped' });
    log.info({ restaurantId: row.restaurantId, messageId: row.id, reason }, 'reply skipped');
    await publishEvent(deps, row.restaurantId, { type: 'message.failed', data: messageView(updated) });
    return result(updated, 'skipped');
  }

  /** Retryable: rethrow for Temporal. Permanent: the message fails and the workflow goes on. */
  async function onTwilioError(row: Message, err: unknown): Promise<SendReplyResult> {
    const error = classifyTwilioError(err);
    if (!error.retryable) return markFailed(row, error);
    metrics.sends.inc({ outcome: 'retryable_error' });
    // Twilio answered with a 4xx refusal (429): nothing was accepted, so the next attempt need not
    // look for a lost send. A 5xx or no answer at all leaves the row `sending` for that lookup.
    if (error.status !== undefined && error.status < 500) {
      await prisma.message.updateMany({ where: { id: row.id, waSid: null, status: 'sending' }, data: { status: 'queued' } });
    }
    log.warn({ restaurantId: row.restaurantId, messageId: row.id, attempt: currentAttempt(), error: error.message }, 'reply send will be retried');
    throw ApplicationFailure.create({
      type: 'TwilioRetryableError',
      message: error.message,
      details: [{ code: error.code ?? null, status: error.status ?? null }],
    });
  }

  /** The reply as buttons or a list; undefined (send text) when it does not fit or the Content API fails. */
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

  async function deliver(row: Message, reply: Reply, tenant: RestaurantBot, conversation: Conversation): Promise<SendReplyResult> {
    const client = clients.get(tenant.id, tenantCredentials(tenant, config.CREDENTIALS_KEY));
    const target: SendTarget = { from: tenant.whatsappFrom, to: conversation.customerWa };
    const template = tenant.interactiveMessages ? interactiveTemplate(reply) : undefined;
    if (row.status === 'sending') {
      // An earlier attempt may have been accepted by Twilio before it died: adopt, never resend.
      let recent: TwilioAccepted[];
      try {
        recent = await recentSends(client, target, row, template ? [row.body, reply.body] : [row.body]);
      } catch (err) {
        return onTwilioError(row, err);
      }
      const lost = await firstUnclaimed(prisma, recent);
      if (lost) return markSent(row, lost, true);
    }
    await limiter.acquire(tenant.id, tenant);
    const claimed = await prisma.message.updateMany({
      where: { id: row.id, waSid: null, status: { in: ['queued', 'sending'] } },
      data: { status: 'sending' },
    });
    if (claimed.count === 0) return settled(await prisma.message.findUniqueOrThrow({ where: { id: row.id } }));
    let sent: { answer: TwilioAccepted; contentSid?: string };
    try {
      const mediaUrl = Array.isArray(row.mediaUrls) && typeof row.mediaUrls[0] === 'string' ? row.mediaUrls[0] : undefined;
      sent = (template ? await sendInteractive(client, tenant, target, template) : undefined) ?? {
        answer: await sender.send(client, target, { body: row.body, statusCallback, ...(mediaUrl ? { mediaUrl } : {}) }),
      };
    } catch (err) {
      return onTwilioError({ ...row, status: 'sending' }, err);
    }
    // Outside the try: a database error after Twilio accepted is retried (and the SID adopted), not failed.
    return markSent(row, sent.answer, false, sent.contentSid);
  }

  /** The result for a row some attempt already finished. */
  function settled(row: Message): SendReplyResult {
    if (row.waSid || HANDED_OVER.has(row.status)) return result(row, 'sent');
    if (row.errorMessage?.startsWith(SKIPPED)) return result(row, 'skipped');
    return result(row, 'failed');
  }

  return {
    async sendReply(args: SendReplyArgs): Promise<SendReplyResult> {
      const row = await record(args);
      if (row.waSid || HANDED_OVER.has(row.status) || FAILED.has(row.status)) return settled(row);
      const [tenant, conversation] = await Promise.all([
        prisma.restaurantBot.findUnique({ where: { id: row.restaurantId } }),
        prisma.conversation.findUnique({ where: { id: row.conversationId } }),
      ]);
      if (!tenant) throw notFound(`restaurant ${row.restaurantId}`);
      if (!conversation) throw notFound(`conversation ${row.conversationId}`);
      if (conversation.optedOut) return skip(row, 'customer opted out', OPTED_OUT);
      if (!tenant.isActive) return skip(row, 'restaurant inactive');
      return deliver(row, args.reply, tenant, conversation);
    },
  };
}
