// Reading the menu and the cart: what may be offered, list paging, totals.
import { currentOptions, droppedName, lineKey, optionsPrice } from './line';
import type { CartLine, ChosenOption, Language, Menu, MenuBranch, MenuCategory, MenuItem } from './types';

/** WhatsApp list pickers hold at most 10 rows; a paged list spends one on `more`. */
export const MAX_ROWS = 10;
const ROWS_BEFORE_MORE = MAX_ROWS - 1;

export interface Page<T> {
  rows: T[];
  page: number;
  hasMore: boolean;
}

/** Pages hold 9 rows plus `more`, except the last, which may hold 10. */
export function pageCount(total: number): number {
  return total <= MAX_ROWS ? 1 : 1 + Math.ceil((total - MAX_ROWS) / ROWS_BEFORE_MORE);
}

export function pageOf<T>(rows: T[], page: number): Page<T> {
  const pages = pageCount(rows.length);
  const current = page >= 0 && page < pages ? page : 0;
  const start = current * ROWS_BEFORE_MORE;
  const last = current === pages - 1;
  return { rows: rows.slice(start, last ? rows.length : start + ROWS_BEFORE_MORE), page: current, hasMore: !last };
}

/** The page after `page`, wrapping to the first after the last. */
export function nextPage(total: number, page: number): number {
  return page + 1 < pageCount(total) ? page + 1 : 0;
}

export function localName(named: { nameAr: string; nameEn: string }, language: Language): string {
  return language === 'ar' ? named.nameAr : named.nameEn;
}

export function activeBranches(menu: Menu): MenuBranch[] {
  return menu.branches.filter((b) => b.isActive);
}

export function findActiveBranch(menu: Menu, branchId: string | undefined): MenuBranch | undefined {
  return activeBranches(menu).find((b) => b.id === branchId);
}

export function availableItems(category: MenuCategory): MenuItem[] {
  return category.items.filter((i) => i.isAvailable);
}

/** Categories worth offering: those with at least one available item. */
export function visibleCategories(menu: Menu): MenuCategory[] {
  return menu.categories.filter((c) => availableItems(c).length > 0);
}

export function findVisibleCategory(menu: Menu, categoryId: string | undefined): MenuCategory | undefined {
  return visibleCategories(menu).find((c) => c.id === categoryId);
}

/** An item that may be ordered now, with its category; unavailable items are never found. */
export function findAvailableItem(menu: Menu, itemId: string | undefined): { item: MenuItem; category: MenuCategory } | undefined {
  for (const category of menu.categories) {
    const item = category.items.find((i) => i.id === itemId && i.isAvailable);
    if (item) return { item, category };
  }
  return undefined;
}

/** The same item with the same options adds to its line; different options make another line. */
export function addToCart(cart: CartLine[], item: MenuItem, quantity: number, options: ChosenOption[] = []): CartLine[] {
  const line: CartLine = {
    menuItemId: item.id,
    nameAr: item.nameAr,
    nameEn: item.nameEn,
    unitPrice: item.price + optionsPrice(options),
    quantity,
  };
  if (options.length > 0) line.options = options;
  const key = lineKey(line);
  const existing = cart.find((l) => lineKey(l) === key);
  if (existing) return cart.map((l) => (l === existing ? { ...l, quantity: l.quantity + quantity, unitPrice: line.unitPrice } : l));
  return [...cart, line];
}

export function itemCount(cart: CartLine[]): number {
  return cart.reduce((sum, line) => sum + line.quantity, 0);
}

export function subtotalOf(cart: CartLine[]): number {
  return cart.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
}

export interface RefreshedCart {
  cart: CartLine[];
  /** Lines left out, and options taken off lines that stay. */
  removed: { nameAr: string; nameEn: string }[];
  changed: boolean;
}

/** Brings the cart in line with the current menu: sold-out items and options leave, prices and
 * names follow; a line whose required choice is gone leaves with it. */
export function refreshCart(cart: CartLine[], menu: Menu): RefreshedCart {
  const kept: CartLine[] = [];
  const removed: RefreshedCart['removed'] = [];
  let changed = false;
  for (const line of cart) {
    const found = findAvailableItem(menu, line.menuItemId);
    const current = found ? currentOptions(found.item, line.options ?? []) : undefined;
    if (!found || !current?.valid) {
      removed.push(line);
      changed = true;
      continue;
    }
    const { item } = found;
    removed.push(...current.dropped.map((o) => droppedName(o, item)));
    const unitPrice = item.price + optionsPrice(current.options);
    if (unitPrice !== line.unitPrice || current.dropped.length > 0) changed = true;
    const next: CartLine = { ...line, unitPrice, nameAr: item.nameAr, nameEn: item.nameEn };
    if (current.options.length > 0) next.options = current.options;
    else delete next.options;
    kept.push(next);
  }
  return { cart: mergeLines(kept), removed, changed };
}

/** Lines that became the same (an option left) are one line again. */
function mergeLines(cart: CartLine[]): CartLine[] {
  const merged: CartLine[] = [];
  for (const line of cart) {
    const same = merged.find((l) => lineKey(l) === lineKey(line));
    if (same) same.quantity += line.quantity;
    else merged.push({ ...line });
  }
  return merged;
}

export interface OrderTotals {
  subtotal: number;
  deliveryFee: number;
  total: number;
  /** The minimum delivery order that applies (the branch's, else the restaurant's). */
  minimum: number;
  /** How much more the cart needs to reach the minimum delivery order; 0 when it does. */
  shortfall: number;
}

/** A branch's own fee and minimum win over the restaurant's (SPEC §3). */
export function orderTotals(
  cart: CartLine[],
  orderType: 'delivery' | 'pickup' | undefined,
  restaurant: { deliveryFee: number; minDeliveryOrder: number },
  branch?: Pick<MenuBranch, 'deliveryFee' | 'minDeliveryOrder'>,
): OrderTotals {
  const subtotal = subtotalOf(cart);
  const delivery = orderType === 'delivery';
  const minimum = branch?.minDeliveryOrder ?? restaurant.minDeliveryOrder;
  const deliveryFee = delivery ? (branch?.deliveryFee ?? restaurant.deliveryFee) : 0;
  const shortfall = delivery ? Math.max(0, minimum - subtotal) : 0;
  return { subtotal, deliveryFee, total: subtotal + deliveryFee, minimum, shortfall };
}
