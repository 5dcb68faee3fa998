// Free text at the menu (SPEC §6): category and item names typed in either language, Arabic
// normalised, small typos tolerated, a quantity with the name, ambiguous names listed.
import { step } from '../../src/dialogue';
import { texts } from '../../src/dialogue/catalogue';
import { matchName } from '../../src/dialogue/names';
import { normalise } from '../../src/dialogue/parse';
import type { DialogueInput, Language, Menu, MenuItem } from '../../src/dialogue';
import { TO_PICKUP_MENU, button, converse, ctx, menu, onlyReply, text } from './fixtures';

const LANGS: Language[] = ['ar', 'en'];
const item = (id: string, nameEn: string, nameAr: string, price: number): MenuItem => ({ id, nameEn, nameAr, price, isAvailable: true });

/** The fixture menu plus a category with names worth typing: a mandi, a shish tawook, two burgers. */
const richMenu: Menu = {
  ...menu,
  categories: [
    ...menu.categories,
    {
      id: 'mains',
      nameEn: 'Main Dishes',
      nameAr: 'الأطباق الرئيسية',
      items: [
        item('mandi', 'Lamb Mandi', 'مندي لحم', 4500),
        item('tawook', 'Shish Tawook', 'شيش طاووق', 2200),
        item('beefburger', 'Beef Burger', 'برجر لحم', 2800),
        item('chickenburger', 'Chicken Burger', 'برجر دجاج', 2600),
        item('fatayer', 'Cheese Fatayer', 'فطائر جبنة', 1200),
        item('kabsa', 'Chicken Kabsa', 'كبسة دجاج', 3200),
      ],
    },
  ],
};
const rich = { ctx: { menu: richMenu } };

describe('normalise() folds the ways Arabic is typed', () => {
  test.each([
    ['hamza on alef', 'أإآٱ', 'اااا'],
    ['hamza on waw and ya', 'ؤئ', 'وي'],
    ['alef maqsura → ya', 'حلوى', 'حلوي'],
    ['taa marbuta → ha', 'كبسة', 'كبسه'],
    ['diacritics', 'شَاوِرْمَا', 'شاورما'],
    ['tatweel', 'شـــاورما', 'شاورما'],
    ['Arabic-Indic digits', '٢٣', '23'],
    ['Persian digits', '۴', '4'],
    ['Persian kaf and ya', 'کبابی', 'كبابي'],
    ['Latin case', 'Lamb MANDI', 'lamb mandi'],
  ])('%s', (_name, input, expected) => {
    expect(normalise(input)).toBe(expected);
  });
});

describe('matchName() finds what a typed name means', () => {
  test.each([
    ['an English item name', 'lamb mandi', ['item_mandi']],
    ['an Arabic item name', 'شيش طاووق', ['item_tawook']],
    ['Arabic with other hamza, taa marbuta and diacritics', 'فَطائِر جبنه', ['item_fatayer']],
    ['Arabic with alef maqsura typed as ya and tatweel', 'كبســة دجاج', ['item_kabsa']],
    ['the definite article', 'الكباب', ['item_kebab']],
    ['a typo in English', 'shawrma', ['item_shawarma']],
    ['a typo in Arabic', 'شيش طاوق', ['item_tawook']],
    ['two typos in a long word', 'shish tawok', ['item_tawook']],
    ['words around the name', 'I want the kebab please', ['item_kebab']],
    ['Arabic words around the name', 'ابي مندي لحم لو سمحت', ['item_mandi']],
    ['a category in English', 'drinks', ['cat_drinks']],
    ['a category in Arabic', 'مشروبات', ['cat_drinks']],
    ['a typo of a category with nothing available', 'dessrts', []],
    ['part of two names: ambiguous', 'burger', ['item_beefburger', 'item_chickenburger']],
    ['part of two Arabic names: ambiguous', 'برجر', ['item_beefburger', 'item_chickenburger']],
  ])('%s: %p', (_name, typed, expected) => {
    expect(matchName(typed, richMenu)?.ids ?? []).toEqual(expected);
  });

  test.each([
    ['a number before', '2 burger', 'burger', 2],
    ['an Arabic-Indic number after', 'برجر لحم ٢', 'item_beefburger', 2],
    ['"x" with the number', 'lamb mandi x3', 'item_mandi', 3],
    ['a number and a typo', '4 shawrma', 'item_shawarma', 4],
  ])('%s: %p', (_name, typed, id, quantity) => {
    const match = matchName(typed, richMenu);
    expect(match?.quantity).toBe(quantity);
    if (id !== 'burger') expect(match?.ids).toEqual([id]);
  });

  test.each([['pizza'], ['asdf'], ['ok'], ['hi'], ['cashew'], ['٩٩ ٩٩']])('nothing for %p', (typed) => {
    expect(matchName(typed, richMenu)).toBeUndefined();
  });

  test('a name with a number in it is that item, not a quantity', () => {
    expect(matchName('dish 12', richMenu)).toEqual({ ids: ['item_dish12'], exact: true });
  });

  test('sold-out items and empty categories are never matched', () => {
    expect(matchName('mixed grill', richMenu)?.ids ?? []).not.toContain('item_mixed');
    expect(matchName('kunafa', richMenu)).toBeUndefined();
    expect(matchName('desserts', richMenu)).toBeUndefined();
  });
});

describe.each(LANGS)('typing names at the menu (%s)', (lang) => {
  const t = texts(lang);
  const toMenu = [text('hi'), ...TO_PICKUP_MENU];

  test.each([
    ['the category list', [] as DialogueInput[]],
    ['an item list', [button('cat_drinks')]],
    ['after adding an item', [button('cat_drinks'), button('item_laban'), button('qty_1')]],
  ])('at %s, an item name asks its quantity, as tapping it would', (_where, path) => {
    const typed = converse([...toMenu, ...path, text(lang === 'ar' ? 'مندي لحم' : 'Lamb Mandi')], { language: lang, ...rich });
    const tapped = converse([...toMenu, ...path, button('item_mandi')], { language: lang, ...rich });
    expect(typed.last).toEqual(tapped.last);
    expect(typed.state).toMatchObject({ step: 'choose_quantity', pendingItemId: 'mandi' });
  });

  test('a category name opens it, as tapping it would', () => {
    const typed = converse([...toMenu, button('cat_drinks'), text(lang === 'ar' ? 'المشويات' : 'grils')], { language: lang, ...rich });
    const tapped = converse([...toMenu, button('cat_drinks'), button('cat_grills')], { language: lang, ...rich });
    expect(typed.last).toEqual(tapped.last);
  });

  test.each([
    ['2 beef burger', 'برجر لحم ٢', 2],
    ['3 x kebab', '٣ كباب', 3],
  ])('%p / %p adds the item with that quantity', (en, ar, quantity) => {
    const { last, state } = converse([...toMenu, text(lang === 'ar' ? ar : en)], { language: lang, ...rich });
    expect(state.step).toBe('after_add');
    expect(state.cart).toHaveLength(1);
    expect(state.cart[0]!.quantity).toBe(quantity);
    expect(onlyReply(last).body).toContain(t.added(quantity, lang === 'ar' ? state.cart[0]!.nameAr : state.cart[0]!.nameEn));
  });

  test('a quantity over 20 with a name asks for a quantity again', () => {
    const { last, state } = converse([...toMenu, text('50 kebab')], { language: lang, ...rich });
    expect(state).toMatchObject({ step: 'choose_quantity', pendingItemId: 'kebab', cart: [] });
    expect(onlyReply(last).body).toContain(t.badQuantity);
  });

  test('an ambiguous name lists the candidates; a number then picks one', () => {
    const listed = converse([...toMenu, text(lang === 'ar' ? 'برجر' : 'burger')], { language: lang, ...rich });
    const r = onlyReply(listed.last);
    expect(r.body).toContain(t.whichOne);
    expect(r.ids).toEqual(['item_beefburger', 'item_chickenburger']);
    expect(listed.state.step).toBe('choose_category');
    const picked = step(listed.state, text('2'), ctx({ menu: richMenu }));
    expect(picked).toEqual(step(listed.state, button('item_chickenburger'), ctx({ menu: richMenu })));
    expect(picked.state).toMatchObject({ step: 'choose_quantity', pendingItemId: 'chickenburger' });
    expect(picked.state.candidates).toBeUndefined();
  });

  test('unclear input while candidates are listed repeats them with the help', () => {
    const listed = converse([...toMenu, text('burger'), text('hmm')], { language: lang, ...rich });
    const r = onlyReply(listed.last);
    expect(r.body).toContain(t.notUnderstood);
    expect(r.ids).toEqual(['item_beefburger', 'item_chickenburger']);
  });

  test('more than ten candidates: the first ten are listed', () => {
    const { last } = converse([...toMenu, text(lang === 'ar' ? 'طبق' : 'dish')], { language: lang, ...rich });
    expect(onlyReply(last).ids).toEqual(Array.from({ length: 10 }, (_, i) => `item_dish${i + 1}`));
  });

  test.each([['pizza'], ['بيتزا'], ['what is good today']])('a name that matches nothing, %p, gets the help', (typed) => {
    const { last, state } = converse([...toMenu, text(typed)], { language: lang, ...rich });
    const r = onlyReply(last);
    expect(r.body).toContain(t.notUnderstood);
    expect(r.ids).toEqual(['cat_grills', 'cat_drinks', 'cat_big', 'cat_mains']);
    expect(state.step).toBe('choose_category');
  });

  test('a keyword still wins over a near name ("cart" is the cart, not a dish)', () => {
    const { state } = converse([...toMenu, button('cat_drinks'), button('item_laban'), button('qty_1'), text('cart')], {
      language: lang,
      ...rich,
    });
    expect(state.step).toBe('view_cart');
  });

  test('an exact name wins over a keyword inside it ("Big Menu" is the category)', () => {
    const { state } = converse([...toMenu, button('cat_drinks'), text(lang === 'ar' ? 'قائمة كبيرة' : 'big menu')], {
      language: lang,
      ...rich,
    });
    expect(state).toMatchObject({ step: 'choose_item', categoryId: 'big' });
  });

  test('names are not read before the order type and branch are chosen', () => {
    const { state } = converse([text('hi'), button('new_order'), text('kebab')], { language: lang, ...rich });
    expect(state.step).toBe('choose_order_type');
  });

  test('outside opening hours a typed name gets the closed notice, no quantity question', () => {
    const start = converse(toMenu, { language: lang, ...rich }).state;
    const night = Date.UTC(2025, 0, 15, 21, 0);
    const result = step(start, text('kebab'), ctx({ menu: richMenu, now: night }));
    expect(result.state.step).toBe('welcome');
  });
});
