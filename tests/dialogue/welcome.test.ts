// First contact, the welcome options, switching language, media and input nobody understands.
import { initialState, renderText, step } from '../../src/dialogue';
import { texts } from '../../src/dialogue/catalogue';
import type { Language } from '../../src/dialogue';
import { TO_PICKUP_MENU, button, converse, ctx, location, onlyReply, text } from './fixtures';

const LANGS: Language[] = ['ar', 'en'];
const WELCOME_IDS = ['new_order', 'track_order', 'contact_support', 'lang_ar', 'lang_en'];

describe.each(LANGS)('welcome (%s)', (lang) => {
  const t = texts(lang);

  test.each(['hi', 'مرحبا', 'Hello!', 'السلام عليكم', '👋'])('a first message %p gets the welcome with the restaurant name', (greeting) => {
    const { last, state } = converse([text(greeting)], { language: lang });
    const r = onlyReply(last);
    expect(r.body).toContain(t.welcome('Sufrah Grill'));
    expect(r.body).toContain(t.chooseAction);
    expect(r.ids).toEqual(WELCOME_IDS);
    expect(state.offered).toEqual(WELCOME_IDS);
    expect(last.effects).toEqual([]);
  });

  test('every option of the welcome has a title in the language', () => {
    const { last } = converse([text('hi')], { language: lang });
    const titles = last.replies[0]?.options?.map((o) => o.title) ?? [];
    expect(titles).toEqual([t.option.new_order, t.option.track_order, t.option.contact_support, 'العربية', 'English']);
  });

  test.each([
    ['button', button('new_order')],
    ['typed number', text('1')],
    ['Arabic digit', text('١')],
    ['English keyword', text('menu')],
    ['Arabic keyword', text('أبي أطلب')],
  ])('new_order by %s → delivery or pickup', (_how, input) => {
    const { last, state } = converse([text('hi'), input], { language: lang });
    const r = onlyReply(last);
    expect(r.body).toContain(t.chooseOrderType);
    expect(r.ids).toEqual(['order_delivery', 'order_pickup']);
    expect(state.step).toBe('choose_order_type');
  });

  test.each([['7'], ['0'], ['what?'], ['cashew nuts']])('unknown input %p repeats the welcome options', (input) => {
    const { last, state } = converse([text('hi'), text(input)], { language: lang });
    const r = onlyReply(last);
    expect(r.ids).toEqual(WELCOME_IDS);
    expect(r.body).toContain(t.welcome('Sufrah Grill'));
    expect(state.step).toBe('welcome');
  });

  test('an unknown button payload gets help, not silence', () => {
    const { last } = converse([text('hi'), button('bogus_payload')], { language: lang });
    expect(onlyReply(last).ids).toEqual(WELCOME_IDS);
  });

  test('"help" explains how to answer and repeats the options', () => {
    const { last } = converse([text('hi'), text(lang === 'ar' ? 'مساعدة' : 'help')], { language: lang });
    const r = onlyReply(last);
    expect(r.body).toContain(t.help);
    expect(r.ids).toEqual(WELCOME_IDS);
  });

  test('media: the bot says what it understands and repeats the options', () => {
    const { last, state } = converse([text('hi'), { kind: 'media', mediaType: 'audio/ogg' }], { language: lang });
    const r = onlyReply(last);
    expect(r.body).toContain(t.mediaNotUnderstood);
    expect(r.ids).toEqual(WELCOME_IDS);
    expect(state.step).toBe('welcome');
  });

  test('the welcome offers cancel_order while the last order can be cancelled, and the cart when one is open', () => {
    const start = {
      ...initialState(lang),
      offered: ['x'],
      lastOrder: { orderReference: 'ORD-1', status: 'CONFIRMED' as const, orderType: 'pickup' as const, total: 100 },
    };
    const withOrder = step(start, text('hello'), ctx());
    expect(onlyReply(withOrder).ids).toEqual(['new_order', 'track_order', 'contact_support', 'cancel_order', 'lang_ar', 'lang_en']);
    const cart = [{ menuItemId: 'laban', nameAr: 'لبن', nameEn: 'Laban', unitPrice: 300, quantity: 1 }];
    const withCart = step({ ...start, lastOrder: undefined, cart }, text('hello'), ctx());
    expect(onlyReply(withCart).ids).toEqual(['new_order', 'track_order', 'contact_support', 'view_cart', 'lang_ar', 'lang_en']);
  });
});

describe('language', () => {
  test.each([
    ['ar', button('lang_en'), 'en'],
    ['ar', text('English'), 'en'],
    ['ar', text('english please'), 'en'],
    ['ar', text('انجليزي'), 'en'],
    ['en', button('lang_ar'), 'ar'],
    ['en', text('عربي'), 'ar'],
    ['en', text('Arabic'), 'ar'],
    ['en', text('العربية'), 'ar'],
  ] as const)('from %s, %j switches to %s and re-shows the welcome', (from, input, to) => {
    const { last, state } = converse([text('hi'), input], { language: from });
    expect(state.language).toBe(to);
    const r = onlyReply(last);
    expect(r.body).toContain(texts(to).chooseAction);
    expect(r.ids).toEqual(WELCOME_IDS);
  });

  test('a first message that is a language keyword greets in that language', () => {
    const { last, state } = converse([text('English')], { language: 'ar' });
    expect(state.language).toBe('en');
    expect(onlyReply(last).body).toContain(texts('en').welcome('Sufrah Grill'));
  });

  test.each([
    ['choose_order_type', [button('new_order')], 'chooseOrderType'],
    ['await_location', [button('new_order'), button('order_delivery')], 'shareLocation'],
    ['choose_branch', [button('new_order'), button('order_pickup')], 'chooseBranch'],
    ['choose_category', TO_PICKUP_MENU, 'chooseCategory'],
    ['after_add', [...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab'), button('qty_2')], undefined],
    ['checkout', [...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab'), button('qty_2'), button('checkout')], 'choosePayment'],
  ] as const)('switching at %s keeps the step, the cart and the option IDs', (stepName, inputs, key) => {
    const before = converse([text('hi'), ...inputs], { language: 'en' });
    expect(before.state.step).toBe(stepName);
    const after = step(before.state, text('عربي'), ctx());
    expect(after.state.step).toBe(stepName);
    expect(after.state.language).toBe('ar');
    expect(after.state.cart).toEqual(before.state.cart);
    expect(after.state.offered).toEqual(before.state.offered);
    if (key) expect(onlyReply(after).body).toContain(texts('ar')[key]);
    expect(renderText(after.replies[0]!)).not.toBe(renderText(before.last.replies[0]!));
  });

  test('switching mid-order keeps the cart and the order goes through in the new language', () => {
    const { state, last } = converse(
      [
        text('hi'),
        ...TO_PICKUP_MENU,
        button('cat_grills'),
        button('item_kebab'),
        button('qty_2'),
        text('English'),
        button('checkout'),
        button('pay_cash'),
      ],
      { language: 'ar' },
    );
    const effect = last.effects[0];
    expect(effect?.kind).toBe('create_order');
    if (effect?.kind === 'create_order')
      expect(effect.order.items).toEqual([{ menuItemId: 'kebab', name: 'Kebab', quantity: 2, unitPrice: 2500, lineTotal: 5000 }]);
    expect(state.language).toBe('en');
  });

  test('a location shared before anything else is taken as a delivery address', () => {
    const { state } = converse([location({ lat: 24.7, lng: 46.69 })], { language: 'en' });
    expect(state.step).toBe('choose_category');
    expect(state.branchId).toBe('olaya');
  });
});
