// The shape of the catalogue (catalogue.ts): every text the customer reads, by key.
import type { NextOpening, Weekday } from './hours';
import type { OrderStatus } from './types';

/** Fixed option IDs of SPEC §6 whose titles live here (parameterised ones are built in prompts). */
export type OptionKey =
  | 'new_order'
  | 'track_order'
  | 'contact_support'
  | 'cancel_order'
  | 'lang_ar'
  | 'lang_en'
  | 'view_cart'
  | 'order_delivery'
  | 'order_pickup'
  | 'more'
  | 'add_item'
  | 'checkout'
  | 'remove_item'
  | 'cancel'
  | 'pay_online'
  | 'pay_cash'
  | 'add_note'
  | 'skip'
  | 'opt_done'
  | 'reorder';

export interface Texts {
  option: Record<OptionKey, string>;
  payCashAtPickup: string;
  pickupInstead: string;
  status: Record<OrderStatus, string>;
  weekday: Record<Weekday, string>;
  welcome(restaurantName: string): string;
  chooseAction: string;
  closed(next: NextOpening | undefined): string;
  notUnderstood: string;
  help: string;
  mediaNotUnderstood: string;
  /** Sent once per window to a customer over the inbound flood limit (SPEC §7). */
  throttled: string;
  /** The one message after STOP (SPEC §6): says how to come back. */
  optedOut: string;
  /** After START, before the welcome. */
  optedIn: string;
  chooseOrderType: string;
  shareLocation: string;
  outsideDeliveryZone: string;
  deliveringFrom(branch: string): string;
  noBranches: string;
  chooseBranch: string;
  pickupFrom(branch: string): string;
  chooseCategory: string;
  menuEmpty: string;
  chooseItem(category: string): string;
  itemUnavailable: string;
  /** A typed name fits several categories or items. */
  whichOne: string;
  /** An option group asked for an item; `min` 0 may be skipped, `max` > 1 ends with Done. */
  askOption(item: string, group: string, min: number, max: number): string;
  /** The item with the options chosen so far and its unit price with them. */
  optionsSoFar(line: string, unitPrice: string): string;
  /** `skip` on a group that must be chosen from. */
  optionRequired(group: string): string;
  askQuantity(item: string, unitPrice: string): string;
  /** A quantity button's title ("Two", "ثنتين"): the text list then reads "2. Two", not "2. 2". */
  quantity(n: number): string;
  badQuantity: string;
  /** The cart would pass what one order may hold. */
  cartTooLarge: string;
  added(quantity: number, item: string): string;
  afterAdd(itemCount: number, subtotal: string): string;
  cartHeader: string;
  cartLine(quantity: number, name: string, lineTotal: string): string;
  subtotal(amount: string): string;
  deliveryFee(amount: string): string;
  total(amount: string): string;
  cartEmpty: string;
  chooseRemove: string;
  removed(name: string): string;
  cartCancelled: string;
  cartExpired: string;
  cartUpdated(removedNames: string[]): string;
  summaryHeader(orderType: 'delivery' | 'pickup', branch: string): string;
  belowMinimum(minimum: string, missing: string): string;
  choosePayment: string;
  /** The cart was filled from the earlier order `reference` at today's prices. */
  reordered(reference: string): string;
  /** What of the earlier order is no longer available and was left out. */
  reorderLeftOut(names: string[]): string;
  reorderNothing: string;
  askNote: string;
  noteTooLong(max: number): string;
  noteSaved: string;
  noteLine(note: string): string;
  orderConfirmed(reference: string, total: string): string;
  payOnline(reference: string, total: string, link: string): string;
  statusUpdate(reference: string, status: string): string;
  trackStatus(reference: string, status: string): string;
  noOrders: string;
  supportHandoff: string;
  supportContact(contact: string): string;
  orderCancelled(reference: string): string;
  cannotCancel(reference: string, status: string): string;
  noOrderToCancel: string;
  askRating(reference: string): string;
  askComment: string;
  thanksFeedback: string;
}
