// Reorder (SPEC §6): the customer's latest delivered or picked-up order fills the cart again at
// today's prices; what the menu no longer offers is left out and named. Then the order type (and
// location or branch) is asked, and the customer goes straight to the checkout summary.
import { texts } from './catalogue';
import { currentOptions, droppedName, lineName } from './line';
import { addToCart, findAvailableItem, localName } from './menu';
import { withinOrderLimits } from './ordering';
import { show, toWelcome } from './respond';
import type { CartLine, DialogueState, Menu, OrderStatus, PastOrder, PastOrderLine, StepContext, StepResult } from './types';

const COMPLETED: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['DELIVERED', 'PICKED_UP']);

type Named = { nameAr: string; nameEn: string };

/** The past order's lines as today's menu offers them, and the names of what it does not. */
export function rebuildCart(order: PastOrder, menu: Menu): { cart: CartLine[]; leftOut: Named[] } {
  let cart: CartLine[] = [];
  const leftOut: Named[] = [];
  for (const line of order.lines) {
    const found = line.menuItemId ? findAvailableItem(menu, line.menuItemId) : undefined;
    const options = found ? currentOptions(found.item, line.options) : undefined;
    if (!found || !options?.valid) {
      leftOut.push(nameOf(line, menu));
      continue;
    }
    leftOut.push(...options.dropped.map((o) => droppedName(o, found.item)));
    cart = addToCart(cart, found.item, line.quantity, options.options);
  }
  return { cart, leftOut };
}

/** An item still on the menu is named as the menu names it; one deleted since, as the order did. */
function nameOf(line: PastOrderLine, menu: Menu): Named {
  const item = menu.categories.flatMap((c) => c.items).find((i) => i.id === line.menuItemId);
  const named = item ?? { nameAr: line.name, nameEn: line.name };
  return { nameAr: lineName({ ...named, options: line.options }, 'ar'), nameEn: lineName({ ...named, options: line.options }, 'en') };
}

export function reorder(state: DialogueState, ctx: StepContext): StepResult | undefined {
  if (!state.reorder || state.cart.length > 0) return undefined;
  const t = texts(state.language);
  const { cart, leftOut } = rebuildCart(state.reorder, ctx.menu);
  const names = leftOut.map((n) => localName(n, state.language));
  const notices = names.length > 0 ? [t.reorderLeftOut(names)] : [];
  if (cart.length === 0) return toWelcome(state, ctx, [...notices, t.reorderNothing]);
  if (!withinOrderLimits(cart)) return toWelcome(state, ctx, [t.cartTooLarge]);
  const next: DialogueState = {
    ...state,
    cart,
    step: 'choose_order_type',
    orderType: undefined,
    branchId: undefined,
    location: undefined,
    checkoutNext: true,
    page: 0,
  };
  return show(next, ctx, [t.reordered(state.reorder.orderReference), ...notices]);
}

/** A status the restaurant pushed: the order placed in this run, once completed, may be repeated. */
export function followCompletion(state: DialogueState, orderReference: string, status: OrderStatus): DialogueState {
  const placed = state.placedOrder;
  if (!COMPLETED.has(status) || placed?.orderReference !== orderReference) return state;
  return { ...state, reorder: placed };
}
