// A branch's own delivery fee and minimum order (SPEC §3): they win over the restaurant's for the
// orders the branch delivers, in the summary and in the order; null means the restaurant's.
import { step } from '../../src/dialogue';
import { texts } from '../../src/dialogue/catalogue';
import { orderTotals } from '../../src/dialogue/menu';
import type { DialogueInput, Language, Menu } from '../../src/dialogue';
import { NEAR_MALQA, NEAR_OLAYA, button, converse, ctx, location, menu, onlyReply, restaurant, text } from './fixtures';

const LANGS: Language[] = ['ar', 'en'];
const sar = (lang: Language, amount: string): string => `${amount} ${lang === 'ar' ? 'ر.س' : 'SAR'}`;
/** Malqa delivers for 5 SAR with a 50 SAR minimum; Olaya keeps the restaurant's 10 SAR and 30 SAR. */
const branchMenu: Menu = {
  ...menu,
  branches: menu.branches.map((b) => (b.id === 'malqa' ? { ...b, deliveryFee: 500, minDeliveryOrder: 5000 } : { ...b, deliveryFee: null })),
};
const options = { ctx: { menu: branchMenu } };
const deliveredFrom = (point: { lat: number; lng: number }, quantity: number): DialogueInput[] => [
  text('hi'),
  button('new_order'),
  button('order_delivery'),
  location(point),
  button('cat_grills'),
  button('item_kebab'),
  text(String(quantity)),
  button('checkout'),
];

describe('orderTotals()', () => {
  const cart = [{ menuItemId: 'kebab', nameAr: 'كباب', nameEn: 'Kebab', unitPrice: 2500, quantity: 1 }];
  test.each([
    ['no branch: the restaurant’s', undefined, { deliveryFee: 1000, minimum: 3000, shortfall: 500, total: 3500 }],
    ['a branch with nulls: the restaurant’s', { deliveryFee: null, minDeliveryOrder: null }, { deliveryFee: 1000, minimum: 3000 }],
    ['a branch’s own', { deliveryFee: 500, minDeliveryOrder: 5000 }, { deliveryFee: 500, minimum: 5000, shortfall: 2500, total: 3000 }],
    ['a free delivery branch', { deliveryFee: 0, minDeliveryOrder: 0 }, { deliveryFee: 0, minimum: 0, shortfall: 0, total: 2500 }],
  ])('%s', (_name, branch, expected) => {
    expect(orderTotals(cart, 'delivery', restaurant, branch)).toMatchObject(expected);
  });

  test('pickup pays no fee and has no minimum, whatever the branch', () => {
    expect(orderTotals(cart, 'pickup', restaurant, { deliveryFee: 500, minDeliveryOrder: 5000 })).toMatchObject({
      deliveryFee: 0,
      shortfall: 0,
    });
  });
});

describe.each(LANGS)('delivery from a branch with its own fee and minimum (%s)', (lang) => {
  const t = texts(lang);

  test("below the branch's minimum the summary says what is missing", () => {
    const { last } = converse(deliveredFrom(NEAR_MALQA, 1), { language: lang, ...options });
    const r = onlyReply(last);
    expect(r.body).toContain(t.deliveryFee(sar(lang, '5.00')));
    expect(r.body).toContain(t.belowMinimum(sar(lang, '50.00'), sar(lang, '25.00')));
    expect(r.ids).toEqual(['add_item', 'view_cart']);
  });

  test("the order carries the branch's fee", () => {
    const { state, last } = converse(deliveredFrom(NEAR_MALQA, 2), { language: lang, ...options });
    expect(onlyReply(last).body).toContain(t.total(sar(lang, '55.00')));
    const paid = step(state, button('pay_cash'), ctx(options.ctx));
    expect(paid.effects).toEqual([
      { kind: 'create_order', order: expect.objectContaining({ branchId: 'malqa', subtotal: 5000, deliveryFee: 500, total: 5500 }) },
    ]);
  });

  test("a branch without its own values uses the restaurant's", () => {
    const { last } = converse(deliveredFrom(NEAR_OLAYA, 2), { language: lang, ...options });
    const r = onlyReply(last);
    expect(r.body).toContain(t.deliveryFee(sar(lang, '10.00')));
    expect(r.body).toContain(t.total(sar(lang, '60.00')));
  });
});
