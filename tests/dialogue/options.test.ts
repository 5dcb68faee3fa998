// Item options (SPEC §6): each group of the chosen item is asked in turn — a required size, up to
// three extras ending with opt_done, an optional sauce skipped with `skip` — then the quantity; the
// line is priced with its options and shown with them in the cart, summary and confirmation.
import { step } from '../../src/dialogue';
import { texts } from '../../src/dialogue/catalogue';
import type { DialogueInput, Effect, Language } from '../../src/dialogue';
import { TO_PICKUP_MENU, button, converse, ctx, onlyReply, optionsMenu, text } from './fixtures';

const LANGS: Language[] = ['ar', 'en'];
const withOptions = { ctx: { menu: optionsMenu } };
const TO_BURGER: DialogueInput[] = [text('hi'), ...TO_PICKUP_MENU, button('cat_burgers'), button('item_burger')];
/** Large, cheese and egg, then opt_done: at the sauce. */
const TO_SAUCE: DialogueInput[] = [...TO_BURGER, button('opt_large'), button('opt_cheese'), button('opt_egg'), button('opt_done')];
const TO_QUANTITY: DialogueInput[] = [...TO_SAUCE, button('skip')];
const sar = (lang: Language, amount: string) => (lang === 'ar' ? `${amount} ر.س` : `${amount} SAR`);
const run = (inputs: DialogueInput[], lang: Language) => converse(inputs, { language: lang, ...withOptions });
const createdOrder = (effects: Effect[]) => effects.find((e) => e.kind === 'create_order');
const EXTRAS = ['opt_cheese', 'opt_onions', 'opt_egg'];

describe.each(LANGS)('item options (%s)', (lang) => {
  const t = texts(lang);
  const name = (en: string, ar: string) => (lang === 'ar' ? ar : en);

  test('choosing an item with groups asks its first group, a required one: no skip', () => {
    const { last, state } = run(TO_BURGER, lang);
    const r = onlyReply(last);
    expect(r.body).toContain(t.askOption(name('Beef Burger', 'برجر لحم'), name('Size', 'الحجم'), 1, 1));
    expect(r.ids).toEqual(['opt_regular', 'opt_large']);
    expect(state).toMatchObject({ step: 'choose_option', pendingItemId: 'burger', optionGroup: 0 });
  });

  test.each([
    ['the skip button', button('skip')],
    ['a skip word', text(name('skip', 'تخطي'))],
  ])('a required group cannot be skipped (%s): it says so and asks again', (_how, input) => {
    const before = run(TO_BURGER, lang).state;
    const result = step(before, input, ctx({ menu: optionsMenu }));
    const r = onlyReply(result);
    expect(r.body).toContain(t.optionRequired(name('Size', 'الحجم')));
    expect(r.ids).toEqual(['opt_regular', 'opt_large']);
    expect(result.state).toEqual(before);
  });

  test('one choice ends a single-choice group; the next group offers only available options and skip', () => {
    const { last, state } = run([...TO_BURGER, button('opt_large')], lang);
    const r = onlyReply(last);
    expect(r.ids).toEqual([...EXTRAS, 'skip']);
    expect(r.ids).not.toContain('opt_jalapeno');
    expect(r.body).toContain(t.askOption(name('Beef Burger', 'برجر لحم'), name('Extras', 'الإضافات'), 0, 3));
    expect(state.pendingOptions?.map((o) => o.id)).toEqual(['large']);
  });

  test('an unavailable option is refused even by its ID', () => {
    const before = run([...TO_BURGER, button('opt_large')], lang).state;
    const result = step(before, button('opt_jalapeno'), ctx({ menu: optionsMenu }));
    expect(onlyReply(result).body).toContain(t.notUnderstood);
    expect(result.state).toEqual(before);
  });

  test('a group that takes several: each choice is shown with the price so far, opt_done ends it', () => {
    const one = run([...TO_BURGER, button('opt_large'), button('opt_cheese')], lang);
    const r = onlyReply(one.last);
    expect(r.ids).toEqual(['opt_onions', 'opt_egg', 'opt_done']);
    expect(r.body).toContain(t.optionsSoFar(name('Beef Burger (Large, Cheese)', 'برجر لحم (كبير، جبنة)'), sar(lang, '28.00')));
    const done = run(TO_SAUCE, lang);
    expect(onlyReply(done.last).ids).toEqual(['opt_garlic', 'skip']);
    expect(done.state.pendingOptions?.map((o) => o.id)).toEqual(['large', 'cheese', 'egg']);
  });

  test('the group ends by itself once its maximum is chosen', () => {
    const { state } = run([...TO_BURGER, button('opt_large'), button('opt_egg'), button('opt_onions'), button('opt_cheese')], lang);
    expect(state.optionGroup).toBe(2);
    expect(state.pendingOptions?.map((o) => o.id)).toEqual(['large', 'cheese', 'onions', 'egg']);
  });

  test.each([
    ['"no onions" is not a skip', name('no onions', 'بدون بصل')],
    ['"no thanks, onions" is not a skip', name('no thanks onions', 'لا شكرا بصل')],
  ])('at an option step a message is a skip only when it is exactly a skip word: %s', (_name, typed) => {
    const before = run([...TO_BURGER, button('opt_large')], lang).state;
    const result = step(before, text(typed), ctx({ menu: optionsMenu }));
    expect(result.state).toEqual(before);
    expect(onlyReply(result).body).toContain(t.notUnderstood);
  });

  test.each([
    ['the skip button', button('skip')],
    ['a skip word', text(name('no', 'لا'))],
    ['its number', text('4')],
  ])('an optional group is skipped with %s', (_how, input) => {
    const { state } = run([...TO_BURGER, button('opt_large'), input], lang);
    expect(state).toMatchObject({ step: 'choose_option', optionGroup: 2 });
    expect(state.pendingOptions?.map((o) => o.id)).toEqual(['large']);
  });

  test.each([
    ['its name', name('cheese', 'جبنة')],
    ['its name with a typo', name('chese', 'جبنا')],
    ['its number', '1'],
  ])('an option is chosen by %s', (_how, typed) => {
    const { state } = run([...TO_BURGER, button('opt_large'), text(typed)], lang);
    expect(state.pendingOptions?.map((o) => o.id)).toEqual(['large', 'cheese']);
  });

  test('then the quantity, at the unit price with the options', () => {
    const { last, state } = run(TO_QUANTITY, lang);
    expect(state.step).toBe('choose_quantity');
    const line = name('Beef Burger (Large, Cheese, Egg)', 'برجر لحم (كبير، جبنة، بيض)');
    expect(onlyReply(last).body).toBe(t.askQuantity(line, sar(lang, '32.00')));
  });

  test.each([
    ['before the name', (n: string) => `2 ${n}`],
    ['after the name', (n: string) => `${n} ٢`],
  ])('a quantity typed with the name (%s) asks the options, then adds that many without asking again', (_how, typed) => {
    const toMenu: DialogueInput[] = [text('hi'), ...TO_PICKUP_MENU, button('cat_burgers')];
    const named = run([...toMenu, text(typed(name('beef burger', 'برجر لحم')))], lang);
    expect(named.state).toMatchObject({ step: 'choose_option', pendingItemId: 'burger', typedQuantity: 2 });
    const inputs = [...toMenu, text(typed(name('beef burger', 'برجر لحم'))), button('opt_large'), button('skip'), button('skip')];
    const { last, state } = run(inputs, lang);
    const line = name('Beef Burger (Large)', 'برجر لحم (كبير)');
    expect(onlyReply(last).body).toContain(t.added(2, line));
    expect(state.step).toBe('after_add');
    expect(state.typedQuantity).toBeUndefined();
    expect(state.cart).toEqual([expect.objectContaining({ menuItemId: 'burger', unitPrice: 2500, quantity: 2 })]);
  });

  test('the line is priced with its options; the cart, summary and confirmation show them', () => {
    const line = name('Beef Burger (Large, Cheese, Egg)', 'برجر لحم (كبير، جبنة، بيض)');
    const added = run([...TO_QUANTITY, button('qty_2')], lang);
    expect(onlyReply(added.last).body).toContain(t.added(2, line));
    expect(added.state.cart).toEqual([
      expect.objectContaining({ menuItemId: 'burger', unitPrice: 3200, quantity: 2, options: expect.any(Array) }),
    ]);
    const cartLine = t.cartLine(2, line, sar(lang, '64.00'));
    expect(onlyReply(step(added.state, button('view_cart'), ctx({ menu: optionsMenu }))).body).toContain(cartLine);
    const summary = step(added.state, button('checkout'), ctx({ menu: optionsMenu }));
    expect(onlyReply(summary).body).toContain(cartLine);
    const paid = step(summary.state, button('pay_cash'), ctx({ menu: optionsMenu }));
    expect(onlyReply(paid).body).toContain(cartLine);
    expect(createdOrder(paid.effects)).toMatchObject({
      order: {
        subtotal: 6400,
        items: [
          {
            menuItemId: 'burger',
            quantity: 2,
            unitPrice: 3200,
            lineTotal: 6400,
            options: [
              { id: 'large', groupId: 'size', nameEn: 'Large', nameAr: 'كبير', price: 500 },
              { id: 'cheese', groupId: 'extras', nameEn: 'Cheese', nameAr: 'جبنة', price: 300 },
              { id: 'egg', groupId: 'extras', nameEn: 'Egg', nameAr: 'بيض', price: 400 },
            ],
          },
        ],
      },
    });
  });

  test('the same item with other options is another line; with the same options, the same line', () => {
    const plain = [button('add_item'), button('cat_burgers'), button('item_burger'), button('opt_regular'), button('skip'), button('skip')];
    const again = [button('add_item'), button('cat_burgers'), button('item_burger'), button('opt_regular'), button('skip'), button('skip')];
    const { state } = run([...TO_QUANTITY, button('qty_1'), ...plain, button('qty_1'), ...again, button('qty_2')], lang);
    expect(state.cart.map((l) => [l.options?.map((o) => o.id), l.quantity, l.unitPrice])).toEqual([
      [['large', 'cheese', 'egg'], 1, 3200],
      [['regular'], 3, 2000],
    ]);
  });

  test('a line with options is removed by its own key, the other line stays', () => {
    const plain = [button('add_item'), button('cat_burgers'), button('item_burger'), button('opt_regular'), button('skip'), button('skip')];
    const { state } = run([...TO_QUANTITY, button('qty_1'), ...plain, button('qty_1'), button('view_cart'), button('remove_item')], lang);
    expect(state.offered).toEqual(['remove_burger_large_cheese_egg', 'remove_burger_regular']);
    const removed = step(state, button('remove_burger_large_cheese_egg'), ctx({ menu: optionsMenu }));
    expect(removed.state.cart.map((l) => l.options?.map((o) => o.id))).toEqual([['regular']]);
  });

  test('an option sold out after it was chosen leaves the line, named, at checkout', () => {
    const added = run([...TO_QUANTITY, button('qty_1')], lang).state;
    const soldOut = structuredClone(optionsMenu);
    soldOut.categories.at(-1)!.items[0]!.optionGroups![1]!.options[0]!.isAvailable = false;
    const r = onlyReply(step(added, button('checkout'), ctx({ menu: soldOut })));
    expect(r.body).toContain(t.cartUpdated([name('Cheese (Beef Burger)', 'جبنة (برجر لحم)')]));
    expect(r.body).toContain(t.cartLine(1, name('Beef Burger (Large, Egg)', 'برجر لحم (كبير، بيض)'), sar(lang, '29.00')));
  });
});
