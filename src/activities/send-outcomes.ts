// How a send ends, the one place each outcome is written, counted, logged and announced: sent (SID
// stored), failed for good (replayable by ops), skipped on purpose, or a retryable Twilio error
// rethrown for Temporal's backoff.
import { ApplicationFailure } from '@temporalio/common';
import { markOptedOut } from '../conversations/store';
import type { FailureReason, Message } from '../generated/prisma/client';
import { applyEarlyReport, OPTED_OUT, type DeliveryStatusDeps } from '../messages/delivery-status';
import { markFailed, markSent, outboxState, releaseClaim } from '../messages/outbox';
import { classifyTwilioError } from '../twilio/errors';
import { conversationView, messageView } from '../views';
import type { SendReplyResult } from '../workflows/contract';
import type { ActivityDeps } from './deps';
import { currentAttempt, publishEvent } from './instrument';
import type { TwilioAccepted } from './twilio-send';

/** The customer message a reply first answers; `receivedAt` is when it was stored (ISO). */
export interface InboundRef {
  sid: string;
  receivedAt?: string;
}

export function sendOutcomes(deps: ActivityDeps) {
  const { prisma, log, metrics } = deps;
  const delivery: DeliveryStatusDeps = {
    prisma,
    redis: deps.redis,
    log,
    publish: (restaurantId, event) => publishEvent(deps, restaurantId, event),
  };

  const result = (row: Message, status: SendReplyResult['status']): SendReplyResult => ({
    messageId: row.id,
    status,
    ...(row.waSid ? { waSid: row.waSid } : {}),
  });

  async function failed(
    row: Message,
    reason: FailureReason,
    error: { code?: number; message: string },
    waSid?: string,
  ): Promise<SendReplyResult> {
    const updated = await markFailed(prisma, row.id, { reason, ...error, ...(waSid ? { waSid } : {}) });
    metrics.sends.inc({ outcome: 'failed' });
    log.warn(
      { restaurantId: row.restaurantId, messageId: row.id, errorCode: error.code, error: error.message },
      'reply failed permanently',
    );
    if (error.code === OPTED_OUT) {
      const conversation = await markOptedOut(prisma, row.conversationId);
      await publishEvent(deps, row.restaurantId, { type: 'conversation.updated', data: conversationView(conversation) });
    }
    await publishEvent(deps, row.restaurantId, { type: 'message.failed', data: messageView(updated) });
    return result(updated, 'failed');
  }

  /** Inbound stored → first bot reply sent (read from the row only when the workflow did not say). */
  async function observeReplyLatency(inbound: InboundRef): Promise<void> {
    const row = inbound.receivedAt
      ? { direction: 'IN', createdAt: new Date(inbound.receivedAt) }
      : await prisma.message.findUnique({ where: { waSid: inbound.sid }, select: { direction: true, createdAt: true } });
    if (row?.direction === 'IN') metrics.endToEnd.observe((Date.now() - row.createdAt.getTime()) / 1000);
  }

  return {
    /** The result for a row some attempt already settled. */
    settled(row: Message): SendReplyResult {
      const state = outboxState(row);
      return result(row, state === 'pending' ? 'failed' : state);
    },

    async sent(
      row: Message,
      answer: TwilioAccepted,
      how: { adopted: boolean; contentSid?: string; inbound?: InboundRef },
    ): Promise<SendReplyResult> {
      if (answer.status === 'failed' || answer.status === 'undelivered') {
        const message = answer.errorMessage ?? `Twilio answered ${answer.status}`;
        return failed(row, 'twilio_error', { code: answer.errorCode ?? undefined, message }, answer.sid);
      }
      const updated = await markSent(prisma, row, { sid: answer.sid, status: answer.status, contentSid: how.contentSid });
      metrics.sends.inc({ outcome: 'sent' });
      log.info({ restaurantId: row.restaurantId, messageId: row.id, waSid: answer.sid, adopted: how.adopted }, 'reply sent');
      await publishEvent(deps, row.restaurantId, { type: 'message.sent', data: messageView(updated) });
      // A status callback may have come before this SID was stored: it waits in Redis (never throws).
      await applyEarlyReport(delivery, row.restaurantId, answer.sid);
      if (how.inbound && row.sender === 'bot') await observeReplyLatency(how.inbound);
      return result(updated, 'sent');
    },

    /** Not sent on purpose: failed with the reason, so ops can replay it once that is resolved. */
    async skipped(row: Message, reason: FailureReason, message: string, code?: number): Promise<SendReplyResult> {
      const updated = await markFailed(prisma, row.id, { reason, message, ...(code !== undefined ? { code } : {}) });
      metrics.sends.inc({ outcome: 'skipped' });
      log.info({ restaurantId: row.restaurantId, messageId: row.id, reason }, 'reply skipped');
      await publishEvent(deps, row.restaurantId, { type: 'message.failed', data: messageView(updated) });
      return result(updated, 'skipped');
    },

    /**
     * Retryable: rethrow for Temporal. Permanent: the message fails and the workflow goes on.
     * `row` is as leased before the create (its sendStartedAt is the round's earlier one, if any).
     */
    async twilioError(row: Message, err: unknown, ambiguityWindowMs: number): Promise<SendReplyResult> {
      const error = classifyTwilioError(err);
      if (!error.retryable) return failed(row, 'twilio_error', error);
      metrics.sends.inc({ outcome: 'retryable_error' });
      const refused = error.status !== undefined && error.status < 500;
      // A 4xx refusal (429) accepted nothing: queued again. A 5xx or no answer may have been
      // accepted: the row keeps its lease for the ambiguity window, then the next attempt looks it up.
      if (refused) await releaseClaim(prisma, row);
      log.warn(
        { restaurantId: row.restaurantId, messageId: row.id, attempt: currentAttempt(), error: error.message, refused },
        'reply send will be retried',
      );
      throw ApplicationFailure.create({
        type: 'TwilioRetryableError',
        message: error.message,
        details: [{ code: error.code ?? null, status: error.status ?? null }],
        ...(refused ? {} : { nextRetryDelay: ambiguityWindowMs }),
      });
    },
  };
}

export type SendOutcomes = ReturnType<typeof sendOutcomes>;
