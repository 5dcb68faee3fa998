// POST /whatsapp/status — Twilio's delivery reports for the messages we sent (SPEC §4). Same checks
// as the inbound webhook, but the tenant is `From` (our number). A status only moves forward, in
// one conditional UPDATE, so callbacks arriving out of order or at once never go backwards.
import type { RequestHandler } from 'express';
import type { PrismaClient } from '../../db';
import type { Message, MessageStatus } from '../../generated/prisma/client';
import { conversationView, messageView } from '../../views';
import type { ApiDeps } from '../deps';
import { traceOf } from './audit';
import { EMPTY_TWIML, formOf } from './form';
import { parseStatus, type StatusWebhook } from './parse';
import { serviceUnavailable, verifiedTenant, type TenantDirectory } from './signature';

const PROGRESS: MessageStatus[] = ['queued', 'sending', 'sent', 'delivered', 'read'];

/** Twilio statuses that are another name for one of ours; others (received, ...) are not ours. */
const ALIASES: Record<string, MessageStatus> = { accepted: 'queued', scheduled: 'queued', canceled: 'failed' };

/** Customer replied STOP: Twilio refuses further sends; so does the bot. */
const OPTED_OUT = 21610;

function toMessageStatus(twilioStatus: string): MessageStatus | null {
  if (twilioStatus in ALIASES) return ALIASES[twilioStatus]!;
  if ((PROGRESS as string[]).includes(twilioStatus) || twilioStatus === 'failed' || twilioStatus === 'undelivered') {
    return twilioStatus as MessageStatus;
  }
  return null;
}

/** The states a message may move to `next` from. A failure ends any attempt not yet delivered;
 * once WhatsApp confirmed delivery a later failure report cannot be about this message's delivery. */
export function allowedPredecessors(next: MessageStatus): MessageStatus[] {
  if (next === 'failed' || next === 'undelivered') return ['queued', 'sending', 'sent'];
  const rank = PROGRESS.indexOf(next);
  return rank < 0 ? [] : PROGRESS.slice(0, rank);
}

const TIMESTAMP: Partial<Record<MessageStatus, 'sentAt' | 'deliveredAt' | 'readAt'>> = {
  sent: 'sentAt',
  delivered: 'deliveredAt',
  read: 'readAt',
};

async function moveForward(prisma: PrismaClient, restaurantId: string, report: StatusWebhook, next: MessageStatus): Promise<Message | null> {
  const column = TIMESTAMP[next];
  const [updated] = await prisma.message.updateManyAndReturn({
    where: { restaurantId, waSid: report.messageSid, status: { in: allowedPredecessors(next) } },
    data: {
      status: next,
      ...(column ? { [column]: new Date() } : {}),
      ...(report.errorCode !== undefined ? { errorCode: report.errorCode } : {}),
      ...(report.errorMessage ? { errorMessage: report.errorMessage } : {}),
    },
  });
  return updated ?? null;
}

export type StatusOutcome = 'updated' | 'stale' | 'unknown_message' | 'ignored';

export function statusWebhook(deps: ApiDeps, tenants: TenantDirectory): RequestHandler {
  const { config, prisma, log } = deps;

  function publish(restaurantId: string, event: Parameters<ApiDeps['events']['publish']>[1]): void {
    deps.events.publish(restaurantId, event).catch((err: unknown) => log.warn({ err: String(err), restaurantId }, `publishing ${event.type} failed`));
  }

  async function optOut(restaurantId: string, messageSid: string): Promise<void> {
    const message = await prisma.message.findFirst({ where: { restaurantId, waSid: messageSid }, select: { conversationId: true } });
    if (!message) return;
    const conversation = await prisma.conversation.update({ where: { id: message.conversationId }, data: { optedOut: true } });
    log.info({ restaurantId, conversationId: conversation.id }, 'customer opted out (Twilio 21610)');
    publish(restaurantId, { type: 'conversation.updated', data: conversationView(conversation) });
  }

  async function apply(restaurantId: string, report: StatusWebhook): Promise<StatusOutcome> {
    const next = toMessageStatus(report.status);
    if (!next) return 'ignored';
    const updated = await moveForward(prisma, restaurantId, report, next);
    if (report.errorCode === OPTED_OUT) await optOut(restaurantId, report.messageSid);
    if (updated) {
      publish(restaurantId, { type: 'message.status', data: messageView(updated) });
      return 'updated';
    }
    // Not ours (or not recorded yet) or already further along: nothing to do, and no Twilio retry.
    const known = await prisma.message.count({ where: { restaurantId, waSid: report.messageSid } });
    return known ? 'stale' : 'unknown_message';
  }

  return async (req, res) => {
    const trace = traceOf(res);
    const form = formOf(req);
    const report = parseStatus(form);
    const tenant = await verifiedTenant(tenants, config, req, report.from, form, trace);
    trace.details = { messageSid: report.messageSid, status: report.status, ...(report.errorCode !== undefined ? { errorCode: report.errorCode } : {}) };
    try {
      trace.outcome = await apply(tenant.id, report);
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err), messageSid: report.messageSid }, 'status callback not applied');
      throw serviceUnavailable('status could not be recorded; retry later');
    }
    res.status(200).type('text/xml').send(EMPTY_TWIML);
  };
}
