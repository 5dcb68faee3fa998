// What each step shows: its question and its options, rendered from state and context alone.
import { texts, type OptionKey, type Texts } from './catalogue';
import { isOpen, nextOpening } from './hours';
import {
  activeBranches,
  availableItems,
  findActiveBranch,
  findAvailableItem,
  findVisibleCategory,
  itemCount,
  localName,
  orderTotals,
  pageOf,
  subtotalOf,
  visibleCategories,
} from './menu';
import { customerMayCancel } from '../orders/lifecycle';
import { lineKey, lineName } from './line';
import { formatMoney } from './money';
import { optionPrompt, pendingLine } from './option-prompt';
import type { DialogueState, Reply, ReplyOption, StepContext } from './types';

/** Quantities offered as buttons; any 1–20 may be typed. */
const OFFERED_QUANTITIES = [1, 2, 3];
const RATINGS = [1, 2, 3, 4, 5];

export function openNow(ctx: StepContext): boolean {
  const r = ctx.restaurant;
  return isOpen(r.openingHours, r.timeZone, ctx.now);
}

export function closedNotice(state: DialogueState, ctx: StepContext): string {
  const r = ctx.restaurant;
  return texts(state.language).closed(nextOpening(r.openingHours, r.timeZone, ctx.now));
}

export function canCancelLastOrder(state: DialogueState): boolean {
  return state.lastOrder !== undefined && customerMayCancel(state.lastOrder.status);
}

export function money(amount: number, state: DialogueState, ctx: StepContext): string {
  return formatMoney(amount, ctx.restaurant.currency, state.language);
}

function fixed(t: Texts, ...keys: OptionKey[]): ReplyOption[] {
  return keys.map((id) => ({ id, title: t.option[id] }));
}

function paged(rows: ReplyOption[], page: number, t: Texts): ReplyOption[] {
  const current = pageOf(rows, page);
  return current.hasMore ? [...current.rows, ...fixed(t, 'more')] : current.rows;
}

function welcome(state: DialogueState, ctx: StepContext, t: Texts): Reply {
  const open = openNow(ctx);
  const keys: OptionKey[] = [];
  if (open) keys.push('new_order');
  if (open && state.reorder && state.cart.length === 0) keys.push('reorder');
  keys.push('track_order', 'contact_support');
  if (open && state.cart.length > 0) keys.push('view_cart');
  if (canCancelLastOrder(state)) keys.push('cancel_order');
  keys.push('lang_ar', 'lang_en');
  const body = open ? t.chooseAction : `${closedNotice(state, ctx)}\n\n${t.chooseAction}`;
  return { body, options: fixed(t, ...keys) };
}

function branches(state: DialogueState, ctx: StepContext, t: Texts): Reply {
  const rows = activeBranches(ctx.menu).map((b) => ({ id: `branch_${b.id}`, title: localName(b, state.language), description: b.address }));
  return { body: t.chooseBranch, options: paged(rows, state.page, t) };
}

function categories(state: DialogueState, ctx: StepContext, t: Texts): Reply {
  const rows = visibleCategories(ctx.menu).map((c) => ({ id: `cat_${c.id}`, title: localName(c, state.language) }));
  if (rows.length === 0) return { body: t.menuEmpty };
  return { body: t.chooseCategory, options: paged(rows, state.page, t) };
}

function items(state: DialogueState, ctx: StepContext, t: Texts): Reply {
  const category = findVisibleCategory(ctx.menu, state.categoryId);
  if (!category) return categories({ ...state, page: 0 }, ctx, t);
  const rows = availableItems(category).map((i) => ({
    id: `item_${i.id}`,
    title: localName(i, state.language),
    description: money(i.price, state, ctx),
  }));
  return { body: t.chooseItem(localName(category, state.language)), options: paged(rows, state.page, t) };
}

function quantity(state: DialogueState, ctx: StepContext, t: Texts): Reply {
  const found = findAvailableItem(ctx.menu, state.pendingItemId);
  if (!found) return items(state, ctx, t);
  const options = OFFERED_QUANTITIES.map((n) => ({ id: `qty_${n}`, title: t.quantity(n) }));
  const line = pendingLine(state, found.item);
  return { body: t.askQuantity(line.name, money(line.unitPrice, state, ctx)), options };
}

export function cartLines(state: DialogueState, ctx: StepContext): string[] {
  const t = texts(state.language);
  return state.cart.map((l) => t.cartLine(l.quantity, lineName(l, state.language), money(l.unitPrice * l.quantity, state, ctx)));
}

function cart(state: DialogueState, ctx: StepContext, t: Texts): Reply {
  if (state.cart.length === 0) return { body: t.cartEmpty, options: fixed(t, 'add_item') };
  const body = [t.cartHeader, ...cartLines(state, ctx), '', t.subtotal(money(subtotalOf(state.cart), state, ctx))].join('\n');
  return { body, options: fixed(t, 'checkout', 'add_item', 'remove_item', 'cancel') };
}

function removal(state: DialogueState, ctx: StepContext, t: Texts): Reply {
  const rows = state.cart.map((l) => ({ id: `remove_${lineKey(l)}`, title: `${l.quantity} × ${lineName(l, state.language)}` }));
  return { body: t.chooseRemove, options: paged(rows, state.page, t) };
}

function checkout(state: DialogueState, ctx: StepContext, t: Texts): Reply {
  const orderType = state.orderType ?? 'pickup';
  const branch = findActiveBranch(ctx.menu, state.branchId);
  const totals = orderTotals(state.cart, orderType, ctx.restaurant, branch);
  const lines = [t.summaryHeader(orderType, branch ? localName(branch, state.language) : ''), ...cartLines(state, ctx), ''];
  lines.push(t.subtotal(money(totals.subtotal, state, ctx)));
  if (orderType === 'delivery') lines.push(t.deliveryFee(money(totals.deliveryFee, state, ctx)));
  lines.push(t.total(money(totals.total, state, ctx)));
  if (state.note) lines.push(t.noteLine(state.note));
  if (totals.shortfall > 0) {
    lines.push('', t.belowMinimum(money(totals.minimum, state, ctx), money(totals.shortfall, state, ctx)));
    return { body: lines.join('\n'), options: fixed(t, 'add_item', 'view_cart') };
  }
  lines.push('', t.choosePayment);
  const options: ReplyOption[] = [];
  if (ctx.restaurant.paymentLink) options.push(...fixed(t, 'pay_online'));
  options.push({ id: 'pay_cash', title: orderType === 'pickup' ? t.payCashAtPickup : t.option.pay_cash }, ...fixed(t, 'add_note'));
  return { body: lines.join('\n'), options };
}

/** The menu entries a typed name could mean, to pick one from. */
function candidates(state: DialogueState, ctx: StepContext, t: Texts, ids: string[]): Reply {
  const options = ids.flatMap((id): ReplyOption[] => {
    const category = findVisibleCategory(ctx.menu, id.slice('cat_'.length));
    if (id.startsWith('cat_') && category) return [{ id, title: localName(category, state.language) }];
    const found = findAvailableItem(ctx.menu, id.slice('item_'.length));
    if (id.startsWith('item_') && found)
      return [{ id, title: localName(found.item, state.language), description: money(found.item.price, state, ctx) }];
    return [];
  });
  return options.length > 0 ? { body: t.whichOne, options } : { body: t.notUnderstood };
}

/** The current step's question and options. */
export function prompt(state: DialogueState, ctx: StepContext): Reply {
  const t = texts(state.language);
  if (state.candidates && state.candidates.length > 0) {
    const reply = candidates(state, ctx, t, state.candidates);
    if (reply.options) return reply;
  }
  switch (state.step) {
    case 'welcome':
      return welcome(state, ctx, t);
    case 'choose_order_type':
      return { body: t.chooseOrderType, options: fixed(t, 'order_delivery', 'order_pickup') };
    case 'await_location':
      return { body: t.shareLocation, options: [{ id: 'order_pickup', title: t.pickupInstead }] };
    case 'choose_branch':
      return branches(state, ctx, t);
    case 'choose_category':
      return categories(state, ctx, t);
    case 'choose_item':
      return items(state, ctx, t);
    case 'choose_option':
      return optionPrompt(state, ctx, t) ?? items(state, ctx, t);
    case 'choose_quantity':
      return quantity(state, ctx, t);
    case 'after_add':
      return {
        body: t.afterAdd(itemCount(state.cart), money(subtotalOf(state.cart), state, ctx)),
        options: fixed(t, 'add_item', 'view_cart', 'checkout'),
      };
    case 'view_cart':
      return cart(state, ctx, t);
    case 'remove_item':
      return removal(state, ctx, t);
    case 'checkout':
      return checkout(state, ctx, t);
    case 'await_rating': {
      const options = [...RATINGS.map((n) => ({ id: `rate_${n}`, title: '⭐'.repeat(n) })), ...fixed(t, 'skip')];
      return { body: t.askRating(state.ratingOrderReference ?? state.lastOrder?.orderReference ?? ''), options };
    }
    case 'await_comment':
      return { body: t.askComment, options: fixed(t, 'skip') };
    case 'await_note':
      return { body: t.askNote, options: fixed(t, 'skip') };
  }
}
