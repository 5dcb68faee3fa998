// POST /whatsapp/webhook — where a customer's WhatsApp message enters the system (SPEC §4, §7):
// parse → tenant by `To` → signature → store (durable accept) → 200 → signal the conversation.
import type { Request, RequestHandler } from 'express';
import type { WorkHandoff } from '../../dispatch/handoff';
import { inboundSignalOf } from '../../dispatch/inbound-signal';
import { publishBestEffort } from '../../events/publisher';
import { isStored, storeArrival, type StoredArrival } from '../../messages/inbound';
import { conversationView, messageView } from '../../views';
import type { ApiDeps } from '../deps';
import { traceOf } from './audit';
import { InboundFloodControl } from './flood-control';
import { parseInbound, type InboundWebhook } from './parse';
import { serviceUnavailable, verifiedTenant, type TenantDirectory } from './signature';
import { EMPTY_TWIML, formOf } from './form';

/** Fast-path duplicate filter shared by all API copies; the unique waSid is the last line. */
export const idempotencyKey = (messageSid: string) => `idempotency:msg:${messageSid}`;
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

type Claim = 'claimed' | 'seen' | 'unavailable';
type NewInbound = Extract<StoredArrival, { created: true }>;

export type InboundOutcome = 'accepted' | 'duplicate' | 'rate_limited';

export function inboundWebhook(deps: ApiDeps, tenants: TenantDirectory, handoff: WorkHandoff): RequestHandler {
  const { config, prisma, redis, metrics, log } = deps;
  const flood = new InboundFloodControl(redis, config.INBOUND_MAX_PER_MINUTE);

  async function claim(messageSid: string): Promise<Claim> {
    try {
      const set = await redis.set(idempotencyKey(messageSid), '1', 'EX', IDEMPOTENCY_TTL_SECONDS, 'NX');
      return set === 'OK' ? 'claimed' : 'seen';
    } catch {
      return 'unavailable';
    }
  }

  /** Lets Twilio's retry through again after we failed to store the message. */
  async function release(messageSid: string): Promise<void> {
    await redis.del(idempotencyKey(messageSid)).catch(() => undefined);
  }

  function publishReceived(stored: NewInbound): void {
    void publishBestEffort(
      deps.events,
      log,
      stored.message.restaurantId,
      { type: 'message.received', data: messageView(stored.message) },
      { type: 'conversation.updated', data: conversationView(stored.conversation) },
    );
  }

  /** After the 200: the workflow gets the message in the background (or from the dispatcher). */
  function handOver(stored: NewInbound): void {
    const { message, conversation, versions } = stored;
    const signal = message.dispatchedAt ? null : inboundSignalOf(message);
    if (!signal) return; // excess over the flood limit: stored only
    const key = { restaurantId: message.restaurantId, customerWa: conversation.customerWa };
    // What this webhook saw lets a workflow whose cached context is current skip reading it.
    const context = { botEnabled: conversation.isBotActive, optedOut: conversation.optedOut, ...versions };
    void handoff.hand(key, conversation.id, {
      kind: 'inbound',
      id: message.id,
      createdAt: message.createdAt,
      message: { ...signal, context },
    });
  }

  /** Stores the message (or recognises it as stored); the caller answers 200 and then hands it over. */
  async function accept(restaurantId: string, hook: InboundWebhook): Promise<{ outcome: InboundOutcome; stored?: NewInbound }> {
    const claimed = await claim(hook.messageSid);
    let stored: StoredArrival;
    try {
      // Redis only hints at a duplicate: answer 200 for it once the database confirms it is stored.
      if (claimed === 'seen' && (await isStored(prisma, hook.messageSid))) {
        metrics.duplicates.inc();
        return { outcome: 'duplicate' };
      }
      const verdict = await flood.check(restaurantId, hook.from);
      stored = await storeArrival(prisma, restaurantId, hook, verdict, new Date());
    } catch (err) {
      if (claimed === 'claimed') await release(hook.messageSid);
      log.error({ err, messageSid: hook.messageSid }, 'inbound message not stored');
      throw serviceUnavailable('message could not be stored; retry later');
    }
    if (!stored.created) {
      metrics.duplicates.inc();
      return { outcome: 'duplicate' };
    }
    if (stored.message.rateLimited) metrics.rateLimited.inc({ scope: 'customer' });
    return { outcome: stored.message.rateLimited ? 'rate_limited' : 'accepted', stored };
  }

  return async (req: Request, res) => {
    const trace = traceOf(res);
    const form = formOf(req);
    const hook = parseInbound(form);
    trace.details = { to: hook.to }; // until the request is proven Twilio's
    const tenant = await verifiedTenant(tenants, config, req, hook.to, form, trace);
    trace.details = { messageSid: hook.messageSid };
    const { outcome, stored } = await accept(tenant.id, hook);
    trace.outcome = outcome;
    // Durably accepted: answer now; signalling and dashboard events need not hold Twilio up.
    res.status(200).type('text/xml').send(EMPTY_TWIML);
    if (stored) {
      handOver(stored);
      publishReceived(stored);
    }
  };
}
