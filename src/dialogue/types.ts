// The dialogue's data: what the pure reducer `step()` reads and returns.
// Nothing here knows Twilio, Prisma or Temporal; every value is plain JSON so it can
// travel through workflow state and continue-as-new.

export type Language = 'ar' | 'en';

export type OrderStatus =
  'AWAITING_PAYMENT' | 'CONFIRMED' | 'PREPARING' | 'OUT_FOR_DELIVERY' | 'READY_FOR_PICKUP' | 'DELIVERED' | 'PICKED_UP' | 'CANCELLED';

export type OrderType = 'delivery' | 'pickup';
export type PaymentMethod = 'online' | 'cash';

export interface MenuBranch {
  id: string;
  nameAr: string;
  nameEn: string;
  address: string;
  lat: number;
  lng: number;
  deliveryRadiusKm: number;
  /** Overrides the restaurant's fee and minimum for orders this branch delivers (null: the restaurant's). */
  deliveryFee?: number | null;
  minDeliveryOrder?: number | null;
  isActive: boolean;
}

export interface MenuOption {
  id: string;
  nameAr: string;
  nameEn: string;
  /** What the option adds to the item's price, minor units (may be 0). */
  price: number;
  isAvailable: boolean;
}

/** Asked in turn after the item is chosen (SPEC §6 "Item options"). */
export interface MenuOptionGroup {
  id: string;
  nameAr: string;
  nameEn: string;
  /** 0: the group may be skipped. */
  minSelect: number;
  /** 1: one choice ends the group; more: the customer ends it with `opt_done`. */
  maxSelect: number;
  options: MenuOption[];
}

export interface MenuItem {
  id: string;
  nameAr: string;
  nameEn: string;
  descriptionAr?: string | null;
  descriptionEn?: string | null;
  /** Minor units of the restaurant's currency. */
  price: number;
  imageUrl?: string | null;
  isAvailable: boolean;
  /** Absent on menus loaded before options existed: none. */
  optionGroups?: MenuOptionGroup[];
}

export interface MenuCategory {
  id: string;
  nameAr: string;
  nameEn: string;
  items: MenuItem[];
}

/** The restaurant's menu, in display order. `version` changes whenever the menu does. */
export interface Menu {
  version: number;
  branches: MenuBranch[];
  categories: MenuCategory[];
}

/** Opening hours per weekday (`sun`…`sat`), each a list of ["HH:MM","HH:MM"] ranges in the
 * restaurant's time zone; a range may end past midnight ("18:00","02:00"). Missing → always open. */
export type OpeningHours = Partial<Record<'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat', [string, string][]>>;

export interface RestaurantProfile {
  id: string;
  restaurantName: string;
  locale: Language;
  currency: string;
  minDeliveryOrder: number;
  deliveryFee: number;
  timeZone: string;
  openingHours?: OpeningHours | null;
  supportContact?: string | null;
  paymentLink?: string | null;
}

/** An option chosen for a cart line, with its price as it was when it was chosen. */
export interface ChosenOption {
  id: string;
  groupId: string;
  nameAr: string;
  nameEn: string;
  price: number;
}

export interface CartLine {
  menuItemId: string;
  nameAr: string;
  nameEn: string;
  /** The item's price plus its options'. */
  unitPrice: number;
  quantity: number;
  /** In the order of the item's groups; absent or empty: none. Lines differ by their options. */
  options?: ChosenOption[];
}

/** A line of an earlier order, as reorder needs it (SPEC §6 "Reorder"). */
export interface PastOrderLine {
  /** Null when the item has since been deleted from the menu. */
  menuItemId: string | null;
  /** The name stored on the order (the customer's language then). */
  name: string;
  quantity: number;
  options: { id: string; nameAr: string; nameEn: string }[];
}

/** An order the customer may repeat: their latest delivered or picked-up one here. */
export interface PastOrder {
  orderReference: string;
  lines: PastOrderLine[];
}

export type DialogueStep =
  | 'welcome'
  | 'choose_order_type'
  | 'await_location'
  | 'choose_branch'
  | 'choose_category'
  | 'choose_item'
  | 'choose_option'
  | 'choose_quantity'
  | 'after_add'
  | 'view_cart'
  | 'remove_item'
  | 'checkout'
  | 'await_note'
  | 'await_rating'
  | 'await_comment';

/** The customer's most recent order, as far as the conversation knows it. */
export interface OrderSummary {
  orderReference: string;
  status: OrderStatus;
  orderType: OrderType;
  total: number;
}

export interface DialogueState {
  step: DialogueStep;
  language: Language;
  cart: CartLine[];
  orderType?: OrderType;
  branchId?: string;
  location?: { lat: number; lng: number; address?: string };
  /** Category being browsed and the page of its list (lists hold at most 10 rows). */
  categoryId?: string;
  page: number;
  /** The customer's note for the restaurant ("no onions"), up to 500 characters. */
  note?: string;
  /** Item picked, waiting for its options and quantity. */
  pendingItemId?: string;
  /** Options chosen so far for the pending item. */
  pendingOptions?: ChosenOption[];
  /** Index in the pending item's optionGroups of the group being asked (choose_option). */
  optionGroup?: number;
  /** "2 shawarma" for an item with options: the quantity typed with its name, used once the options are chosen. */
  typedQuantity?: number;
  /** The latest order this customer may repeat (`reorder` on the welcome). */
  reorder?: PastOrder;
  /** The order placed in this run, with its lines: it becomes `reorder` once delivered or picked up. */
  placedOrder?: PastOrder;
  /** A reordered cart: once the order type (and location or branch) is known, straight to checkout. */
  checkoutNext?: boolean;
  /** The customer's language as remembered for them here (Conversation.locale), if known. */
  rememberedLanguage?: Language;
  /** A fresh conversation with no remembered language: the first message may choose it (SPEC §6). */
  detectLanguage?: boolean;
  /** Menu options a typed name could mean (`cat_…`/`item_…`), shown until the customer picks. */
  candidates?: string[];
  /** Option IDs of the last reply, in order, so a typed "2" means the second one. */
  offered: string[];
  lastOrder?: OrderSummary;
  /** Order the customer was asked to rate (await_rating) or comment on (await_comment). */
  ratingOrderReference?: string;
  /** Step to return to once the rating/comment is done, when a delivery interrupted an order. */
  resumeStep?: DialogueStep;
  /** The customer opted out here (STOP, or Twilio's 21610): no answer until START (SPEC §6). */
  optedOut?: boolean;
}

/** One customer message, already parsed from Twilio's webhook. */
export type CustomerInput =
  | { kind: 'text'; text: string }
  /** ButtonPayload or ListId; `text` is the button's visible title if Twilio sent one. */
  | { kind: 'button'; id: string; text?: string }
  | { kind: 'location'; lat: number; lng: number; address?: string }
  | { kind: 'media'; mediaType: string };

/** Events from outside the customer's chat that the dialogue reacts to. */
export type SystemInput =
  | { kind: 'order_status'; orderReference: string; status: OrderStatus }
  /** The customer's cancel came too late: the restaurant had moved the order on to `status`. */
  | { kind: 'cancel_refused'; orderReference: string; status: OrderStatus }
  | { kind: 'cart_expired' };

export type DialogueInput = CustomerInput | SystemInput;

/** What the workflow hands `step()` besides state and input: facts it got deterministically. */
export interface StepContext {
  menu: Menu;
  restaurant: RestaurantProfile;
  /** Workflow time (ms since epoch): used for opening hours. */
  now: number;
  /** A fresh, unused order reference (e.g. `ORD-7K3F2`) in case this step confirms an order. */
  nextOrderReference: string;
  /** False in workflow runs recorded before opt-out existed, which read its words as any text. */
  optOutWords?: boolean;
}

export interface ReplyOption {
  /** A button payload ID of SPEC §6 (`new_order`, `cat_<id>`, `qty_2`, …). */
  id: string;
  title: string;
  description?: string;
}

/** What a reply is about when it may reach the customer after their 24-hour window has closed: sent
 * then as the approved template of that kind (SPEC §7). */
export interface ReplyNotice {
  kind: 'order_status' | 'rating_request';
  orderReference: string;
  status: OrderStatus;
}

/** One outbound message. Options render as buttons/lists or as numbered text lines. */
export interface Reply {
  body: string;
  options?: ReplyOption[];
  mediaUrl?: string;
  notice?: ReplyNotice;
  /** The opt-out confirmation: the one message that still goes to a customer who just opted out. */
  optOutConfirmation?: boolean;
}

export interface NewOrderItem {
  menuItemId: string;
  name: string;
  quantity: number;
  /** Includes the options' prices. */
  unitPrice: number;
  lineTotal: number;
  /** The chosen options, names and prices as they are now (absent in orders from before options). */
  options?: ChosenOption[];
}

export interface NewOrder {
  orderReference: string;
  orderType: OrderType;
  branchId?: string;
  location?: { lat: number; lng: number; address?: string };
  paymentMethod: PaymentMethod;
  status: 'AWAITING_PAYMENT' | 'CONFIRMED';
  items: NewOrderItem[];
  subtotal: number;
  deliveryFee: number;
  total: number;
  currency: string;
  /** The customer's note for the restaurant. */
  note?: string;
}

/** Side effects the workflow carries out through activities, in order. */
export type Effect =
  | { kind: 'create_order'; order: NewOrder }
  | { kind: 'cancel_order'; orderReference: string }
  | { kind: 'rate_order'; orderReference: string; rating: number }
  | { kind: 'comment_order'; orderReference: string; comment: string }
  /** The customer chose a language (or wrote their first message in one): remember it for them. */
  | { kind: 'remember_language'; language: Language }
  /** Customer asked for a human: bot off, conversation flagged NEEDS_AGENT. */
  | { kind: 'handoff' }
  /** STOP: nothing more is sent to them here (Conversation.optedOut), START: back in. */
  | { kind: 'opt_out' }
  | { kind: 'opt_in' };

export interface StepResult {
  state: DialogueState;
  replies: Reply[];
  effects: Effect[];
}
