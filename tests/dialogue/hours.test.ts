// Outside opening hours the bot takes no order and says when it opens; the rest still works.
import { initialState, step } from '../../src/dialogue';
import { texts } from '../../src/dialogue/catalogue';
import type { DialogueInput, Language } from '../../src/dialogue';
import { NEAR_OLAYA, ORDER_REF, TO_PICKUP_MENU, button, converse, ctx, location, onlyReply, text } from './fixtures';

const LANGS: Language[] = ['ar', 'en'];
/** Local Riyadh time (UTC+3) in January 2025: the 15th is a Wednesday. */
const riyadh = (day: number, hour: number, minute = 0): number => Date.UTC(2025, 0, day, hour - 3, minute);
const WED_EARLY = riyadh(15, 8);
const WED_LATE = riyadh(15, 23, 30);
const CLOSED_IDS = ['track_order', 'contact_support', 'lang_ar', 'lang_en'];

describe.each(LANGS)('closed (%s)', (lang) => {
  const t = texts(lang);

  test.each([
    ['early morning → opens today', WED_EARLY, { en: 'We open today at 10:00.', ar: 'نفتح اليوم الساعة 10:00.' }],
    ['late night → opens tomorrow', WED_LATE, { en: 'We open tomorrow at 10:00.', ar: 'نفتح غداً الساعة 10:00.' }],
    ['Thursday night → Friday opens at 13:00', riyadh(16, 23, 30), { en: 'We open tomorrow at 13:00.', ar: 'نفتح غداً الساعة 13:00.' }],
  ])('the welcome says we are closed, %s, and offers no new order', (_name, now, when) => {
    const { last, state } = converse([text('hi')], { language: lang, ctx: { now } });
    const r = onlyReply(last);
    expect(r.body).toContain(when[lang]);
    expect(r.ids).toEqual(CLOSED_IDS);
    expect(state.step).toBe('welcome');
  });

  test('a restaurant open on Mondays only names the day', () => {
    const { last } = converse([text('hi')], { language: lang, ctx: { restaurant: { openingHours: { mon: [['09:00', '17:00']] } } } });
    expect(onlyReply(last).body).toContain(lang === 'en' ? 'We open on Monday at 09:00.' : 'نفتح يوم الاثنين الساعة 09:00.');
  });

  test('no opening day at all: closed without a time', () => {
    const { last } = converse([text('hi')], { language: lang, ctx: { restaurant: { openingHours: { mon: [] } } } });
    expect(onlyReply(last).body).toContain(t.closed(undefined));
  });

  test.each([
    ['new_order button', button('new_order')],
    ['"menu"', text('menu')],
    ['"طلب"', text('طلب')],
    ['delivery', button('order_delivery')],
    ['pickup', text('pickup')],
    ['a location', location(NEAR_OLAYA)],
    ['a category from an old list', button('cat_grills')],
    ['checkout', text('checkout')],
  ])('%s while closed: when we open, no order taken', (_name, input) => {
    const { last, state } = converse([text('hi'), input], { language: lang, ctx: { now: WED_EARLY } });
    const r = onlyReply(last);
    expect(r.body).toContain(t.closed({ dayOffset: 0, weekday: 'wed', time: '10:00' }));
    expect(r.ids).toEqual(CLOSED_IDS);
    expect(state.step).toBe('welcome');
    expect(last.effects).toEqual([]);
  });

  test.each<[string, DialogueInput]>([
    ['choosing an item', button('item_kebab')],
    ['typing a quantity', text('2')],
    ['paying', button('pay_cash')],
    ['anything else', text('hello?')],
  ])('closing time during an order: %s gets the closed notice, the cart is kept', (_name, input) => {
    const open = converse(
      [text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab'), button('qty_2'), button('checkout')],
      { language: lang },
    );
    const beforeInput = input.kind === 'text' && input.text === '2' ? step(open.state, button('add_item'), ctx()).state : open.state;
    const result = step(beforeInput, input, ctx({ now: WED_LATE }));
    expect(result.effects).toEqual([]);
    expect(onlyReply(result).body).toContain(t.closed({ dayOffset: 1, weekday: 'thu', time: '10:00' }));
    expect(result.state.step).toBe('welcome');
    expect(result.state.cart).toEqual(open.state.cart);
  });

  test('a quantity typed after closing is not added', () => {
    const asking = converse([text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab')], { language: lang });
    const result = step(asking.state, text('5'), ctx({ now: WED_LATE }));
    expect(result.state.cart).toEqual([]);
    expect(result.state.step).toBe('welcome');
  });

  test.each([
    ['tracking', button('track_order'), 'trackStatus'],
    ['support', button('contact_support'), 'supportHandoff'],
    ['cancelling', button('cancel_order'), 'orderCancelled'],
  ] as const)('%s still works while closed', (_name, input, key) => {
    const start = {
      ...initialState(lang),
      offered: ['x'],
      lastOrder: { orderReference: ORDER_REF, status: 'CONFIRMED' as const, orderType: 'pickup' as const, total: 100 },
    };
    const result = step(start, input, ctx({ now: WED_EARLY }));
    const expected =
      key === 'trackStatus'
        ? t.trackStatus(ORDER_REF, t.status.CONFIRMED)
        : key === 'orderCancelled'
          ? t.orderCancelled(ORDER_REF)
          : t.supportHandoff;
    expect(onlyReply(result).body).toContain(expected);
  });

  test('the language can be switched while closed', () => {
    const { state, last } = converse([text('hi'), text(lang === 'ar' ? 'english' : 'عربي')], { language: lang, ctx: { now: WED_EARLY } });
    expect(state.language).toBe(lang === 'ar' ? 'en' : 'ar');
    expect(onlyReply(last).ids).toEqual(CLOSED_IDS);
  });
});

describe.each(LANGS)('open (%s)', (lang) => {
  test.each([
    ['at opening time', riyadh(15, 10)],
    ['at noon', riyadh(15, 12)],
    ['after midnight on a Friday night', riyadh(18, 0, 30)],
  ])('%s an order can be started', (_name, now) => {
    const { state, last } = converse([text('hi'), button('new_order')], { language: lang, ctx: { now } });
    expect(state.step).toBe('choose_order_type');
    expect(onlyReply(last).ids).toEqual(['order_delivery', 'order_pickup']);
  });

  test('no opening hours configured: always open', () => {
    const { state } = converse([text('hi'), button('new_order')], {
      language: lang,
      ctx: { now: WED_LATE, restaurant: { openingHours: null } },
    });
    expect(state.step).toBe('choose_order_type');
  });
});
