// Twilio's delivery reports → Message.status (SPEC §4), the one way of applying them: the status
// webhook for reports about a message whose SID we know, and sendReply right after it stores a SID,
// for a report that arrived first and was held in Redis. A status only moves forward, in one
// conditional UPDATE, so reports arriving out of order or at once never go backwards.
import type { PrismaClient } from '../db';
import type { DashboardEvent } from '../events/publisher';
import type { Message, MessageStatus } from '../generated/prisma/client';
import type { Logger } from '../logger';
import type { RedisClient } from '../redis';
import { markOptedOut } from '../conversations/store';
import { conversationView, messageView } from '../views';
import { FAILED_STATUSES, isFailed } from './outbox';

/** A delivery report as Twilio posts it (or as held in Redis, with our status name). */
export interface StatusReport {
  messageSid: string;
  status: string;
  errorCode?: number;
  errorMessage?: string;
}

export interface DeliveryStatusDeps {
  prisma: PrismaClient;
  redis: RedisClient;
  log: Logger;
  /** Best effort: must not throw (dashboard events are notifications). */
  publish(restaurantId: string, event: DashboardEvent): Promise<void>;
}

export type StatusOutcome = 'updated' | 'stale' | 'unknown_message' | 'ignored';

const PROGRESS: MessageStatus[] = ['queued', 'sending', 'sent', 'delivered', 'read'];

/** Twilio statuses that are another name for one of ours; others (received, ...) are not ours. */
const ALIASES: Record<string, MessageStatus> = { accepted: 'queued', scheduled: 'queued', canceled: 'failed' };

/** Customer replied STOP: Twilio refuses further sends; so does the bot. */
export const OPTED_OUT = 21610;

/** How long a report about a SID not stored yet waits for the send to store it. */
export const EARLY_REPORT_TTL_SECONDS = 600;

export const earlyReportKey = (restaurantId: string, messageSid: string): string => `status:early:${restaurantId}:${messageSid}`;

export function toMessageStatus(twilioStatus: string): MessageStatus | null {
  if (twilioStatus in ALIASES) return ALIASES[twilioStatus]!;
  if ((PROGRESS as string[]).includes(twilioStatus) || (FAILED_STATUSES as readonly string[]).includes(twilioStatus)) {
    return twilioStatus as MessageStatus;
  }
  return null;
}

/** The states a message may move to `next` from. A failure ends any attempt not yet delivered;
 * once WhatsApp confirmed delivery a later failure report cannot be about this message's delivery. */
export function allowedPredecessors(next: MessageStatus): MessageStatus[] {
  if (isFailed(next)) return ['queued', 'sending', 'sent'];
  const rank = PROGRESS.indexOf(next);
  return rank < 0 ? [] : PROGRESS.slice(0, rank);
}

const TIMESTAMP: Partial<Record<MessageStatus, 'sentAt' | 'deliveredAt' | 'readAt'>> = {
  sent: 'sentAt',
  delivered: 'deliveredAt',
  read: 'readAt',
};

async function moveForward(prisma: PrismaClient, restaurantId: string, report: StatusReport, next: MessageStatus): Promise<Message | null> {
  const column = TIMESTAMP[next];
  const [updated] = await prisma.message.updateManyAndReturn({
    where: { restaurantId, waSid: report.messageSid, status: { in: allowedPredecessors(next) } },
    data: {
      status: next,
      ...(column ? { [column]: new Date() } : {}),
      ...(report.errorCode !== undefined ? { errorCode: report.errorCode } : {}),
      ...(report.errorMessage ? { errorMessage: report.errorMessage } : {}),
      ...(isFailed(next) ? { failureReason: 'twilio_error' as const } : {}),
    },
  });
  return updated ?? null;
}

async function optOut(deps: DeliveryStatusDeps, restaurantId: string, messageSid: string): Promise<void> {
  const message = await deps.prisma.message.findFirst({ where: { restaurantId, waSid: messageSid }, select: { conversationId: true } });
  if (!message) return;
  const conversation = await markOptedOut(deps.prisma, message.conversationId);
  deps.log.info({ restaurantId, conversationId: conversation.id }, 'customer opted out (Twilio 21610)');
  await deps.publish(restaurantId, { type: 'conversation.updated', data: conversationView(conversation) });
}

/** Applies one report to the restaurant's message with that SID: forward only, `message.status` on a move. */
export async function applyStatusReport(deps: DeliveryStatusDeps, restaurantId: string, report: StatusReport): Promise<StatusOutcome> {
  const next = toMessageStatus(report.status);
  if (!next) return 'ignored';
  const updated = await moveForward(deps.prisma, restaurantId, report, next);
  if (report.errorCode === OPTED_OUT) await optOut(deps, restaurantId, report.messageSid);
  if (updated) {
    await deps.publish(restaurantId, { type: 'message.status', data: messageView(updated) });
    return 'updated';
  }
  // Not ours (or not recorded yet) or already further along: nothing to do here.
  const known = await deps.prisma.message.count({ where: { restaurantId, waSid: report.messageSid } });
  return known ? 'stale' : 'unknown_message';
}

/** Replaces the held report only when the new one is further along by the forward-only rule.
 * ARGV: the report's JSON, the TTL in seconds, then the statuses it may replace. */
const HOLD_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, held = pcall(cjson.decode, current)
  if ok and type(held) == 'table' then
    local replaceable = false
    for i = 3, #ARGV do
      if ARGV[i] == held['status'] then replaceable = true end
    end
    if not replaceable then return 0 end
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
`;

interface HeldReport {
  status: MessageStatus;
  errorCode?: number;
  errorMessage?: string;
}

const errorMessageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Keeps a report about a SID not stored yet (the send's answer may still be on its way). False when
 * not ours to keep or Redis is unavailable (logged: the report is then lost, as before). */
async function holdEarlyReport(deps: DeliveryStatusDeps, restaurantId: string, report: StatusReport): Promise<boolean> {
  const next = toMessageStatus(report.status);
  if (!next) return false;
  const held: HeldReport = {
    status: next,
    ...(report.errorCode !== undefined ? { errorCode: report.errorCode } : {}),
    ...(report.errorMessage ? { errorMessage: report.errorMessage } : {}),
  };
  try {
    const key = earlyReportKey(restaurantId, report.messageSid);
    await deps.redis.eval(HOLD_SCRIPT, 1, key, JSON.stringify(held), EARLY_REPORT_TTL_SECONDS, ...allowedPredecessors(next));
    return true;
  } catch (err) {
    deps.log.warn({ restaurantId, messageSid: report.messageSid, err: errorMessageOf(err) }, 'early status report not held');
    return false;
  }
}

/**
 * The webhook's way: apply the report; when no message of the restaurant has that SID yet, hold it
 * for sendReply and look once more, so a SID stored between the first look and the hold (whose
 * send found nothing held) is not missed either.
 */
export async function recordStatusReport(
  deps: DeliveryStatusDeps,
  restaurantId: string,
  report: StatusReport,
): Promise<{ outcome: StatusOutcome; held: boolean }> {
  const outcome = await applyStatusReport(deps, restaurantId, report);
  if (outcome !== 'unknown_message') return { outcome, held: false };
  if (!(await holdEarlyReport(deps, restaurantId, report))) return { outcome, held: false };
  const again = await applyStatusReport(deps, restaurantId, report);
  return { outcome: again, held: again === 'unknown_message' };
}

function parseHeld(raw: string): HeldReport | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { status, errorCode, errorMessage } = value as Record<string, unknown>;
  const known = typeof status === 'string' ? toMessageStatus(status) : null;
  if (!known) return null;
  return {
    status: known,
    ...(typeof errorCode === 'number' ? { errorCode } : {}),
    ...(typeof errorMessage === 'string' ? { errorMessage } : {}),
  };
}

/**
 * sendReply's way, right after it stored the SID: applies a report held for it, if any. Never
 * throws: the send succeeded whatever happens here (logged; the report is then lost, as before).
 */
export async function applyEarlyReport(deps: DeliveryStatusDeps, restaurantId: string, messageSid: string): Promise<StatusOutcome | null> {
  const key = earlyReportKey(restaurantId, messageSid);
  try {
    const raw = await deps.redis.get(key);
    if (raw === null) return null;
    const held = parseHeld(raw);
    const outcome = held ? await applyStatusReport(deps, restaurantId, { messageSid, ...held }) : null;
    await deps.redis.del(key);
    deps.log.info({ restaurantId, messageSid, status: held?.status, outcome }, 'early status report applied');
    return outcome;
  } catch (err) {
    deps.log.warn({ restaurantId, messageSid, err: errorMessageOf(err) }, 'early status report not applied');
    return null;
  }
}
