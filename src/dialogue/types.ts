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

export interface CartLine {
  menuItemId: string;
  nameAr: string;
  nameEn: string;
  unitPrice: number;
  quantity: number;
}

export type DialogueStep =
  | 'welcome'
  | 'choose_order_type'
  | 'await_location'
  | 'choose_branch'
  | 'choose_category'
  | 'choose_item'
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
  /** Item picked, waiting for its quantity. */
  pendingItemId?: string;
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

/** One outbound message. Options render as buttons/lists or as numbered text lines. */
export interface Reply {
  body: string;
  options?: ReplyOption[];
  mediaUrl?: string;
  /** The opt-out confirmation: the one message that still goes to a customer who just opted out. */
  optOutConfirmation?: boolean;
}

export interface NewOrder {
  orderReference: string;
  orderType: OrderType;
  branchId?: string;
  location?: { lat: number; lng: number; address?: string };
  paymentMethod: PaymentMethod;
  status: 'AWAITING_PAYMENT' | 'CONFIRMED';
  items: { menuItemId: string; name: string; quantity: number; unitPrice: number; lineTotal: number }[];
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
