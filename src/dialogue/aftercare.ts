// After an order is placed: tracking, cancelling, support, status updates, rating and comment,
// and the cart-expiry notice.
import { texts } from './catalogue';
import { canCancelLastOrder } from './prompts';
import { followCompletion } from './reorder';
import { FEEDBACK_STEPS, ORDERING_STEPS, say, show, silent, withoutOrder } from './respond';
import type { DialogueState, OrderStatus, ReplyNotice, StepContext, StepResult } from './types';

const FINISHED: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['DELIVERED', 'PICKED_UP']);
/** Comments are stored as given, up to a sane length. */
const MAX_COMMENT_LENGTH = 1000;

export function trackOrder(state: DialogueState, ctx: StepContext): StepResult {
  const t = texts(state.language);
  const order = state.lastOrder;
  const notice = order ? t.trackStatus(order.orderReference, t.status[order.status]) : t.noOrders;
  return show(state, ctx, [notice]);
}

/** The workflow turns the bot off on `handoff`; options would only confuse until an agent replies. */
export function contactSupport(state: DialogueState, ctx: StepContext): StepResult {
  const t = texts(state.language);
  const contact = ctx.restaurant.supportContact;
  const body = contact ? `${t.supportHandoff}\n${t.supportContact(contact)}` : t.supportHandoff;
  return say(state, body, [{ kind: 'handoff' }]);
}

export function cancelOrder(state: DialogueState, ctx: StepContext): StepResult {
  const t = texts(state.language);
  const order = state.lastOrder;
  if (!order) return show(state, ctx, [t.noOrderToCancel]);
  if (!canCancelLastOrder(state)) return show(state, ctx, [t.cannotCancel(order.orderReference, t.status[order.status])]);
  const next = { ...state, lastOrder: { ...order, status: 'CANCELLED' as const } };
  return show(next, ctx, [t.orderCancelled(order.orderReference)], [{ kind: 'cancel_order', orderReference: order.orderReference }]);
}

/** The order had moved on before the cancel reached it: the customer is told the status that stands. */
export function cancelRefused(state: DialogueState, ctx: StepContext, orderReference: string, status: OrderStatus): StepResult {
  const t = texts(state.language);
  const known = state.lastOrder?.orderReference === orderReference ? state.lastOrder : undefined;
  const next = known ? { ...state, lastOrder: { ...known, status } } : state;
  return show(next, ctx, [t.cannotCancel(orderReference, t.status[status])]);
}

/** A status pushed by the restaurant; a delivered or picked-up order asks for a rating. */
export function orderStatusChanged(state: DialogueState, ctx: StepContext, orderReference: string, status: OrderStatus): StepResult {
  const known = state.lastOrder?.orderReference === orderReference ? state.lastOrder : undefined;
  if (known?.status === status) return silent(state);
  const next = followCompletion(known ? { ...state, lastOrder: { ...known, status } } : state, orderReference, status);
  const t = texts(state.language);
  const notice = t.statusUpdate(orderReference, t.status[status]);
  if (!FINISHED.has(status)) return noticed(say(next, notice), { kind: 'order_status', orderReference, status });
  const resumeStep = FEEDBACK_STEPS.has(state.step) ? state.resumeStep : state.step === 'welcome' ? undefined : state.step;
  const asked = show({ ...next, step: 'await_rating', ratingOrderReference: orderReference, resumeStep }, ctx, [notice]);
  return noticed(asked, { kind: 'rating_request', orderReference, status });
}

/** Tags the step's reply with what it is about, so outside the 24-hour window it goes as that template. */
function noticed(result: StepResult, notice: ReplyNotice): StepResult {
  const [first, ...rest] = result.replies;
  return first ? { ...result, replies: [{ ...first, notice }, ...rest] } : result;
}

export function rate(state: DialogueState, ctx: StepContext, rating: number): StepResult | undefined {
  const orderReference = state.ratingOrderReference;
  if (!orderReference || !Number.isInteger(rating) || rating < 1 || rating > 5) return undefined;
  return show({ ...state, step: 'await_comment' }, ctx, [], [{ kind: 'rate_order', orderReference, rating }]);
}

/** Back to whatever the customer was doing before the rating request, or the welcome. */
export function leaveFeedback(state: DialogueState): DialogueState {
  return { ...state, step: state.resumeStep ?? 'welcome', resumeStep: undefined, ratingOrderReference: undefined };
}

export function skipFeedback(state: DialogueState, ctx: StepContext): StepResult | undefined {
  if (!FEEDBACK_STEPS.has(state.step)) return undefined;
  const notices = state.step === 'await_comment' ? [texts(state.language).thanksFeedback] : [];
  return show(leaveFeedback(state), ctx, notices);
}

export function comment(state: DialogueState, ctx: StepContext, text: string): StepResult | undefined {
  const orderReference = state.ratingOrderReference;
  const trimmed = text.trim().slice(0, MAX_COMMENT_LENGTH);
  if (state.step !== 'await_comment' || !orderReference || trimmed.length === 0) return undefined;
  const effect = { kind: 'comment_order' as const, orderReference, comment: trimmed };
  return show(leaveFeedback(state), ctx, [texts(state.language).thanksFeedback], [effect]);
}

/** An idle cart is emptied with a notice; with nothing in the cart there is nothing to say. */
export function cartExpired(state: DialogueState, ctx: StepContext): StepResult {
  if (state.cart.length === 0) return silent(state);
  const emptied = withoutOrder(state);
  const next: DialogueState = FEEDBACK_STEPS.has(state.step)
    ? { ...emptied, step: state.step, resumeStep: undefined }
    : { ...emptied, step: ORDERING_STEPS.has(state.step) ? 'welcome' : state.step };
  return show(next, ctx, [texts(state.language).cartExpired]);
}
