// Delivery or pickup, the delivery zone, branches, the menu with paging, and quantities.
import { step } from '../../src/dialogue';
import { texts } from '../../src/dialogue/catalogue';
import type { DialogueInput, Language } from '../../src/dialogue';
import {
  JEDDAH,
  NEAR_MALQA,
  NEAR_OLAYA,
  ONLY_INACTIVE,
  TO_DELIVERY_MENU,
  TO_PICKUP_MENU,
  button,
  converse,
  ctx,
  location,
  menu,
  onlyReply,
  text,
} from './fixtures';

const LANGS: Language[] = ['ar', 'en'];
const CATEGORY_IDS = ['cat_grills', 'cat_drinks', 'cat_big'];
const dishes = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `item_dish${from + i}`);

describe.each(LANGS)('order type and delivery zone (%s)', (lang) => {
  const t = texts(lang);
  const toOrderType = [text('hi'), button('new_order')];

  test.each([
    ['button', button('order_delivery')],
    ['number', text('1')],
    ['English keyword', text('delivery please')],
    ['Arabic keyword', text('توصيل')],
  ])('delivery by %s asks for the location', (_how, input) => {
    const { last, state } = converse([...toOrderType, input], { language: lang });
    const r = onlyReply(last);
    expect(r.body).toContain(t.shareLocation);
    expect(r.ids).toEqual(['order_pickup']);
    expect(state).toMatchObject({ step: 'await_location', orderType: 'delivery' });
  });

  test.each([
    ['near Olaya, inside two radii → nearest branch Olaya', NEAR_OLAYA, 'olaya', 'Olaya', 'العليا'],
    ['near Malqa, only Malqa covers it', NEAR_MALQA, 'malqa', 'Malqa', 'الملقا'],
  ])('a location %s', (_name, point, branchId, nameEn, nameAr) => {
    const { last, state } = converse([...toOrderType, button('order_delivery'), location(point, 'Home')], { language: lang });
    const r = onlyReply(last);
    expect(r.body).toContain(t.deliveringFrom(lang === 'ar' ? nameAr : nameEn));
    expect(r.body).toContain(t.chooseCategory);
    expect(r.ids).toEqual(CATEGORY_IDS);
    expect(state).toMatchObject({ step: 'choose_category', orderType: 'delivery', branchId, location: { ...point, address: 'Home' } });
  });

  test.each([
    ['far away', JEDDAH],
    ['inside only an inactive branch radius', ONLY_INACTIVE],
  ])('a location %s gets an apology and the welcome', (_name, point) => {
    const { last, state } = converse([...toOrderType, button('order_delivery'), location(point)], { language: lang });
    const r = onlyReply(last);
    expect(r.body).toContain(t.outsideDeliveryZone);
    expect(r.ids).toEqual(['new_order', 'track_order', 'contact_support', 'lang_ar', 'lang_en']);
    expect(state).toMatchObject({ step: 'welcome', orderType: undefined, branchId: undefined });
  });

  test.each([
    ['text instead of a location', text('King Fahd Road 12')],
    ['a number not offered', text('5')],
    ['a picture', { kind: 'media', mediaType: 'image/jpeg' } as DialogueInput],
  ])('await_location: %s → help, still waiting for the location', (_name, input) => {
    const { last, state } = converse([...toOrderType, button('order_delivery'), input], { language: lang });
    const r = onlyReply(last);
    expect(r.body).toContain(t.shareLocation);
    expect(r.ids).toEqual(['order_pickup']);
    expect(state.step).toBe('await_location');
  });

  test('await_location: "1" takes the pickup alternative', () => {
    const { state } = converse([...toOrderType, button('order_delivery'), text('1')], { language: lang });
    expect(state).toMatchObject({ step: 'choose_branch', orderType: 'pickup' });
  });

  test.each([['3'], ['yes'], ['cashew']])('choose_order_type: %p → help with both options', (input) => {
    const { last, state } = converse([...toOrderType, text(input)], { language: lang });
    const r = onlyReply(last);
    expect(r.body).toContain(t.notUnderstood);
    expect(r.ids).toEqual(['order_delivery', 'order_pickup']);
    expect(state.step).toBe('choose_order_type');
  });

  test('a location shared while choosing the order type means delivery', () => {
    const { state } = converse([...toOrderType, location(NEAR_MALQA)], { language: lang });
    expect(state).toMatchObject({ step: 'choose_category', branchId: 'malqa' });
  });
});

describe.each(LANGS)('pickup branches (%s)', (lang) => {
  const t = texts(lang);
  const toBranches = [text('hi'), button('new_order'), button('order_pickup')];

  test('pickup lists only active branches with their address', () => {
    const { last, state } = converse(toBranches, { language: lang });
    const reply = last.replies[0]!;
    expect(reply.body).toContain(t.chooseBranch);
    expect(reply.options).toEqual([
      { id: 'branch_olaya', title: lang === 'ar' ? 'العليا' : 'Olaya', description: 'Olaya St' },
      { id: 'branch_malqa', title: lang === 'ar' ? 'الملقا' : 'Malqa', description: 'Malqa Rd' },
    ]);
    expect(state.step).toBe('choose_branch');
  });

  test.each([
    ['button', button('branch_malqa')],
    ['number', text('2')],
    ['Arabic digit', text('٢')],
    ['the branch name', text(lang === 'ar' ? 'الملقا' : 'malqa')],
  ])('choosing a branch by %s shows the categories', (_how, input) => {
    const { last, state } = converse([...toBranches, input], { language: lang });
    expect(onlyReply(last).ids).toEqual(CATEGORY_IDS);
    expect(state).toMatchObject({ step: 'choose_category', orderType: 'pickup', branchId: 'malqa' });
  });

  test.each([
    ['an inactive branch', button('branch_old')],
    ['an unknown branch', button('branch_nope')],
    ['a number too high', text('3')],
    ['words', text('the big one')],
  ])('choose_branch: %s → help, same list', (_name, input) => {
    const { last, state } = converse([...toBranches, input], { language: lang });
    expect(onlyReply(last).ids).toEqual(['branch_olaya', 'branch_malqa']);
    expect(state.step).toBe('choose_branch');
  });

  test('no active branch → apology and welcome', () => {
    const closedMenu = { ...menu, branches: menu.branches.map((b) => ({ ...b, isActive: false })) };
    const { last, state } = converse(toBranches, { language: lang, ctx: { menu: closedMenu } });
    expect(onlyReply(last).body).toContain(t.noBranches);
    expect(state.step).toBe('welcome');
  });
});

describe.each(LANGS)('menu (%s)', (lang) => {
  const t = texts(lang);

  test('categories with no available item are not offered', () => {
    const { state } = converse([text('hi'), ...TO_PICKUP_MENU], { language: lang });
    expect(state.offered).toEqual(CATEGORY_IDS);
    expect(state.offered).not.toContain('cat_desserts');
  });

  test.each([
    ['button', button('cat_grills')],
    ['number', text('1')],
    ['name', text(lang === 'ar' ? 'مشويات' : 'grills')],
  ])('a category by %s lists its available items only, with prices', (_how, input) => {
    const { last, state } = converse([text('hi'), ...TO_PICKUP_MENU, input], { language: lang });
    const reply = last.replies[0]!;
    expect(reply.body).toContain(t.chooseItem(lang === 'ar' ? 'مشويات' : 'Grills'));
    expect(reply.options).toEqual([
      { id: 'item_shawarma', title: lang === 'ar' ? 'شاورما' : 'Shawarma', description: lang === 'ar' ? '15.00 ر.س' : '15.00 SAR' },
      { id: 'item_kebab', title: lang === 'ar' ? 'كباب' : 'Kebab', description: lang === 'ar' ? '25.00 ر.س' : '25.00 SAR' },
    ]);
    expect(state).toMatchObject({ step: 'choose_item', categoryId: 'grills', page: 0 });
  });

  test.each([
    ['a hidden category', button('cat_desserts'), 'choose_category'],
    ['an unknown category', button('cat_nope'), 'choose_category'],
    ['a number too high', text('4'), 'choose_category'],
  ])('choose_category: %s is refused, the list stays', (_name, input, stepName) => {
    const { last, state } = converse([text('hi'), ...TO_PICKUP_MENU, input], { language: lang });
    expect(onlyReply(last).ids).toEqual(CATEGORY_IDS);
    expect(state.step).toBe(stepName);
  });

  test('a category of 25 items pages 9 + more, 9 + more, 7, then wraps', () => {
    const pages = converse(
      [text('hi'), ...TO_PICKUP_MENU, button('cat_big'), button('more'), text(lang === 'ar' ? 'المزيد' : 'more'), text('10')],
      {
        language: lang,
      },
    );
    const [first, second, third, wrapped] = pages.results.slice(-4).map((r) => onlyReply(r).ids);
    expect(first).toEqual([...dishes(1, 9), 'more']);
    expect(second).toEqual([...dishes(10, 18), 'more']);
    expect(third).toEqual(dishes(19, 25));
    // "10" is not offered on the last page (7 rows), so it is help, not a wrap.
    expect(wrapped).toEqual(dishes(19, 25));
    expect(pages.results.every((r) => (r.replies[0]?.options?.length ?? 0) <= 10)).toBe(true);
  });

  test('a typed number on page 2 picks from page 2', () => {
    const { state } = converse([text('hi'), ...TO_PICKUP_MENU, button('cat_big'), button('more'), text('3')], { language: lang });
    expect(state).toMatchObject({ step: 'choose_quantity', pendingItemId: 'dish12' });
  });

  test('`more` on the last page starts over', () => {
    const { state } = converse([text('hi'), ...TO_PICKUP_MENU, button('cat_big'), button('more'), button('more'), button('more')], {
      language: lang,
    });
    expect(state.page).toBe(0);
    expect(state.offered).toEqual([...dishes(1, 9), 'more']);
  });

  test.each([
    ['as a button', button('item_mixed')],
    ['typed as its ID', text('item_mixed')],
    ['by its name', text(lang === 'ar' ? 'مشاوي مشكلة' : 'Mixed Grill')],
    ['from another category', button('item_kunafa')],
  ])('an unavailable item is never accepted (%s)', (_how, input) => {
    const { last, state } = converse([text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), input], { language: lang });
    expect(state.step).toBe('choose_item');
    expect(state.pendingItemId).toBeUndefined();
    expect(onlyReply(last).ids).toEqual(['item_shawarma', 'item_kebab']);
  });

  test('an available item from an old list is accepted', () => {
    const { state } = converse([text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), button('item_juice')], { language: lang });
    expect(state).toMatchObject({ step: 'choose_quantity', pendingItemId: 'juice', categoryId: 'drinks' });
  });

  test.each([['3'], ['pizza'], ['0']])('choose_item: %p → help, same items', (input) => {
    const { last } = converse([text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), text(input)], { language: lang });
    const r = onlyReply(last);
    expect(r.body).toContain(t.notUnderstood);
    expect(r.ids).toEqual(['item_shawarma', 'item_kebab']);
  });

  test('menu items cannot be chosen before delivery or pickup is settled', () => {
    const { state } = converse([text('hi'), button('item_kebab')], { language: lang });
    expect(state.step).toBe('welcome');
    expect(state.pendingItemId).toBeUndefined();
  });
});

describe.each(LANGS)('quantity (%s)', (lang) => {
  const t = texts(lang);
  const toQuantity = [text('hi'), ...TO_DELIVERY_MENU, button('cat_grills'), button('item_kebab')];

  test('asks how many, offering 1, 2, 3', () => {
    const { last } = converse(toQuantity, { language: lang });
    const r = onlyReply(last);
    expect(r.body).toContain(t.askQuantity(lang === 'ar' ? 'كباب' : 'Kebab', lang === 'ar' ? '25.00 ر.س' : '25.00 SAR'));
    expect(r.ids).toEqual(['qty_1', 'qty_2', 'qty_3']);
  });

  test.each([
    ['qty_2 button', button('qty_2'), 2],
    ['qty_7 button (not offered but valid)', button('qty_7'), 7],
    ['typed 2', text('2'), 2],
    ['typed 12', text('12'), 12],
    ['typed ١٥', text('١٥'), 15],
    ['typed 20', text('20'), 20],
    ['typed 1', text('1'), 1],
  ])('%s adds that many', (_how, input, quantity) => {
    const { last, state } = converse([...toQuantity, input], { language: lang });
    expect(state.cart).toEqual([{ menuItemId: 'kebab', nameAr: 'كباب', nameEn: 'Kebab', unitPrice: 2500, quantity }]);
    const r = onlyReply(last);
    expect(r.body).toContain(t.added(quantity, lang === 'ar' ? 'كباب' : 'Kebab'));
    expect(r.ids).toEqual(['add_item', 'view_cart', 'checkout']);
    expect(state.step).toBe('after_add');
  });

  test.each([['0'], ['21'], ['abc'], ['-1'], ['2.5'], ['qty_0'], ['qty_99']])('%p is refused with the options repeated', (input) => {
    const { last, state } = converse([...toQuantity, text(input)], { language: lang });
    expect(state.cart).toEqual([]);
    expect(state.step).toBe('choose_quantity');
    expect(onlyReply(last).ids).toEqual(['qty_1', 'qty_2', 'qty_3']);
  });

  test('the same item twice adds up on one line', () => {
    const { state } = converse(
      [...toQuantity, button('qty_2'), button('add_item'), button('cat_grills'), button('item_kebab'), text('3')],
      {
        language: lang,
      },
    );
    expect(state.cart).toEqual([{ menuItemId: 'kebab', nameAr: 'كباب', nameEn: 'Kebab', unitPrice: 2500, quantity: 5 }]);
  });

  test('an item sold out while the quantity was asked is not added', () => {
    const soldOut = {
      ...menu,
      categories: menu.categories.map((c) => ({ ...c, items: c.items.map((i) => (i.id === 'kebab' ? { ...i, isAvailable: false } : i)) })),
    };
    const before = converse(toQuantity, { language: lang });
    const after = step(before.state, button('qty_2'), ctx({ menu: soldOut }));
    expect(after.state.cart).toEqual([]);
    expect(onlyReply(after).body).toContain(t.itemUnavailable);
    expect(after.state.offered).toEqual(['item_shawarma']);
  });

  test('a quantity button outside the quantity step is help', () => {
    const { state } = converse([text('hi'), ...TO_PICKUP_MENU, button('qty_2')], { language: lang });
    expect(state.cart).toEqual([]);
    expect(state.step).toBe('choose_category');
  });
});
