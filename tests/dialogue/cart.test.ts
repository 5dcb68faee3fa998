// After adding: the cart, removing lines, abandoning, checkout totals, minimum order, payment.
import { step } from '../../src/dialogue';
import { texts } from '../../src/dialogue/catalogue';
import type { DialogueInput, Effect, Language, NewOrder } from '../../src/dialogue';
import {
  NEAR_OLAYA,
  ORDER_REF,
  PAYMENT_LINK,
  TO_DELIVERY_MENU,
  TO_PICKUP_MENU,
  button,
  converse,
  ctx,
  menu,
  onlyReply,
  text,
} from './fixtures';

const LANGS: Language[] = ['ar', 'en'];
const sar = (lang: Language, amount: string): string => `${amount} ${lang === 'ar' ? 'ر.س' : 'SAR'}`;
const add = (itemId: string, categoryId: string, quantity: number): DialogueInput[] => [
  button('add_item'),
  button(`cat_${categoryId}`),
  button(`item_${itemId}`),
  button(`qty_${quantity}`),
];
/** Pickup at Olaya with 2 kebab (50.00) and 3 laban (9.00). */
const PICKUP_CART: DialogueInput[] = [
  text('hi'),
  ...TO_PICKUP_MENU,
  button('cat_grills'),
  button('item_kebab'),
  button('qty_2'),
  ...add('laban', 'drinks', 3),
];

function createdOrder(effects: Effect[]): NewOrder {
  const effect = effects.find((e) => e.kind === 'create_order');
  if (effect?.kind !== 'create_order') throw new Error('no create_order effect');
  return effect.order;
}

describe.each(LANGS)('cart (%s)', (lang) => {
  const t = texts(lang);
  const kebab = lang === 'ar' ? 'كباب' : 'Kebab';
  const laban = lang === 'ar' ? 'لبن' : 'Laban';

  test.each([
    ['button', button('view_cart')],
    ['number', text('2')],
    ['English keyword', text('show my cart')],
    ['Arabic keyword', text('السلة')],
  ])('view_cart by %s lists lines and subtotal', (_how, input) => {
    const { last, state } = converse([...PICKUP_CART, input], { language: lang });
    const r = onlyReply(last);
    expect(r.body).toContain(t.cartLine(2, kebab, sar(lang, '50.00')));
    expect(r.body).toContain(t.cartLine(3, laban, sar(lang, '9.00')));
    expect(r.body).toContain(t.subtotal(sar(lang, '59.00')));
    expect(r.ids).toEqual(['checkout', 'add_item', 'remove_item', 'cancel']);
    expect(state.step).toBe('view_cart');
  });

  test('the cart keyword works in the middle of browsing', () => {
    const { state } = converse([...PICKUP_CART, button('add_item'), button('cat_big'), text(lang === 'ar' ? 'سلتي' : 'cart')], {
      language: lang,
    });
    expect(state.step).toBe('view_cart');
  });

  test('after_add: wrong input → help with add_item, view_cart, checkout', () => {
    const { last } = converse([...PICKUP_CART, text('4')], { language: lang });
    const r = onlyReply(last);
    expect(r.body).toContain(t.notUnderstood);
    expect(r.ids).toEqual(['add_item', 'view_cart', 'checkout']);
  });

  test('add_item goes back to the categories, keeping the cart', () => {
    const { state } = converse([...PICKUP_CART, text('1')], { language: lang });
    expect(state.step).toBe('choose_category');
    expect(state.cart).toHaveLength(2);
  });

  test.each([
    ['button', button('remove_kebab')],
    ['number', text('1')],
  ])('remove_item lists cart lines; removing by %s shows the rest of the cart', (_how, input) => {
    const listed = converse([...PICKUP_CART, button('view_cart'), button('remove_item')], { language: lang });
    expect(onlyReply(listed.last).ids).toEqual(['remove_kebab', 'remove_laban']);
    expect(listed.last.replies[0]!.options![0]!.title).toBe(`2 × ${kebab}`);
    const after = step(listed.state, input, ctx());
    const r = onlyReply(after);
    expect(r.body).toContain(t.removed(kebab));
    expect(r.body).not.toContain(t.cartLine(2, kebab, sar(lang, '50.00')));
    expect(r.ids).toEqual(['checkout', 'add_item', 'remove_item', 'cancel']);
    expect(after.state.cart.map((l) => l.menuItemId)).toEqual(['laban']);
  });

  test('remove_item: wrong input → help with the same lines', () => {
    const { last, state } = converse([...PICKUP_CART, button('view_cart'), button('remove_item'), text('9')], { language: lang });
    expect(onlyReply(last).ids).toEqual(['remove_kebab', 'remove_laban']);
    expect(state.cart).toHaveLength(2);
  });

  test('removing the last line says the cart is empty and goes back to the menu', () => {
    const { last, state } = converse(
      [
        text('hi'),
        ...TO_PICKUP_MENU,
        button('cat_drinks'),
        button('item_laban'),
        button('qty_1'),
        button('view_cart'),
        button('remove_item'),
        button('remove_laban'),
      ],
      { language: lang },
    );
    const r = onlyReply(last);
    expect(r.body).toContain(t.cartEmpty);
    expect(r.ids).toEqual(['cat_grills', 'cat_drinks', 'cat_big']);
    expect(state.cart).toEqual([]);
  });

  test.each([
    ['button', button('cancel')],
    ['number', text('4')],
    ['keyword', text(lang === 'ar' ? 'إلغاء' : 'cancel')],
  ])('cancel by %s abandons the cart and returns to the welcome', (_how, input) => {
    const { last, state } = converse([...PICKUP_CART, button('view_cart'), input], { language: lang });
    expect(onlyReply(last).body).toContain(t.cartCancelled);
    expect(state).toMatchObject({ step: 'welcome', cart: [], orderType: undefined, branchId: undefined });
    expect(last.effects).toEqual([]);
  });

  test('view_cart: wrong input → help with the cart options', () => {
    const { last } = converse([...PICKUP_CART, button('view_cart'), text('blah')], { language: lang });
    expect(onlyReply(last).ids).toEqual(['checkout', 'add_item', 'remove_item', 'cancel']);
  });

  test('an empty cart says so', () => {
    const { last } = converse([text('hi'), ...TO_PICKUP_MENU, text(lang === 'ar' ? 'السلة' : 'cart')], { language: lang });
    expect(onlyReply(last).body).toContain(t.cartEmpty);
  });
});

describe.each(LANGS)('checkout (%s)', (lang) => {
  const t = texts(lang);

  test('pickup: summary with subtotal and total, no fee, both payment options', () => {
    const { last, state } = converse([...PICKUP_CART, button('checkout')], { language: lang });
    const r = onlyReply(last);
    expect(r.body).toContain(t.summaryHeader('pickup', lang === 'ar' ? 'العليا' : 'Olaya'));
    expect(r.body).toContain(t.subtotal(sar(lang, '59.00')));
    expect(r.body).not.toContain(t.deliveryFee(sar(lang, '10.00')));
    expect(r.body).toContain(t.total(sar(lang, '59.00')));
    expect(r.ids).toEqual(['pay_online', 'pay_cash', 'add_note']);
    expect(last.replies[0]!.options![1]!.title).toBe(t.payCashAtPickup);
    expect(state.step).toBe('checkout');
  });

  test('delivery: the fee is added to the total', () => {
    const { last } = converse(
      [text('hi'), ...TO_DELIVERY_MENU, button('cat_grills'), button('item_kebab'), button('qty_2'), button('checkout')],
      { language: lang },
    );
    const r = onlyReply(last);
    expect(r.body).toContain(t.subtotal(sar(lang, '50.00')));
    expect(r.body).toContain(t.deliveryFee(sar(lang, '10.00')));
    expect(r.body).toContain(t.total(sar(lang, '60.00')));
    expect(r.ids).toEqual(['pay_online', 'pay_cash', 'add_note']);
  });

  test('delivery below the minimum says how much is missing and offers no payment', () => {
    const { last, state } = converse(
      [text('hi'), ...TO_DELIVERY_MENU, button('cat_grills'), button('item_kebab'), button('qty_1'), button('checkout')],
      { language: lang },
    );
    const r = onlyReply(last);
    expect(r.body).toContain(t.belowMinimum(sar(lang, '30.00'), sar(lang, '5.00')));
    expect(r.ids).toEqual(['add_item', 'view_cart']);
    const paid = step(state, button('pay_cash'), ctx());
    expect(paid.effects).toEqual([]);
    expect(onlyReply(paid).ids).toEqual(['add_item', 'view_cart']);
    const typed = step(state, text('cash'), ctx());
    expect(typed.effects).toEqual([]);
  });

  test('pickup has no minimum', () => {
    const { last } = converse(
      [text('hi'), ...TO_PICKUP_MENU, button('cat_drinks'), button('item_laban'), button('qty_1'), button('checkout')],
      { language: lang },
    );
    expect(onlyReply(last).ids).toEqual(['pay_online', 'pay_cash', 'add_note']);
  });

  test('reaching the minimum after adding more unlocks payment', () => {
    const { last } = converse(
      [
        text('hi'),
        ...TO_DELIVERY_MENU,
        button('cat_grills'),
        button('item_kebab'),
        button('qty_1'),
        button('checkout'),
        text('1'),
        button('cat_drinks'),
        button('item_juice'),
        button('qty_1'),
        button('checkout'),
      ],
      { language: lang },
    );
    expect(onlyReply(last).ids).toEqual(['pay_online', 'pay_cash', 'add_note']);
  });

  test.each([
    ['button', button('pay_cash')],
    ['number', text('2')],
    ['English keyword in a sentence', text('I will pay cash')],
    ['Arabic keyword', text('كاش')],
  ])('cash by %s confirms the order (CONFIRMED) and empties the cart', (_how, input) => {
    const { last, state } = converse([...PICKUP_CART, button('checkout'), input], { language: lang });
    const order = createdOrder(last.effects);
    expect(order).toEqual({
      orderReference: ORDER_REF,
      orderType: 'pickup',
      branchId: 'olaya',
      paymentMethod: 'cash',
      status: 'CONFIRMED',
      items: [
        { menuItemId: 'kebab', name: lang === 'ar' ? 'كباب' : 'Kebab', quantity: 2, unitPrice: 2500, lineTotal: 5000 },
        { menuItemId: 'laban', name: lang === 'ar' ? 'لبن' : 'Laban', quantity: 3, unitPrice: 300, lineTotal: 900 },
      ],
      subtotal: 5900,
      deliveryFee: 0,
      total: 5900,
      currency: 'SAR',
    });
    const r = onlyReply(last);
    expect(r.body).toContain(t.orderConfirmed(ORDER_REF, sar(lang, '59.00')));
    expect(r.body).not.toContain(PAYMENT_LINK);
    expect(r.ids).toContain('track_order');
    expect(state).toMatchObject({
      step: 'welcome',
      cart: [],
      lastOrder: { orderReference: ORDER_REF, status: 'CONFIRMED', orderType: 'pickup', total: 5900 },
    });
  });

  test.each([
    ['button', button('pay_online')],
    ['number', text('1')],
    ['English keyword', text('online')],
    ['Arabic keyword', text('أونلاين')],
  ])('online by %s creates an order awaiting payment and sends the payment link', (_how, input) => {
    const { last, state } = converse(
      [text('hi'), ...TO_DELIVERY_MENU, button('cat_grills'), button('item_kebab'), button('qty_2'), button('checkout'), input],
      { language: lang },
    );
    const order = createdOrder(last.effects);
    expect(order).toMatchObject({
      orderType: 'delivery',
      branchId: 'olaya',
      location: NEAR_OLAYA,
      paymentMethod: 'online',
      status: 'AWAITING_PAYMENT',
      subtotal: 5000,
      deliveryFee: 1000,
      total: 6000,
    });
    const r = onlyReply(last);
    expect(r.body).toContain(ORDER_REF);
    expect(r.body).toContain(PAYMENT_LINK);
    expect(r.body).toContain(t.payOnline(ORDER_REF, sar(lang, '60.00'), PAYMENT_LINK));
    expect(r.ids).toContain('cancel_order');
    expect(state.lastOrder).toEqual({ orderReference: ORDER_REF, status: 'AWAITING_PAYMENT', orderType: 'delivery', total: 6000 });
    expect(state.cart).toEqual([]);
  });

  test('without a payment link only cash is offered, and pay_online is not accepted', () => {
    const noLink = { restaurant: { paymentLink: null } };
    const { last, state } = converse([...PICKUP_CART, button('checkout')], { language: lang, ctx: noLink });
    expect(onlyReply(last).ids).toEqual(['pay_cash', 'add_note']);
    const paid = step(state, button('pay_online'), ctx(noLink));
    expect(paid.effects).toEqual([]);
  });

  test.each([['4'], ['maybe later'], ['cash or online']])('checkout: %p → help with the payment options', (input) => {
    const { last, state } = converse([...PICKUP_CART, button('checkout'), text(input)], { language: lang });
    expect(last.effects).toEqual([]);
    expect(onlyReply(last).ids).toEqual(['pay_online', 'pay_cash', 'add_note']);
    expect(state.step).toBe('checkout');
  });

  test('a payment button before checkout shows the summary instead of ordering', () => {
    const { last, state } = converse([...PICKUP_CART, button('pay_cash')], { language: lang });
    expect(last.effects).toEqual([]);
    expect(state.step).toBe('checkout');
    expect(onlyReply(last).body).toContain(t.total(sar(lang, '59.00')));
  });

  test('a payment button after the order went through does not order twice', () => {
    const { last } = converse([...PICKUP_CART, button('checkout'), button('pay_cash'), button('pay_cash')], { language: lang });
    expect(last.effects).toEqual([]);
  });

  test('an item sold out before payment is removed and the summary shown again', () => {
    const soldOut = {
      ...menu,
      categories: menu.categories.map((c) => ({ ...c, items: c.items.map((i) => (i.id === 'laban' ? { ...i, isAvailable: false } : i)) })),
    };
    const before = converse([...PICKUP_CART, button('checkout')], { language: lang });
    const paid = step(before.state, button('pay_cash'), ctx({ menu: soldOut }));
    expect(paid.effects).toEqual([]);
    const r = onlyReply(paid);
    expect(r.body).toContain(t.cartUpdated([lang === 'ar' ? 'لبن' : 'Laban']));
    expect(r.body).toContain(t.total(sar(lang, '50.00')));
    expect(paid.state.cart.map((l) => l.menuItemId)).toEqual(['kebab']);
    const again = step(paid.state, button('pay_cash'), ctx({ menu: soldOut }));
    expect(createdOrder(again.effects).total).toBe(5000);
  });

  test('a price change before payment shows the new total before ordering', () => {
    const pricier = {
      ...menu,
      categories: menu.categories.map((c) => ({ ...c, items: c.items.map((i) => (i.id === 'kebab' ? { ...i, price: 3000 } : i)) })),
    };
    const before = converse([...PICKUP_CART, button('checkout')], { language: lang });
    const paid = step(before.state, button('pay_cash'), ctx({ menu: pricier }));
    expect(paid.effects).toEqual([]);
    expect(onlyReply(paid).body).toContain(t.total(sar(lang, '69.00')));
    const again = step(paid.state, button('pay_cash'), ctx({ menu: pricier }));
    expect(createdOrder(again.effects).items[0]).toMatchObject({ unitPrice: 3000, lineTotal: 6000 });
  });
});

describe.each(LANGS)('order limits (%s)', (lang) => {
  const t = texts(lang);
  const withPrice = (price: number) => ({
    ...menu,
    categories: menu.categories.map((c) => ({ ...c, items: c.items.map((i) => (i.id === 'kebab' ? { ...i, price } : i)) })),
  });

  test('a line stops at 99: the add that would pass it is refused and the cart kept', () => {
    const adds = Array.from({ length: 5 }, () => add('kebab', 'grills', 20)).flat();
    const { state, last } = converse(
      [text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab'), button('qty_20'), ...adds],
      {
        language: lang,
      },
    );
    expect(state.cart.find((l) => l.menuItemId === 'kebab')?.quantity).toBe(80);
    expect(onlyReply(last).body).toContain(t.cartTooLarge);
    expect(last.effects).toEqual([]);
  });

  test('a cart whose subtotal would pass what an order may hold is refused, so a total always fits', () => {
    const options = { language: lang, ctx: { menu: withPrice(100_000_000) } };
    const { state, last } = converse(
      [text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab'), button('qty_11')],
      options,
    );
    expect(state.cart).toEqual([]);
    expect(onlyReply(last).body).toContain(t.cartTooLarge);
    const fits = converse([text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab'), button('qty_10')], options);
    expect(fits.state.cart[0]?.quantity).toBe(10);
  });
});
