// Building a StepResult: one reply per customer message, its options remembered in `offered`.
import { texts } from './catalogue';
import { findActiveBranch } from './menu';
import { prompt } from './prompts';
import type { DialogueState, DialogueStep, Effect, Language, Reply, StepContext, StepResult } from './types';

/** Steps that take an order; closed hours send the customer back to the welcome from these. */
export const ORDERING_STEPS: ReadonlySet<DialogueStep> = new Set<DialogueStep>([
  'choose_order_type',
  'await_location',
  'choose_branch',
  'choose_category',
  'choose_item',
  'choose_option',
  'choose_quantity',
  'after_add',
  'view_cart',
  'remove_item',
  'checkout',
  'await_note',
]);
export const FEEDBACK_STEPS: ReadonlySet<DialogueStep> = new Set<DialogueStep>(['await_rating', 'await_comment']);

/** Shows the state's current step, after any notices, in one reply. */
export function show(state: DialogueState, ctx: StepContext, notices: string[] = [], effects: Effect[] = []): StepResult {
  const current = prompt(state, ctx);
  const options = current.options ?? [];
  const body = [...notices, current.body].join('\n\n');
  const reply: Reply = options.length > 0 ? { body, options } : { body };
  return { state: { ...state, offered: options.map((o) => o.id) }, replies: [reply], effects };
}

/** A message without options (a status update, a hand-off); what was offered stays valid. */
export function say(state: DialogueState, body: string, effects: Effect[] = []): StepResult {
  return { state, replies: [{ body }], effects };
}

export function silent(state: DialogueState): StepResult {
  return { state, replies: [], effects: [] };
}

/** Delivery needs a location and pickup a branch before the menu can be browsed. */
export function orderContextReady(state: DialogueState, ctx: StepContext): boolean {
  if (!state.orderType || !findActiveBranch(ctx.menu, state.branchId)) return false;
  return state.orderType === 'pickup' || state.location !== undefined;
}

/** Forgets the order being put together (cart and how it will be served). */
export function withoutOrder(state: DialogueState): DialogueState {
  return {
    ...state,
    cart: [],
    orderType: undefined,
    branchId: undefined,
    location: undefined,
    categoryId: undefined,
    pendingItemId: undefined,
    pendingOptions: undefined,
    optionGroup: undefined,
    checkoutNext: undefined,
    note: undefined,
    page: 0,
  };
}

export function toWelcome(state: DialogueState, ctx: StepContext, notices: string[] = [], effects: Effect[] = []): StepResult {
  const base = state.cart.length > 0 ? state : withoutOrder(state);
  return show(
    { ...base, step: 'welcome', page: 0, pendingItemId: undefined, pendingOptions: undefined, optionGroup: undefined },
    ctx,
    notices,
    effects,
  );
}

export function greeting(state: DialogueState, ctx: StepContext): string {
  return texts(state.language).welcome(ctx.restaurant.restaurantName);
}

/** The customer's language from now on, remembered for them when it is not already. */
export function settleLanguage(state: DialogueState, language: Language): { state: DialogueState; effects: Effect[] } {
  const effects: Effect[] = state.rememberedLanguage === language ? [] : [{ kind: 'remember_language', language }];
  return { state: { ...state, language, rememberedLanguage: language }, effects };
}

export function chooseLanguage(state: DialogueState, ctx: StepContext, language: Language): StepResult {
  const settled = settleLanguage(state, language);
  return show(settled.state, ctx, [], settled.effects);
}
