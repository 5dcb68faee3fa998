// A small restaurant for the dialogue tests: two active branches and one closed, a menu with a
// sold-out item, a 25-item category (paging) and a category whose items are all sold out.
import { initialState, step } from '../../src/dialogue';
import type {
  DialogueInput,
  DialogueState,
  Language,
  Menu,
  MenuItem,
  OpeningHours,
  RestaurantProfile,
  StepContext,
  StepResult,
} from '../../src/dialogue';

/** Wednesday 15 January 2025, 12:00 in Riyadh (UTC+3): open. */
export const WED_NOON_RIYADH = Date.UTC(2025, 0, 15, 9, 0);
export const ORDER_REF = 'ORD-TEST1';
export const PAYMENT_LINK = 'https://pay.example/sufrah';
export const SUPPORT = '+966500000000';

export const OPENING_HOURS: OpeningHours = {
  sun: [['10:00', '23:00']],
  mon: [['10:00', '23:00']],
  tue: [['10:00', '23:00']],
  wed: [['10:00', '23:00']],
  thu: [['10:00', '23:00']],
  fri: [['13:00', '01:00']],
  sat: [['10:00', '23:00']],
};

export const restaurant: RestaurantProfile = {
  id: 'rest-1',
  restaurantName: 'Sufrah Grill',
  locale: 'ar',
  currency: 'SAR',
  minDeliveryOrder: 3000,
  deliveryFee: 1000,
  timeZone: 'Asia/Riyadh',
  openingHours: OPENING_HOURS,
  supportContact: SUPPORT,
  paymentLink: PAYMENT_LINK,
};

const item = (id: string, nameEn: string, nameAr: string, price: number, isAvailable = true): MenuItem => ({
  id,
  nameEn,
  nameAr,
  price,
  isAvailable,
});

export const bigItems: MenuItem[] = Array.from({ length: 25 }, (_, i) =>
  item(`dish${i + 1}`, `Dish ${i + 1}`, `طبق ${i + 1}`, 1000 + i + 1),
);

export const menu: Menu = {
  version: 1,
  branches: [
    { id: 'olaya', nameEn: 'Olaya', nameAr: 'العليا', address: 'Olaya St', lat: 24.69, lng: 46.685, deliveryRadiusKm: 5, isActive: true },
    { id: 'malqa', nameEn: 'Malqa', nameAr: 'الملقا', address: 'Malqa Rd', lat: 24.8, lng: 46.62, deliveryRadiusKm: 15, isActive: true },
    { id: 'old', nameEn: 'Old Town', nameAr: 'البلد', address: 'Old Rd', lat: 24.7, lng: 46.7, deliveryRadiusKm: 50, isActive: false },
  ],
  categories: [
    {
      id: 'grills',
      nameEn: 'Grills',
      nameAr: 'مشويات',
      items: [
        item('shawarma', 'Shawarma', 'شاورما', 1500),
        item('kebab', 'Kebab', 'كباب', 2500),
        item('mixed', 'Mixed Grill', 'مشاوي مشكلة', 4500, false),
      ],
    },
    { id: 'drinks', nameEn: 'Drinks', nameAr: 'مشروبات', items: [item('laban', 'Laban', 'لبن', 300), item('juice', 'Juice', 'عصير', 700)] },
    { id: 'big', nameEn: 'Big Menu', nameAr: 'قائمة كبيرة', items: bigItems },
    { id: 'desserts', nameEn: 'Desserts', nameAr: 'حلويات', items: [item('kunafa', 'Kunafa', 'كنافة', 1800, false)] },
  ],
};

/** Points: near Olaya (inside both Olaya's and Malqa's radius, Olaya nearer), near Malqa only,
 * far away (Jeddah), and inside only the inactive branch's radius. */
export const NEAR_OLAYA = { lat: 24.7, lng: 46.69 };
export const NEAR_MALQA = { lat: 24.79, lng: 46.63 };
export const JEDDAH = { lat: 21.5, lng: 39.2 };
export const ONLY_INACTIVE = { lat: 24.5, lng: 46.9 };

export interface CtxOverrides {
  now?: number;
  restaurant?: Partial<RestaurantProfile>;
  menu?: Menu;
  nextOrderReference?: string;
}

export function ctx(overrides: CtxOverrides = {}): StepContext {
  return {
    menu: overrides.menu ?? menu,
    restaurant: { ...restaurant, ...overrides.restaurant },
    now: overrides.now ?? WED_NOON_RIYADH,
    nextOrderReference: overrides.nextOrderReference ?? ORDER_REF,
  };
}

export const text = (t: string): DialogueInput => ({ kind: 'text', text: t });
export const button = (id: string): DialogueInput => ({ kind: 'button', id });
export const location = (p: { lat: number; lng: number }, address?: string): DialogueInput =>
  address === undefined ? { kind: 'location', lat: p.lat, lng: p.lng } : { kind: 'location', lat: p.lat, lng: p.lng, address };

export interface Conversation {
  state: DialogueState;
  results: StepResult[];
  last: StepResult;
}

/** Feeds inputs one by one, as the workflow would, from `start` (a fresh chat by default). */
export function converse(
  inputs: DialogueInput[],
  options: { language?: Language; start?: DialogueState; ctx?: CtxOverrides } = {},
): Conversation {
  let state = options.start ?? initialState(options.language ?? 'en');
  const results: StepResult[] = [];
  for (const input of inputs) {
    const result = step(state, input, ctx(options.ctx));
    results.push(result);
    state = result.state;
  }
  const last = results[results.length - 1];
  if (!last) throw new Error('converse needs at least one input');
  return { state, results, last };
}

/** Inputs that bring a new chat to the category list, by pickup at Olaya. */
export const TO_PICKUP_MENU: DialogueInput[] = [button('new_order'), button('order_pickup'), button('branch_olaya')];
/** Inputs that bring a new chat to the category list, by delivery near Olaya. */
export const TO_DELIVERY_MENU: DialogueInput[] = [button('new_order'), button('order_delivery'), location(NEAR_OLAYA)];

export function reply(result: StepResult, index = 0): { body: string; ids: string[] } {
  const r = result.replies[index];
  if (!r) throw new Error(`no reply #${index}`);
  return { body: r.body, ids: (r.options ?? []).map((o) => o.id) };
}

export function onlyReply(result: StepResult): { body: string; ids: string[] } {
  expect(result.replies).toHaveLength(1);
  return reply(result);
}

/** The menu with a burger whose options are asked in turn: a required size, up to three extras
 * (one sold out), an optional sauce. */
export const optionsMenu: Menu = {
  ...menu,
  categories: [
    ...menu.categories,
    {
      id: 'burgers',
      nameEn: 'Burgers',
      nameAr: 'برجر',
      items: [
        {
          ...item('burger', 'Beef Burger', 'برجر لحم', 2000),
          optionGroups: [
            {
              id: 'size',
              nameEn: 'Size',
              nameAr: 'الحجم',
              minSelect: 1,
              maxSelect: 1,
              options: [
                { id: 'regular', nameEn: 'Regular', nameAr: 'عادي', price: 0, isAvailable: true },
                { id: 'large', nameEn: 'Large', nameAr: 'كبير', price: 500, isAvailable: true },
              ],
            },
            {
              id: 'extras',
              nameEn: 'Extras',
              nameAr: 'الإضافات',
              minSelect: 0,
              maxSelect: 3,
              options: [
                { id: 'cheese', nameEn: 'Cheese', nameAr: 'جبنة', price: 300, isAvailable: true },
                { id: 'onions', nameEn: 'Onions', nameAr: 'بصل', price: 0, isAvailable: true },
                { id: 'jalapeno', nameEn: 'Jalapeno', nameAr: 'هالبينو', price: 200, isAvailable: false },
                { id: 'egg', nameEn: 'Egg', nameAr: 'بيض', price: 400, isAvailable: true },
              ],
            },
            {
              id: 'sauce',
              nameEn: 'Sauce',
              nameAr: 'الصوص',
              minSelect: 0,
              maxSelect: 1,
              options: [{ id: 'garlic', nameEn: 'Garlic sauce', nameAr: 'صوص ثوم', price: 0, isAvailable: true }],
            },
          ],
        },
      ],
    },
  ],
};
