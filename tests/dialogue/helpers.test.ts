// Money, distance, opening hours, input parsing, list paging and the plain-text rendering.
import { branchForDelivery, distanceKm, formatMoney, isOpen, nextOpening, renderText } from '../../src/dialogue';
import { keywordId, normalise, parseText, typedNumber } from '../../src/dialogue/parse';
import { pageCount, pageOf, nextPage } from '../../src/dialogue/menu';
import { JEDDAH, NEAR_MALQA, NEAR_OLAYA, ONLY_INACTIVE, OPENING_HOURS, WED_NOON_RIYADH, menu } from './fixtures';

const HOUR = 3_600_000;

describe('formatMoney', () => {
  test.each([
    [2500, 'SAR', 'en', '25.00 SAR'],
    [2500, 'SAR', 'ar', '25.00 ر.س'],
    [5, 'SAR', 'en', '0.05 SAR'],
    [0, 'SAR', 'ar', '0.00 ر.س'],
    [123456, 'AED', 'ar', '1234.56 د.إ'],
    [1500, 'KWD', 'en', '1.500 KWD'],
    [1500, 'JPY', 'en', '1500 JPY'],
    [999, 'USD', 'ar', '9.99 USD'],
  ] as const)('%i %s in %s → %s', (minor, currency, language, expected) => {
    expect(formatMoney(minor, currency, language)).toBe(expected);
  });
});

describe('delivery zone', () => {
  test('haversine distance Riyadh to Jeddah is about 850 km', () => {
    expect(distanceKm({ lat: 24.7136, lng: 46.6753 }, { lat: 21.4858, lng: 39.1925 })).toBeGreaterThan(840);
    expect(distanceKm({ lat: 24.7136, lng: 46.6753 }, { lat: 21.4858, lng: 39.1925 })).toBeLessThan(860);
  });

  test.each([
    ['inside two radii → the nearest branch', NEAR_OLAYA, 'olaya'],
    ['inside only one radius → that branch', NEAR_MALQA, 'malqa'],
    ['far away → none', JEDDAH, undefined],
    ['inside an inactive branch only → none', ONLY_INACTIVE, undefined],
    ['not a number → none', { lat: Number.NaN, lng: 46.69 }, undefined],
  ])('%s', (_name, point, branchId) => {
    expect(branchForDelivery(menu.branches, point)?.id).toBe(branchId);
  });
});

describe('opening hours in the restaurant time zone', () => {
  const riyadh = (day: number, hour: number, minute = 0): number => Date.UTC(2025, 0, day, hour - 3, minute);
  test.each([
    ['Wednesday 12:00', riyadh(15, 12), true],
    ['Wednesday 09:59', riyadh(15, 9, 59), false],
    ['Wednesday 10:00', riyadh(15, 10), true],
    ['Wednesday 23:00', riyadh(15, 23), false],
    ['Friday 12:00 (Friday opens at 13:00)', riyadh(17, 12), false],
    ['Friday 23:30', riyadh(17, 23, 30), true],
    ['Saturday 00:30 (Friday runs past midnight)', riyadh(18, 0, 30), true],
    ['Saturday 01:30', riyadh(18, 1, 30), false],
  ])('%s → open %s', (_name, now, open) => {
    expect(isOpen(OPENING_HOURS, 'Asia/Riyadh', now)).toBe(open);
  });

  test('the same instant is read in the given zone', () => {
    // 12:00 in Riyadh is 09:00 UTC: closed for a restaurant in UTC with the same hours.
    expect(isOpen(OPENING_HOURS, 'Asia/Riyadh', WED_NOON_RIYADH)).toBe(true);
    expect(isOpen(OPENING_HOURS, 'UTC', WED_NOON_RIYADH)).toBe(false);
  });

  test.each([
    ['no hours → always open', null],
    ['empty hours → always open', {}],
  ])('%s', (_name, hours) => {
    expect(isOpen(hours, 'Asia/Riyadh', WED_NOON_RIYADH)).toBe(true);
    expect(nextOpening(hours, 'Asia/Riyadh', WED_NOON_RIYADH)).toBeUndefined();
  });

  test.each([
    ['early Wednesday → today 10:00', riyadh(15, 8), { dayOffset: 0, weekday: 'wed', time: '10:00' }],
    ['late Wednesday → tomorrow 10:00', riyadh(15, 23, 30), { dayOffset: 1, weekday: 'thu', time: '10:00' }],
    ['late Thursday → Friday 13:00', riyadh(16, 23, 30), { dayOffset: 1, weekday: 'fri', time: '13:00' }],
  ])('%s', (_name, now, expected) => {
    expect(nextOpening(OPENING_HOURS, 'Asia/Riyadh', now)).toEqual(expected);
  });

  test('only open on Mondays → next Monday, days ahead', () => {
    expect(nextOpening({ mon: [['9:00', '17:00']] }, 'Asia/Riyadh', WED_NOON_RIYADH)).toEqual({
      dayOffset: 5,
      weekday: 'mon',
      time: '09:00',
    });
  });

  test('malformed ranges are ignored rather than crashing', () => {
    expect(isOpen({ wed: [['noon', 'late']] }, 'Asia/Riyadh', WED_NOON_RIYADH)).toBe(false);
    expect(isOpen(OPENING_HOURS, 'Not/AZone', WED_NOON_RIYADH + 3 * HOUR)).toBe(true);
  });
});

describe('parsing customer text', () => {
  test.each([
    ['Arabic-Indic digits', '٢٥', '25'],
    ['Persian digits', '۳', '3'],
    ['hamza forms of alif', 'إلغاء أونلاين', 'الغاء اونلاين'],
    ['alif maqsura and ta marbuta', 'عربى السلة', 'عربي السله'],
    ['tatweel and diacritics', 'كـــاش مَرْحَبًا', 'كاش مرحبا'],
    ['case', 'CASH', 'cash'],
  ])('normalises %s', (_name, input, expected) => {
    expect(normalise(input)).toBe(expected);
  });

  test.each([
    ['3', 3],
    [' ٣ ', 3],
    ['3.', 3],
    ['#2', 2],
    ['20', 20],
    ['3 please', undefined],
    ['abc', undefined],
  ])('typed number %p → %p', (input, expected) => {
    expect(typedNumber(input)).toBe(expected);
  });

  test.each([
    ['cash', 'pay_cash'],
    ['I will pay cash tomorrow maybe', 'pay_cash'],
    ['Cash!', 'pay_cash'],
    ['كاش', 'pay_cash'],
    ['بالكاش لو سمحت', 'pay_cash'],
    ['online', 'pay_online'],
    ['اونلاين', 'pay_online'],
    ['أونلاين', 'pay_online'],
    ['menu', 'new_order'],
    ['I want to order', 'new_order'],
    ['طلب', 'new_order'],
    ['track my order', 'track_order'],
    ['تتبع', 'track_order'],
    ['وين طلبي', 'track_order'],
    ['support', 'contact_support'],
    ['أبي أكلم موظف', 'contact_support'],
    ['cart', 'view_cart'],
    ['السلة', 'view_cart'],
    ['السله', 'view_cart'],
    ['checkout', 'checkout'],
    ['cancel', 'cancel'],
    ['إلغاء', 'cancel'],
    ['delivery', 'order_delivery'],
    ['توصيل', 'order_delivery'],
    ['pick up', 'order_pickup'],
    ['استلام', 'order_pickup'],
    ['english', 'lang_en'],
    ['English', 'lang_en'],
    ['انجليزي', 'lang_en'],
    ['إنجليزي', 'lang_en'],
    ['عربي', 'lang_ar'],
    ['arabic', 'lang_ar'],
    ['help', 'help'],
  ])('keyword %p → %s', (input, id) => {
    expect(keywordId(input, [], 'words')).toBe(id);
  });

  test.each([['cashew'], ['cashier'], ['cartoon'], ['онлайн'], ['hello there'], ['مرحبا'], ['trackpad']])(
    'no substring matches: %p',
    (input) => {
      expect(keywordId(input, [], 'words')).toBeUndefined();
    },
  );

  test('ambiguous keywords resolve to the one on offer, otherwise to nothing', () => {
    expect(keywordId('cash or online', ['pay_online', 'pay_cash'], 'words')).toBeUndefined();
    expect(keywordId('cash or online', ['pay_cash'], 'words')).toBe('pay_cash');
    expect(keywordId('cash or online', [], 'words')).toBeUndefined();
  });

  test('weak words give way to strong ones', () => {
    expect(keywordId('pay online', [], 'words')).toBe('pay_online');
    expect(keywordId('cancel my order', [], 'words')).toBe('cancel');
  });

  test('exact mode only takes a whole-message keyword', () => {
    expect(keywordId('the cart was cold and I want to cancel next time', [], 'exact')).toBeUndefined();
    expect(keywordId('Skip', [], 'exact')).toBe('skip');
  });

  test('a typed number maps through what was offered, in order', () => {
    expect(parseText('2', ['new_order', 'track_order'], [], 'words')).toEqual({ id: 'track_order', number: 2 });
    expect(parseText('٢', ['new_order', 'track_order'], [], 'words')).toEqual({ id: 'track_order', number: 2 });
    expect(parseText('3', ['new_order', 'track_order'], [], 'words')).toEqual({ number: 3 });
  });

  test('a typed option ID or option title counts as that option', () => {
    expect(parseText('item_kebab', [], [], 'words')).toEqual({ id: 'item_kebab' });
    expect(parseText('kebab', [], [{ id: 'item_kebab', title: 'Kebab' }], 'words')).toEqual({ id: 'item_kebab' });
  });
});

describe('list paging (at most 10 rows, one of them `more`)', () => {
  const rows = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
  test.each([
    [0, 1],
    [10, 1],
    [11, 2],
    [19, 2],
    [20, 3],
    [25, 3],
  ])('%i rows → %i pages', (total, pages) => {
    expect(pageCount(total)).toBe(pages);
  });

  test('25 rows page as 9 + more, 9 + more, 7', () => {
    expect(pageOf(rows(25), 0)).toEqual({ rows: rows(9), page: 0, hasMore: true });
    expect(pageOf(rows(25), 1)).toEqual({ rows: rows(18).slice(9), page: 1, hasMore: true });
    expect(pageOf(rows(25), 2)).toEqual({ rows: rows(25).slice(18), page: 2, hasMore: false });
    expect(nextPage(25, 2)).toBe(0);
  });

  test('10 rows fit one page without `more`', () => {
    expect(pageOf(rows(10), 0)).toEqual({ rows: rows(10), page: 0, hasMore: false });
  });
});

describe('renderText', () => {
  test('body and numbered options', () => {
    const text = renderText({
      body: 'Choose:',
      options: [
        { id: 'a', title: 'First' },
        { id: 'b', title: 'Second', description: '25.00 SAR' },
      ],
    });
    expect(text).toBe('Choose:\n\n1. First\n2. Second (25.00 SAR)');
  });

  test('no options → the body alone', () => {
    expect(renderText({ body: 'Hi' })).toBe('Hi');
  });
});
