// One conversation inside its workflow: what it remembers and how each piece of pending work
// changes it. Every side effect goes through the activities handed in; the dialogue decides.
import { log, patched, uuid4 } from '@temporalio/workflow';
import { initialState, step } from '../dialogue';
import type { DialogueInput, DialogueState, Effect, StepResult } from '../dialogue/types';
import {
  type ConversationActivities,
  type ConversationContext,
  type ConversationKey,
  type SignalledContext,
  AgentMessage,
  CarriedState,
  ConversationView,
  InboundMessage,
  OrderStatusChange,
  PendingWork,
} from './contract';
import { activityFailure } from './activity-failures';
import { freshDialogue } from './fresh-dialogue';
import { agentSend, HeldFollowUps } from './held-follow-ups';
import { freshOrderReference, isReferenceConflict } from './order-references';
import { RecentSids } from './recent-sids';
import * as patches from './patches';
import { RestaurantContext } from './restaurant-context';
import { ShownAttributes } from './search-attributes';
import { sendThrottleNotice } from './throttle-notice';
import { agreesOnOptOut, optOutContext, withStoredOptOut } from './opt-out';

const REFERENCE_ATTEMPTS = 3;

/** Workflow time: inside the sandbox `Date` is pinned to the current workflow task. */
export const workflowNow = (): number => Date.now();

export class Conversation {
  readonly pending: PendingWork[];
  botEnabled: boolean;
  lastActivityAt: number;
  private dialogue: DialogueState;
  private readonly recent: RecentSids;
  private readonly freshRun: boolean;
  private readonly context: RestaurantContext;
  private readonly followUps: HeldFollowUps;
  /** What the search attributes currently show. */
  private readonly shown: ShownAttributes;

  constructor(
    private readonly key: ConversationKey,
    private readonly activities: ConversationActivities,
    carried?: CarriedState,
  ) {
    this.freshRun = !carried;
    this.dialogue = carried?.dialogue ?? initialState('ar');
    this.botEnabled = carried?.botEnabled ?? true;
    this.recent = new RecentSids(carried?.recentSids);
    this.pending = [...(carried?.pending ?? [])];
    this.lastActivityAt = carried?.lastActivityAt ?? workflowNow();
    this.shown = new ShownAttributes(key.restaurantId);
    this.context = new RestaurantContext(key, activities);
    this.followUps = new HeldFollowUps(carried?.heldFollowUps);
  }

  /** First thing a run does: search attributes, and on a fresh run the customer's standing. */
  async start(): Promise<void> {
    if (this.freshRun) {
      const context = await this.loadContext();
      this.dialogue = freshDialogue(context);
      this.followUps.adopt(context.heldFollowUps);
      if (context.lastOrder) this.shown.showOrder(context.lastOrder.orderReference, context.lastOrder.status);
    }
    this.shown.showStep(this.dialogue.step);
  }

  /** Signal handlers only enqueue; an inbound SID already handled or already queued is dropped. */
  enqueue(work: PendingWork): void {
    if (work.kind === 'inbound' && this.isKnownSid(work.message.messageSid)) {
      log.debug('duplicate inbound message ignored', { messageSid: work.message.messageSid });
      return;
    }
    this.pending.push(work);
  }

  hasPending(): boolean {
    return this.pending.length > 0;
  }

  hasCart(): boolean {
    return this.dialogue.cart.length > 0;
  }

  /** Handles the oldest pending item. A permanent activity failure is logged and skipped. */
  async processNext(): Promise<void> {
    const work = this.pending.shift();
    if (!work) return;
    try {
      await this.handle(work);
    } catch (err) {
      const failure = activityFailure(err);
      if (!failure) throw err; // a bug: fail the task, fix, replay
      log.error('work item failed permanently', { kind: work.kind, error: failure.message });
    }
    this.lastActivityAt = workflowNow();
  }

  async expireCart(): Promise<void> {
    await this.ensureContext();
    await this.runStep({ kind: 'cart_expired' }, `cart-expired:${uuid4()}`);
    this.lastActivityAt = workflowNow();
  }

  view(): ConversationView {
    return {
      step: this.dialogue.step,
      language: this.dialogue.language,
      cart: this.dialogue.cart,
      botEnabled: this.botEnabled,
      activeOrder: this.dialogue.lastOrder ?? null,
      pending: this.pending.length,
      processedSids: this.recent.size,
    };
  }

  carry(): CarriedState {
    return {
      dialogue: this.dialogue,
      botEnabled: this.botEnabled,
      recentSids: this.recent.toJSON(),
      pending: [...this.pending],
      lastActivityAt: this.lastActivityAt,
      heldFollowUps: this.followUps.toJSON(),
    };
  }

  private isKnownSid(sid: string): boolean {
    return this.recent.has(sid) || this.pending.some((w) => w.kind === 'inbound' && w.message.messageSid === sid);
  }

  private handle(work: PendingWork): Promise<void> {
    switch (work.kind) {
      case 'inbound':
        return this.handleInbound(work.message);
      case 'agent':
        return this.handleAgent(work.message);
      case 'bot':
        return this.handleBotEnabled(work.enabled);
      case 'order_status':
        return this.handleOrderStatus(work.change);
    }
  }

  private async handleInbound(message: InboundMessage): Promise<void> {
    if (this.recent.has(message.messageSid)) return;
    this.recent.add(message.messageSid);
    // A message the webhook stored costs no activity; one signalled directly (tests) is stored here.
    if (!(message.stored && patched(patches.STORED_INBOUND_PATCH))) await this.activities.recordInbound({ ...this.key, message });
    // The customer wrote, so WhatsApp's window is open: agents' messages held for it go first.
    await this.followUps.release(this.key, this.activities, agentSend(this.dialogue.language));
    // Over the flood limit: stored (marked) for agents, not run through the dialogue; one notice.
    if (message.throttled) return sendThrottleNotice(this.activities, this.key, this.botEnabled, this.dialogue.language, message);
    // The bot switch is the database's (staff may have handed back while this run could not hear
    // of it): read it first. Runs from before this check skipped the read while a human had it.
    if (!patched(patches.BOT_SWITCH_READ_FIRST_PATCH) && !this.botEnabled) return;
    await this.refreshContext(message.context);
    if (!this.botEnabled) return; // a human has the conversation: stored for them, not answered
    await this.runStep(message.input, message.messageSid, { sid: message.messageSid, receivedAt: message.receivedAt });
  }

  private async handleAgent(message: AgentMessage): Promise<void> {
    const result = await this.activities.sendReply({ ...this.key, ...agentSend(this.dialogue.language)(message) });
    this.followUps.note(message, result);
  }

  private async handleBotEnabled(enabled: boolean): Promise<void> {
    this.botEnabled = enabled;
    // The API already wrote the row; writing it again keeps both sides equal if that raced.
    await this.activities.updateConversation({ ...this.key, isBotActive: enabled, ...(enabled ? { status: 'ACTIVE' as const } : {}) });
  }

  private async handleOrderStatus(change: OrderStatusChange): Promise<void> {
    // The API already updated the Order row; the conversation tells the customer and follows it.
    if (this.shown.orderReference === undefined || this.shown.orderReference === change.orderReference) {
      this.shown.showOrder(change.orderReference, change.status);
    }
    await this.ensureContext();
    await this.runStep({ kind: 'order_status', ...change }, `${change.orderReference}:${change.status}`);
    if (patched(patches.STATUS_TOLD_PATCH)) await this.activities.noteStatusTold({ restaurantId: this.key.restaurantId, ...change });
  }

  /** Runs the dialogue on one input, carries out its effects in order, then sends its replies.
   * `inbound`: the customer message this answers, when it answers one. */
  private async runStep(input: DialogueInput, replyKeyPrefix: string, inbound?: { sid: string; receivedAt: string }): Promise<void> {
    const result = await this.stepWithEffects(input);
    this.dialogue = result.state;
    this.shown.showStep(this.dialogue.step);
    const language = result.state.language;
    for (const [index, reply] of result.replies.entries()) {
      // Replay matches an activity by its type, not its input: adding a field here needs no patch.
      const first = index === 0 && inbound ? { inboundSid: inbound.sid, inboundReceivedAt: inbound.receivedAt } : {};
      await this.activities.sendReply({
        ...this.key,
        sender: 'bot',
        reply,
        language,
        idempotencyKey: `${replyKeyPrefix}:${index}`,
        ...first,
      });
    }
  }

  /** A taken order reference (another conversation drew the same) re-runs the pure step with a new
   * one; an effect the world refused (a cancel that came too late) answers with what stands. */
  private async stepWithEffects(input: DialogueInput): Promise<StepResult> {
    for (let attempt = 1; ; attempt += 1) {
      const context = {
        ...this.context.loaded,
        now: workflowNow(),
        nextOrderReference: freshOrderReference([this.dialogue.lastOrder?.orderReference, this.shown.orderReference]),
        ...optOutContext(this.dialogue, input),
      };
      const result = step(this.dialogue, input, context);
      try {
        for (const effect of result.effects) {
          const refused = await this.apply(effect);
          if (refused) return step(this.dialogue, refused, context);
        }
        return result;
      } catch (err) {
        if (attempt >= REFERENCE_ATTEMPTS || !isReferenceConflict(err)) throw err;
        log.warn('order reference taken, drawing another', { attempt });
      }
    }
  }

  /** Carries out one effect; returns the dialogue input to answer with instead when it was refused. */
  private async apply(effect: Effect): Promise<DialogueInput | undefined> {
    const { restaurantId } = this.key;
    switch (effect.kind) {
      case 'create_order':
        await this.activities.createOrder({ ...this.key, order: effect.order });
        this.shown.showOrder(effect.order.orderReference, effect.order.status);
        return;
      case 'cancel_order':
        return this.cancelOrder(effect.orderReference);
      case 'rate_order':
        await this.activities.updateOrder({ restaurantId, orderReference: effect.orderReference, rating: effect.rating });
        return;
      case 'comment_order':
        await this.activities.updateOrder({ restaurantId, orderReference: effect.orderReference, ratingComment: effect.comment });
        return;
      case 'remember_language':
        if (patched(patches.LANGUAGE_REMEMBERED_PATCH)) await this.activities.rememberLanguage({ ...this.key, locale: effect.language });
        return;
      case 'handoff':
        await this.activities.updateConversation({ ...this.key, isBotActive: false, status: 'NEEDS_AGENT' });
        this.botEnabled = false;
        return;
      case 'opt_out':
      case 'opt_in':
        await this.activities.setOptedOut({ ...this.key, optedOut: effect.kind === 'opt_out' });
        return;
    }
  }

  /** The customer's cancel, checked by the orders store against the status the order has now. */
  private async cancelOrder(orderReference: string): Promise<DialogueInput | undefined> {
    const { restaurantId } = this.key;
    if (!patched(patches.CUSTOMER_CANCEL_CHECKED_PATCH)) {
      await this.activities.updateOrder({ restaurantId, orderReference, status: 'CANCELLED' });
      if (this.shown.orderReference === orderReference) this.shown.showOrder(orderReference, 'CANCELLED');
      return undefined;
    }
    const outcome = await this.activities.cancelOrder({ restaurantId, orderReference });
    if (this.shown.orderReference === orderReference) this.shown.showOrder(orderReference, outcome.status);
    return outcome.cancelled ? undefined : { kind: 'cancel_refused', orderReference, status: outcome.status };
  }

  /** Refreshes profile, bot flag and (only when its version changed) the menu. */
  private async loadContext(): Promise<ConversationContext> {
    const context = await this.context.load();
    this.botEnabled = context.botEnabled;
    this.dialogue = withStoredOptOut(this.dialogue, context.optedOut);
    return context;
  }

  /** Before answering a message: the context is re-read unless the signal shows it is current. */
  private async refreshContext(signalled: SignalledContext | undefined): Promise<void> {
    const current = signalled && this.context.isCurrent(signalled) && agreesOnOptOut(this.dialogue, signalled);
    if (current && patched(patches.CONTEXT_FROM_SIGNAL_PATCH)) {
      this.botEnabled = signalled.botEnabled;
      return;
    }
    await this.loadContext();
  }

  private async ensureContext(): Promise<void> {
    if (!this.context.isLoaded) await this.loadContext();
  }
}
