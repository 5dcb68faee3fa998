// The ordering dialogue as a pure reducer: (state, input, context) → (state, replies, effects).
// No I/O and no clock or randomness of its own: the workflow passes time and the next order
// reference in `ctx`, so the same inputs always give the same result.
import {
  cancelOrder,
  cancelRefused,
  cartExpired,
  comment,
  contactSupport,
  leaveFeedback,
  orderStatusChanged,
  rate,
  skipFeedback,
  trackOrder,
} from './aftercare';
import { texts } from './catalogue';
import {
  abandonCart,
  addMore,
  checkout,
  chooseBranch,
  chooseCategory,
  chooseDelivery,
  chooseItem,
  choosePickup,
  chooseQuantity,
  newOrder,
  pay,
  receiveLocation,
  removeLine,
  showMore,
  startRemoval,
  viewCart,
} from './ordering';
import { matchName, matchOption } from './names';
import { availableOptions } from './line';
import { pendingGroup } from './option-prompt';
import { chooseOption, finishGroup, skipGroup } from './options';
import { reorder } from './reorder';
import { askNote, skipNote, takeNote } from './note';
import { optingOut, whileOptedOut } from './opt-out';
import { parseButton, parseText, writtenIn, type Parsed } from './parse';
import { MAX_ROWS } from './menu';
import { openNow, prompt } from './prompts';
import { FEEDBACK_STEPS, ORDERING_STEPS, chooseLanguage, greeting, settleLanguage, show, toWelcome } from './respond';
import type { CustomerInput, DialogueInput, DialogueState, Effect, Language, StepContext, StepResult } from './types';

type Handler = (state: DialogueState, ctx: StepContext, arg: string) => StepResult | undefined;

export function initialState(language: Language): DialogueState {
  return { step: 'welcome', language, cart: [], page: 0, offered: [] };
}

const FIXED: Record<string, Handler> = {
  new_order: (s, c) => newOrder(s, c),
  track_order: (s, c) => trackOrder(s, c),
  contact_support: (s, c) => contactSupport(s, c),
  cancel_order: (s, c) => cancelOrder(s, c),
  lang_ar: (s, c) => chooseLanguage(s, c, 'ar'),
  lang_en: (s, c) => chooseLanguage(s, c, 'en'),
  help: (s, c) => show(s, c, [texts(s.language).help]),
  order_delivery: (s, c) => chooseDelivery(s, c),
  order_pickup: (s, c) => choosePickup(s, c),
  more: (s, c) => showMore(s, c),
  add_item: (s, c) => addMore(s, c),
  view_cart: (s, c) => viewCart(s, c),
  checkout: (s, c) => checkout(s, c),
  remove_item: (s, c) => startRemoval(s, c),
  cancel: (s, c) => (s.cart.length > 0 || ORDERING_STEPS.has(s.step) ? abandonCart(s, c) : cancelOrder(s, c)),
  pay_online: (s, c) => pay(s, c, 'online'),
  pay_cash: (s, c) => pay(s, c, 'cash'),
  skip: (s, c) => (s.step === 'await_note' ? skipNote(s, c) : s.step === 'choose_option' ? skipGroup(s, c) : skipFeedback(s, c)),
  add_note: (s, c) => askNote(s, c),
  opt_done: (s, c) => finishGroup(s, c),
  reorder: (s, c) => reorder(s, c),
};

const PREFIXED: [string, Handler][] = [
  ['branch_', chooseBranch],
  ['cat_', chooseCategory],
  ['item_', chooseItem],
  ['opt_', chooseOption],
  ['qty_', (s, c, n) => (/^\d+$/.test(n) ? chooseQuantity(s, c, Number(n)) : undefined)],
  ['remove_', removeLine],
  ['rate_', (s, c, n) => (/^\d$/.test(n) ? rate(s, c, Number(n)) : undefined)],
];

/** Choices that take an order; outside opening hours they get the "we open at…" answer. */
const ORDERING_IDS = new Set([
  'new_order',
  'reorder',
  'order_delivery',
  'order_pickup',
  'add_item',
  'checkout',
  'add_note',
  'pay_online',
  'pay_cash',
  'opt_done',
]);
const ORDERING_PREFIXES = ['branch_', 'cat_', 'item_', 'opt_', 'qty_'];
/** Choices that keep a pending rating request open; anything else moves on from it. */
const FEEDBACK_KEEPING = new Set(['skip', 'lang_ar', 'lang_en', 'help', 'track_order', 'contact_support']);

function takesOrder(id: string, state: DialogueState): boolean {
  if (ORDERING_IDS.has(id) || ORDERING_PREFIXES.some((p) => id.startsWith(p))) return true;
  return id === 'more' && ORDERING_STEPS.has(state.step);
}

function closed(state: DialogueState, ctx: StepContext): StepResult {
  return toWelcome({ ...state, pendingItemId: undefined }, ctx);
}

function handlerFor(id: string): [Handler, string] | undefined {
  const fixed = FIXED[id];
  if (fixed) return [fixed, ''];
  const prefixed = PREFIXED.find(([prefix]) => id.startsWith(prefix));
  return prefixed ? [prefixed[1], id.slice(prefixed[0].length)] : undefined;
}

/** Input that means nothing here: a short help with the current options, never silence. */
function notUnderstood(state: DialogueState, ctx: StepContext): StepResult {
  if (!openNow(ctx) && ORDERING_STEPS.has(state.step)) return closed(state, ctx);
  if (state.step === 'welcome') return show(state, ctx, [greeting(state, ctx)]);
  return show(state, ctx, [texts(state.language).notUnderstood]);
}

function choose(current: DialogueState, ctx: StepContext, id: string): StepResult | undefined {
  const found = handlerFor(id);
  if (!found) return undefined;
  const { candidates: _listed, ...state } = current;
  if (takesOrder(id, state) && !openNow(ctx)) return closed(state, ctx);
  const from = FEEDBACK_STEPS.has(state.step) && !FEEDBACK_KEEPING.has(id) && !id.startsWith('rate_') ? leaveFeedback(state) : state;
  return found[0](from, ctx, found[1]);
}

const FREE_TEXT_STEPS = new Set(['await_comment', 'await_note']);

/** Steps of the menu where a typed category or item name chooses it (SPEC §6 "Free text"). */
const NAME_STEPS = new Set(['choose_category', 'choose_item', 'after_add']);

/** A typed name: an exact one beats a keyword, a near one counts only when no keyword did. */
function chooseByName(state: DialogueState, ctx: StepContext, text: string, parsed: Parsed): StepResult | undefined {
  if (!NAME_STEPS.has(state.step) || parsed.number !== undefined || (parsed.id && !parsed.keyword)) return undefined;
  const match = matchName(text, ctx.menu);
  if (!match || (parsed.id && !match.exact)) return undefined;
  if (match.ids.length > 1) return show({ ...state, candidates: match.ids.slice(0, MAX_ROWS) }, ctx);
  const chosen = choose(state, ctx, match.ids[0]!);
  if (!chosen || match.quantity === undefined) return chosen;
  if (chosen.state.step === 'choose_option') return { ...chosen, state: { ...chosen.state, typedQuantity: match.quantity } };
  if (chosen.state.step !== 'choose_quantity') return chosen;
  return chooseQuantity(chosen.state, ctx, match.quantity) ?? chosen;
}

/** The options of an item typed with its quantity are done: the quantity is not asked again. */
function withTypedQuantity(result: StepResult, ctx: StepContext): StepResult {
  const { typedQuantity, ...state } = result.state;
  if (typedQuantity === undefined || result.state.step === 'choose_option') return result;
  const added = state.step === 'choose_quantity' ? chooseQuantity(state, ctx, typedQuantity) : undefined;
  return added ? { ...added, effects: [...result.effects, ...added.effects] } : { ...result, state };
}

/** At the options step an option's name, typed (small typos allowed), chooses it. */
function chooseOptionByName(state: DialogueState, ctx: StepContext, text: string, parsed: Parsed): StepResult | undefined {
  if (state.step !== 'choose_option' || parsed.id || parsed.number !== undefined) return undefined;
  const pending = pendingGroup(state, ctx);
  const offered = (pending ? availableOptions(pending.group) : [])
    .map((o) => ({ id: `opt_${o.id}`, nameAr: o.nameAr, nameEn: o.nameEn }))
    .filter((o) => state.offered.includes(o.id));
  const id = matchOption(text, offered);
  return id ? choose(state, ctx, id) : undefined;
}

function customerText(state: DialogueState, ctx: StepContext, text: string): StepResult | undefined {
  // Where free text is expected (a comment, a note), only a message that is exactly a command counts as one.
  const mode = FREE_TEXT_STEPS.has(state.step) ? 'exact' : 'words';
  const parsed: Parsed = parseText(text, state.offered, prompt(state, ctx).options ?? [], mode);
  if (state.step === 'choose_quantity' && parsed.number !== undefined && !parsed.id) {
    return openNow(ctx) ? chooseQuantity(state, ctx, parsed.number) : closed(state, ctx);
  }
  const named = chooseByName(state, ctx, text, parsed) ?? chooseOptionByName(state, ctx, text, parsed);
  if (named) return named;
  if (parsed.id) return choose(state, ctx, parsed.id);
  if (state.step === 'await_comment') return comment(state, ctx, text);
  if (state.step === 'await_note') return takeNote(state, ctx, text);
  return undefined;
}

/** A fresh conversation's first message, plainly in one language, chooses it (SPEC §6). */
function firstMessageLanguage(current: DialogueState, input: CustomerInput): { state: DialogueState; effects: Effect[] } {
  if (!current.detectLanguage) return { state: current, effects: [] };
  const { detectLanguage: _first, ...state } = current;
  const language = input.kind === 'text' ? writtenIn(input.text) : undefined;
  return language ? settleLanguage(state, language) : { state, effects: [] };
}

function fromCustomer(before: DialogueState, ctx: StepContext, input: CustomerInput): StepResult {
  const optedOut = whileOptedOut(before, ctx, input);
  if (optedOut) return optedOut;
  const first = firstMessageLanguage(before, input);
  const answered = optingOut(first.state, ctx, input) ?? answer(first.state, ctx, input);
  return first.effects.length > 0 ? { ...answered, effects: [...first.effects, ...answered.effects] } : answered;
}

function answer(state: DialogueState, ctx: StepContext, input: CustomerInput): StepResult {
  const t = texts(state.language);
  let result: StepResult | undefined;
  switch (input.kind) {
    case 'media':
      result = show(state, ctx, [t.mediaNotUnderstood]);
      break;
    case 'location':
      result = openNow(ctx) ? receiveLocation(state, ctx, input) : closed(state, ctx);
      break;
    case 'button':
      result = choose(state, ctx, parseButton(input.id).id ?? '');
      break;
    case 'text':
      result = customerText(state, ctx, input.text);
      break;
  }
  return greetFirstContact(state, ctx, withTypedQuantity(result ?? notUnderstood(state, ctx), ctx));
}

/** The very first reply of a conversation opens with the restaurant's welcome. */
function greetFirstContact(before: DialogueState, ctx: StepContext, result: StepResult): StepResult {
  const first = result.replies[0];
  if (before.offered.length > 0 || before.step !== 'welcome' || !first) return result;
  const hello = greeting(result.state, ctx);
  if (first.body.startsWith(hello)) return result;
  return { ...result, replies: [{ ...first, body: `${hello}\n\n${first.body}` }, ...result.replies.slice(1)] };
}

export function step(state: DialogueState, input: DialogueInput, ctx: StepContext): StepResult {
  switch (input.kind) {
    case 'order_status':
      return orderStatusChanged(state, ctx, input.orderReference, input.status);
    case 'cancel_refused':
      return cancelRefused(state, ctx, input.orderReference, input.status);
    case 'cart_expired':
      return cartExpired(state, ctx);
    default:
      return fromCustomer(state, ctx, input);
  }
}
