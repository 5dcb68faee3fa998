// The webhook delivery workflow's activities: which delivery of a queue is next, and one POST of
// it. A 2xx within 10 s delivers it; anything else is recorded on the row and thrown, so Temporal
// retries it with the workflow's backoff, until the delivery is WEBHOOK_GIVE_UP_SECONDS old
// (counted from when it was queued or replayed): then it is marked failed, replayable.
import { ApplicationFailure } from '@temporalio/common';
import type { WebhookDelivery } from '../generated/prisma/client';
import { CredentialError, credentialKeysOf } from '../tenants/credentials';
import { signatureHeader } from '../webhooks/signature';
import {
  findDelivery,
  markAttemptFailed,
  markDelivered,
  markGivenUp,
  nextPending,
  webhookTarget,
  type WebhookTarget,
} from '../webhooks/store';
import { webhookUrlProblem } from '../webhooks/url-check';
import type { WebhookActivities } from '../workflows/contract';
import type { ActivityDeps } from './deps';

/** SPEC §4: a 2xx within 10 s is success. */
const POST_TIMEOUT_MS = 10_000;

type Attempt = { ok: true; statusCode: number } | { ok: false; error: string; statusCode?: number };

async function post(url: string, headers: Record<string, string>, body: string): Promise<Attempt> {
  try {
    const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(POST_TIMEOUT_MS) });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, statusCode: res.status };
    return { ok: false, error: `receiver answered ${res.status}`, statusCode: res.status };
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    const reason = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    return { ok: false, error: timedOut ? `no answer within ${POST_TIMEOUT_MS / 1000} s` : `request failed: ${reason}` };
  }
}

function bodyOf(delivery: WebhookDelivery): string {
  const payload = delivery.payload as Record<string, unknown>;
  return JSON.stringify({
    id: payload.id,
    type: payload.type,
    createdAt: payload.createdAt,
    restaurantId: payload.restaurantId,
    data: payload.data,
  });
}

export function webhookActivities(deps: ActivityDeps): WebhookActivities {
  const { prisma, config, metrics } = deps;
  const keys = credentialKeysOf(config);
  const counted = (outcome: 'delivered' | 'retrying' | 'failed') => metrics.outgoingWebhookDeliveries.inc({ outcome });

  async function attemptOnce(delivery: WebhookDelivery, target: WebhookTarget): Promise<Attempt> {
    // Checked again at every attempt: the name may resolve elsewhere than when it was set.
    const problem = await webhookUrlProblem(target.url, config.WEBHOOK_ALLOW_PRIVATE_URLS);
    if (problem) return { ok: false, error: problem };
    const body = bodyOf(delivery);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Sufrah-Webhooks/1',
      'x-sufrah-event': delivery.type,
      'x-sufrah-delivery': delivery.id,
      'x-sufrah-signature': signatureHeader(target.secret, body),
    };
    return post(target.url, headers, body);
  }

  return {
    async nextWebhookDelivery({ restaurantId, queue }) {
      const next = await nextPending(prisma, restaurantId, queue);
      return next ? { deliveryId: next.id } : null;
    },

    async deliverWebhook({ deliveryId }) {
      const delivery = await findDelivery(prisma, deliveryId);
      if (!delivery || delivery.status !== 'pending') return 'skipped';
      const target = await webhookTarget(prisma, keys, delivery.restaurantId).catch((err: unknown) => {
        if (err instanceof CredentialError) return err; // an attempt that fails (and gives up by age), not a crash
        throw err;
      });
      if (!target) {
        await markGivenUp(prisma, deliveryId, 'the restaurant has no webhook any more');
        counted('failed');
        return 'failed';
      }
      const attempt: Attempt =
        target instanceof CredentialError ? { ok: false, error: target.message } : await attemptOnce(delivery, target);
      if (attempt.ok) {
        await markDelivered(prisma, deliveryId, attempt.statusCode);
        counted('delivered');
        return 'delivered';
      }
      const giveUp = Date.now() - delivery.queuedAt.getTime() >= config.WEBHOOK_GIVE_UP_SECONDS * 1000;
      await markAttemptFailed(prisma, deliveryId, { ...attempt, giveUp });
      counted(giveUp ? 'failed' : 'retrying');
      if (giveUp) return 'failed';
      throw ApplicationFailure.retryable(`webhook ${deliveryId} not delivered: ${attempt.error}`, 'WebhookNotDelivered');
    },
  };
}
