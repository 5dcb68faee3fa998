// Putting an order together: how it is served, the menu, the cart, checkout and payment.
import { texts } from './catalogue';
import { branchForDelivery, type Point } from './geo';
import {
  activeBranches,
  addToCart,
  availableItems,
  findActiveBranch,
  findAvailableItem,
  findVisibleCategory,
  localName,
  nextPage,
  orderTotals,
  refreshCart,
  subtotalOf,
  visibleCategories,
} from './menu';
import { currentOptions, lineKey, lineName } from './line';
import { startItem } from './options';
import { cartLines, money } from './prompts';
import { orderContextReady, show, toWelcome, withoutOrder } from './respond';
import type { CartLine, DialogueState, NewOrder, PastOrder, PaymentMethod, StepContext, StepResult } from './types';

export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 20;
/** What one order may hold: per line, and in money (minor units), so a total always fits the
 * database's 32-bit integers with the largest fee added. */
export const MAX_LINE_QUANTITY = 99;
export const MAX_ORDER_SUBTOTAL = 1_000_000_000;

export function withinOrderLimits(cart: CartLine[]): boolean {
  return cart.every((line) => line.quantity <= MAX_LINE_QUANTITY) && subtotalOf(cart) <= MAX_ORDER_SUBTOTAL;
}

export function toCategories(state: DialogueState, ctx: StepContext, notices: string[] = []): StepResult {
  if (visibleCategories(ctx.menu).length === 0) return toWelcome(state, ctx, [...notices, texts(state.language).menuEmpty]);
  return show({ ...state, step: 'choose_category', categoryId: undefined, pendingItemId: undefined, page: 0 }, ctx, notices);
}

/** With an unfinished cart the customer goes straight back to the menu. */
export function newOrder(state: DialogueState, ctx: StepContext): StepResult {
  if (state.cart.length > 0 && orderContextReady(state, ctx)) return toCategories(state, ctx);
  const fresh = {
    ...state,
    orderType: undefined,
    branchId: undefined,
    location: undefined,
    categoryId: undefined,
    pendingItemId: undefined,
  };
  return show({ ...fresh, step: 'choose_order_type', page: 0 }, ctx);
}

export function chooseDelivery(state: DialogueState, ctx: StepContext): StepResult {
  return show({ ...state, step: 'await_location', orderType: 'delivery', branchId: undefined, location: undefined }, ctx);
}

export function choosePickup(state: DialogueState, ctx: StepContext): StepResult {
  if (activeBranches(ctx.menu).length === 0) return toWelcome(state, ctx, [texts(state.language).noBranches]);
  return show({ ...state, step: 'choose_branch', orderType: 'pickup', branchId: undefined, location: undefined, page: 0 }, ctx);
}

/** A shared location means delivery: the nearest active branch whose radius covers it serves it. */
export function receiveLocation(state: DialogueState, ctx: StepContext, location: Point & { address?: string }): StepResult | undefined {
  if (!['welcome', 'choose_order_type', 'await_location'].includes(state.step)) return undefined;
  const t = texts(state.language);
  const branch = branchForDelivery(ctx.menu.branches, location);
  if (!branch) return toWelcome({ ...state, orderType: undefined, branchId: undefined, location: undefined }, ctx, [t.outsideDeliveryZone]);
  const where =
    location.address !== undefined
      ? { lat: location.lat, lng: location.lng, address: location.address }
      : { lat: location.lat, lng: location.lng };
  const next = { ...state, orderType: 'delivery' as const, branchId: branch.id, location: where };
  return contextChosen(next, ctx, [t.deliveringFrom(localName(branch, state.language))]);
}

export function chooseBranch(state: DialogueState, ctx: StepContext, branchId: string): StepResult | undefined {
  const branch = findActiveBranch(ctx.menu, branchId);
  if (state.orderType !== 'pickup' || !branch) return undefined;
  return contextChosen({ ...state, branchId: branch.id }, ctx, [texts(state.language).pickupFrom(localName(branch, state.language))]);
}

/** Once the order type (and location or branch) is known: the menu, or for a reorder the summary. */
function contextChosen(state: DialogueState, ctx: StepContext, notices: string[]): StepResult {
  if (!state.checkoutNext || state.cart.length === 0) return toCategories({ ...state, checkoutNext: undefined }, ctx, notices);
  return checkout({ ...state, checkoutNext: undefined }, ctx, notices);
}

export function chooseCategory(state: DialogueState, ctx: StepContext, categoryId: string): StepResult | undefined {
  if (!orderContextReady(state, ctx)) return undefined;
  const category = findVisibleCategory(ctx.menu, categoryId);
  if (!category) return show(state, ctx, [texts(state.language).itemUnavailable]);
  return show({ ...state, step: 'choose_item', categoryId: category.id, page: 0 }, ctx);
}

/** Unavailable items are never accepted, whichever way their ID arrives. */
export function chooseItem(state: DialogueState, ctx: StepContext, itemId: string): StepResult | undefined {
  if (!orderContextReady(state, ctx)) return undefined;
  const found = findAvailableItem(ctx.menu, itemId);
  if (!found) return show(state, ctx, [texts(state.language).itemUnavailable]);
  return withPicture(startItem(state, ctx, found.item, found.category), found.item.imageUrl);
}

/** The item card shows the item's picture when the restaurant gave it one (SPEC §6, sent as media). */
function withPicture(result: StepResult, imageUrl: string | null | undefined): StepResult {
  const [card, ...rest] = result.replies;
  if (!card || !imageUrl || !/^https?:\/\//i.test(imageUrl)) return result;
  return { ...result, replies: [{ ...card, mediaUrl: imageUrl }, ...rest] };
}

/** Rows of the list the customer is paging through, or undefined when the step has no list. */
function listLength(state: DialogueState, ctx: StepContext): number | undefined {
  switch (state.step) {
    case 'choose_branch':
      return activeBranches(ctx.menu).length;
    case 'choose_category':
      return visibleCategories(ctx.menu).length;
    case 'choose_item': {
      const category = findVisibleCategory(ctx.menu, state.categoryId);
      return category ? availableItems(category).length : undefined;
    }
    case 'remove_item':
      return state.cart.length;
    default:
      return undefined;
  }
}

export function showMore(state: DialogueState, ctx: StepContext): StepResult | undefined {
  const total = listLength(state, ctx);
  if (total === undefined) return undefined;
  return show({ ...state, page: nextPage(total, state.page) }, ctx);
}

export function chooseQuantity(state: DialogueState, ctx: StepContext, quantity: number): StepResult | undefined {
  if (state.step !== 'choose_quantity' || !state.pendingItemId) return undefined;
  const t = texts(state.language);
  if (!Number.isInteger(quantity) || quantity < MIN_QUANTITY || quantity > MAX_QUANTITY) return show(state, ctx, [t.badQuantity]);
  const found = findAvailableItem(ctx.menu, state.pendingItemId);
  const options = found ? currentOptions(found.item, state.pendingOptions ?? []) : undefined;
  if (!found || !options?.valid || options.dropped.length > 0) {
    return show({ ...state, step: 'choose_item', pendingItemId: undefined, pendingOptions: undefined }, ctx, [t.itemUnavailable]);
  }
  const cart = addToCart(state.cart, found.item, quantity, options.options);
  if (!withinOrderLimits(cart)) return show(state, ctx, [t.cartTooLarge]);
  const added = cart.find((l) => lineKey(l) === lineKey({ menuItemId: found.item.id, options: options.options }))!;
  const notice = t.added(quantity, lineName(added, state.language));
  return show({ ...state, step: 'after_add', cart, pendingItemId: undefined, pendingOptions: undefined }, ctx, [notice]);
}

export function addMore(state: DialogueState, ctx: StepContext): StepResult {
  return orderContextReady(state, ctx) ? toCategories(state, ctx) : newOrder(state, ctx);
}

/** The cart as the menu allows it now, with a notice when the menu changed under it. */
function refreshed(state: DialogueState, ctx: StepContext): { state: DialogueState; notices: string[] } {
  const result = refreshCart(state.cart, ctx.menu);
  if (!result.changed) return { state, notices: [] };
  const names = result.removed.map((l) => localName(l, state.language));
  return { state: { ...state, cart: result.cart }, notices: [texts(state.language).cartUpdated(names)] };
}

function emptyCart(state: DialogueState, ctx: StepContext, notices: string[]): StepResult {
  const all = [...notices, texts(state.language).cartEmpty];
  return orderContextReady(state, ctx) ? toCategories(state, ctx, all) : toWelcome(state, ctx, all);
}

export function viewCart(state: DialogueState, ctx: StepContext, notices: string[] = []): StepResult {
  const current = refreshed(state, ctx);
  const all = [...notices, ...current.notices];
  if (current.state.cart.length === 0) return emptyCart(current.state, ctx, all);
  return show({ ...current.state, step: 'view_cart', page: 0 }, ctx, all);
}

export function startRemoval(state: DialogueState, ctx: StepContext): StepResult {
  if (state.cart.length === 0) return viewCart(state, ctx);
  return show({ ...state, step: 'remove_item', page: 0 }, ctx);
}

/** `remove_<key>`: the key of a line (its item, with its options when it has some). */
export function removeLine(state: DialogueState, ctx: StepContext, key: string): StepResult | undefined {
  const line = state.cart.find((l) => lineKey(l) === key);
  if (!line) return undefined;
  const notice = texts(state.language).removed(lineName(line, state.language));
  return viewCart({ ...state, cart: state.cart.filter((l) => l !== line) }, ctx, [notice]);
}

/** `cancel` abandons the cart being built; with nothing being built it means the last order. */
export function abandonCart(state: DialogueState, ctx: StepContext): StepResult {
  const notices = state.cart.length > 0 ? [texts(state.language).cartCancelled] : [];
  return toWelcome(withoutOrder(state), ctx, notices);
}

export function checkout(state: DialogueState, ctx: StepContext, notices: string[] = []): StepResult {
  if (state.cart.length > 0 && !orderContextReady(state, ctx)) return newOrder(state, ctx);
  const current = refreshed(state, ctx);
  if (current.state.cart.length === 0) return emptyCart(current.state, ctx, current.notices);
  return show({ ...current.state, step: 'checkout', page: 0 }, ctx, [...notices, ...current.notices]);
}

/** Confirms only what the customer just saw: any change in the cart shows the summary again. */
export function pay(state: DialogueState, ctx: StepContext, method: PaymentMethod): StepResult | undefined {
  if (method === 'online' && !ctx.restaurant.paymentLink) return undefined;
  if (state.step !== 'checkout' || state.cart.length === 0 || !orderContextReady(state, ctx)) return checkout(state, ctx);
  const current = refreshed(state, ctx);
  if (current.notices.length > 0) return checkout(state, ctx);
  const orderType = state.orderType ?? 'pickup';
  const totals = orderTotals(state.cart, orderType, ctx.restaurant, findActiveBranch(ctx.menu, state.branchId));
  if (totals.shortfall > 0) return show(state, ctx);
  const order: NewOrder = {
    orderReference: ctx.nextOrderReference,
    orderType,
    paymentMethod: method,
    status: method === 'online' ? 'AWAITING_PAYMENT' : 'CONFIRMED',
    items: state.cart.map((l) => ({
      menuItemId: l.menuItemId,
      name: localName(l, state.language),
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      lineTotal: l.unitPrice * l.quantity,
      ...(l.options && l.options.length > 0 ? { options: l.options } : {}),
    })),
    subtotal: totals.subtotal,
    deliveryFee: totals.deliveryFee,
    total: totals.total,
    currency: ctx.restaurant.currency,
  };
  if (state.branchId) order.branchId = state.branchId;
  if (state.note) order.note = state.note;
  if (orderType === 'delivery' && state.location) order.location = state.location;
  const t = texts(state.language);
  const total = money(totals.total, state, ctx);
  const link = ctx.restaurant.paymentLink ?? '';
  const confirmed = method === 'online' ? t.payOnline(order.orderReference, total, link) : t.orderConfirmed(order.orderReference, total);
  const notice = [confirmed, ...cartLines(state, ctx)].join('\n');
  const lastOrder = { orderReference: order.orderReference, status: order.status, orderType, total: totals.total };
  const placedOrder = placed(order);
  return toWelcome({ ...withoutOrder(state), lastOrder, placedOrder }, ctx, [notice], [{ kind: 'create_order', order }]);
}

/** The order just placed, as a later reorder will need it. */
function placed(order: NewOrder): PastOrder {
  const lines = order.items.map((i) => ({
    menuItemId: i.menuItemId,
    name: i.name,
    quantity: i.quantity,
    options: (i.options ?? []).map(({ id, nameAr, nameEn }) => ({ id, nameAr, nameEn })),
  }));
  return { orderReference: order.orderReference, lines };
}
