// Reorder (SPEC §6): offered on the welcome only when the customer has a delivered or picked-up
// order here; the cart is filled from it at today's prices, what is no longer available is named
// and left out, then the order type (and branch or location) and straight to the summary.
import { initialState, step } from '../../src/dialogue';
import { texts } from '../../src/dialogue/catalogue';
import type { DialogueInput, DialogueState, Language, Menu, PastOrder } from '../../src/dialogue';
import { NEAR_OLAYA, ORDER_REF, TO_PICKUP_MENU, button, converse, ctx, location, onlyReply, optionsMenu, text } from './fixtures';

const LANGS: Language[] = ['ar', 'en'];
const sar = (lang: Language, amount: string) => (lang === 'ar' ? `${amount} ر.س` : `${amount} SAR`);
const PAST: PastOrder = {
  orderReference: 'ORD-PAST1',
  lines: [
    { menuItemId: 'kebab', name: 'Kebab', quantity: 2, options: [] },
    { menuItemId: 'mixed', name: 'Mixed Grill', quantity: 1, options: [] },
    { menuItemId: null, name: 'Old Dish', quantity: 1, options: [] },
    {
      menuItemId: 'burger',
      name: 'Beef Burger',
      quantity: 1,
      options: [
        { id: 'large', nameEn: 'Large', nameAr: 'كبير' },
        { id: 'jalapeno', nameEn: 'Jalapeno', nameAr: 'هالبينو' },
      ],
    },
  ],
};
/** Today: kebab costs 27.00 (it was 25.00), the mixed grill and jalapeños are sold out. */
const today: Menu = structuredClone(optionsMenu);
today.categories[0]!.items[1]!.price = 2700;
const withPast = (lang: Language): DialogueState => ({ ...initialState(lang), reorder: PAST });
const run = (inputs: DialogueInput[], lang: Language, start = withPast(lang)) =>
  converse(inputs, { language: lang, start, ctx: { menu: today } });

describe.each(LANGS)('reorder (%s)', (lang) => {
  const t = texts(lang);
  const name = (en: string, ar: string) => (lang === 'ar' ? ar : en);

  test('the welcome offers it with a completed earlier order', () => {
    expect(onlyReply(run([text('hi')], lang).last).ids).toContain('reorder');
  });

  test('not without one: a fresh customer, or an order still on its way', () => {
    expect(onlyReply(run([text('hi')], lang, initialState(lang)).last).ids).not.toContain('reorder');
    const onItsWay: DialogueState = {
      ...initialState(lang),
      lastOrder: { orderReference: ORDER_REF, status: 'OUT_FOR_DELIVERY', orderType: 'pickup', total: 5000 },
    };
    expect(onlyReply(run([text('hi')], lang, onItsWay).last).ids).not.toContain('reorder');
  });

  test('an order placed in this conversation is offered once it is delivered', () => {
    const placed = converse(
      [text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab'), button('qty_1'), button('checkout'), button('pay_cash')],
      {
        language: lang,
      },
    );
    expect(onlyReply(placed.last).ids).not.toContain('reorder');
    const delivered = step(placed.state, { kind: 'order_status', orderReference: ORDER_REF, status: 'DELIVERED' }, ctx());
    const back = step(delivered.state, button('skip'), ctx());
    expect(onlyReply(back).ids).toContain('reorder');
    expect(back.state.reorder).toEqual({
      orderReference: ORDER_REF,
      lines: [{ menuItemId: 'kebab', name: name('Kebab', 'كباب'), quantity: 1, options: [] }],
    });
  });

  test.each([
    ['the button', button('reorder')],
    ['a keyword', text(name('repeat my order', 'كرر طلبي'))],
  ])("%s fills the cart at today's prices, names what is left out, and asks the order type", (_how, input) => {
    const { last, state } = run([text('hi'), input], lang);
    const r = onlyReply(last);
    expect(r.body).toContain(t.reordered('ORD-PAST1'));
    const leftOut = [name('Mixed Grill', 'مشاوي مشكلة'), 'Old Dish', name('Jalapeno (Beef Burger)', 'هالبينو (برجر لحم)')];
    expect(r.body).toContain(t.reorderLeftOut(leftOut));
    expect(r.ids).toEqual(['order_delivery', 'order_pickup']);
    expect(state.cart.map((l) => [l.menuItemId, l.quantity, l.unitPrice, l.options?.map((o) => o.id)])).toEqual([
      ['kebab', 2, 2700, undefined],
      ['burger', 1, 2500, ['large']],
    ]);
  });

  test('pickup: the branch, then straight to the summary', () => {
    const { last, state } = run([text('hi'), button('reorder'), button('order_pickup'), button('branch_olaya')], lang);
    expect(state.step).toBe('checkout');
    const body = onlyReply(last).body;
    expect(body).toContain(t.cartLine(2, name('Kebab', 'كباب'), sar(lang, '54.00')));
    expect(body).toContain(t.cartLine(1, name('Beef Burger (Large)', 'برجر لحم (كبير)'), sar(lang, '25.00')));
    expect(body).toContain(t.total(sar(lang, '79.00')));
  });

  test('delivery: the location, then straight to the summary', () => {
    const { state } = run([text('hi'), button('reorder'), button('order_delivery'), location(NEAR_OLAYA)], lang);
    expect(state).toMatchObject({ step: 'checkout', orderType: 'delivery', branchId: 'olaya' });
  });

  test('nothing of it available: said so, back at the welcome with an empty cart', () => {
    const gone: PastOrder = {
      orderReference: 'ORD-PAST2',
      lines: [{ menuItemId: 'mixed', name: 'Mixed Grill', quantity: 1, options: [] }],
    };
    const { last, state } = run([text('hi'), button('reorder')], lang, { ...initialState(lang), reorder: gone });
    expect(onlyReply(last).body).toContain(t.reorderNothing);
    expect(state).toMatchObject({ step: 'welcome', cart: [] });
  });
});
