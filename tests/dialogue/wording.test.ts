// The wording of the key messages, locked in both languages (issue 13 item 7): branch names
// are not doubled ("Olaya Branch branch", "فرع فرع العليا"), the quantity list reads naturally,
// Arabic counts its nouns, and money keeps Western digits in both languages.
import { renderText } from '../../src/dialogue';
import { texts } from '../../src/dialogue/catalogue';
import type { Texts } from '../../src/dialogue/catalogue';
import type { Language, Menu } from '../../src/dialogue';
import { TO_PICKUP_MENU, button, converse, location, menu, NEAR_OLAYA, text } from './fixtures';

/** Branches named the way restaurants name them, with the word "branch" in the name. */
const namedMenu: Menu = {
  ...menu,
  branches: menu.branches.map((b) => (b.id === 'olaya' ? { ...b, nameEn: 'Olaya Branch', nameAr: 'فرع العليا' } : b)),
};
const named = { ctx: { menu: namedMenu } };

describe('key messages, word for word', () => {
  test.each<[string, (t: Texts) => string, string, string]>([
    ['welcome', (t) => t.welcome('Sufrah Grill'), 'Welcome to Sufrah Grill! 👋', 'أهلاً بك في Sufrah Grill! 👋'],
    ['the welcome question', (t) => t.chooseAction, 'How can we help you today?', 'كيف نقدر نخدمك اليوم؟'],
    [
      'not understood',
      (t) => t.notUnderstood,
      "Sorry, I didn't understand that. Please tap an option or type its number.",
      'عذراً، ما فهمت رسالتك. اختر من الخيارات أو اكتب رقم الخيار.',
    ],
    [
      'pickup branch',
      (t) => t.pickupFrom(t === texts('ar') ? 'فرع العليا' : 'Olaya Branch'),
      "Great! You'll pick up your order from Olaya Branch.",
      'ممتاز! بتستلم طلبك من فرع العليا.',
    ],
    [
      'delivering branch',
      (t) => t.deliveringFrom(t === texts('ar') ? 'فرع العليا' : 'Olaya Branch'),
      "Great! We'll deliver your order from Olaya Branch.",
      'ممتاز! بنوصّل طلبك من فرع العليا.',
    ],
    [
      'the quantity question',
      (t) => t.askQuantity(t === texts('ar') ? 'شاورما' : 'Shawarma', '15.00'),
      'How many Shawarma would you like? 15.00 each. Tap a number, or type any quantity up to 20.',
      'كم تبي من شاورما؟ سعر الواحد 15.00. اختر العدد أو اكتب أي رقم إلى 20.',
    ],
    [
      'one item added',
      (t) => t.afterAdd(1, '15.00'),
      'You have 1 item in your cart (15.00). What would you like to do next?',
      'في سلتك الحين صنف واحد، والمجموع 15.00. وش تحب تسوي بعدها؟',
    ],
    [
      'two items added',
      (t) => t.afterAdd(2, '30.00'),
      'You have 2 items in your cart (30.00). What would you like to do next?',
      'في سلتك الحين صنفين، والمجموع 30.00. وش تحب تسوي بعدها؟',
    ],
    [
      'five items added',
      (t) => t.afterAdd(5, '75.00'),
      'You have 5 items in your cart (75.00). What would you like to do next?',
      'في سلتك الحين 5 أصناف، والمجموع 75.00. وش تحب تسوي بعدها؟',
    ],
    [
      'twelve items added',
      (t) => t.afterAdd(12, '180.00'),
      'You have 12 items in your cart (180.00). What would you like to do next?',
      'في سلتك الحين 12 صنف، والمجموع 180.00. وش تحب تسوي بعدها؟',
    ],
    [
      'below the minimum',
      (t) => t.belowMinimum('30.00', '5.00'),
      'The minimum order for delivery is 30.00. Please add 5.00 more.',
      'الحد الأدنى لطلب التوصيل 30.00. أضف أصنافاً بقيمة 5.00 وتقدر تكمل طلبك.',
    ],
    [
      'order confirmed',
      (t) => t.orderConfirmed('ORD-TEST1', '45.00'),
      '✅ Your order ORD-TEST1 is confirmed. Total: 45.00. Thank you!',
      '✅ تم تأكيد طلبك ORD-TEST1. الإجمالي: 45.00. شكراً لك!',
    ],
    [
      'status update',
      (t) => t.statusUpdate('ORD-TEST1', t.status.PREPARING),
      'Update on your order ORD-TEST1: it is now being prepared.',
      'تحديث على طلبك ORD-TEST1: حالته الآن قيد التحضير.',
    ],
    [
      'the note question',
      (t) => t.askNote,
      'Type your note for the restaurant (for example "no onions, please"), or tap Skip.',
      'اكتب ملاحظتك للمطعم (مثلاً "بدون بصل لو سمحت")، أو اضغط تخطي.',
    ],
    [
      'a note too long',
      (t) => t.noteTooLong(500),
      'That note is too long. Please shorten it to 500 characters or fewer.',
      'الملاحظة طويلة. اختصرها إلى 500 حرف أو أقل من فضلك.',
    ],
  ])('%s', (_name, message, en, ar) => {
    expect(message(texts('en'))).toBe(en);
    expect(message(texts('ar'))).toBe(ar);
  });
});

describe.each<Language>(['ar', 'en'])('as the customer reads them (%s)', (lang) => {
  const doubled = /(^|\s)(\S+)\s+\2(\s|$|[.,:!?،؟)])/iu;

  test('a branch named "… Branch" / "فرع …" is not doubled anywhere on the way to the summary', () => {
    const pickup = converse(
      [text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab'), button('qty_1'), button('checkout')],
      {
        language: lang,
        ...named,
      },
    );
    const delivery = converse([text('hi'), button('new_order'), button('order_delivery'), location(NEAR_OLAYA)], {
      language: lang,
      ...named,
    });
    for (const result of [...pickup.results, ...delivery.results]) {
      for (const reply of result.replies) expect(renderText(reply)).not.toMatch(doubled);
    }
    expect(pickup.results[3]!.replies[0]!.body).toContain(lang === 'ar' ? 'فرع العليا' : 'Olaya Branch');
  });

  test('the quantity list reads "1. One", not "1. 1"', () => {
    const { last } = converse([text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab')], { language: lang });
    const lines = renderText(last.replies[0]!).split('\n');
    const expected = lang === 'ar' ? ['1. واحد', '2. اثنين', '3. ثلاثة'] : ['1. One', '2. Two', '3. Three'];
    expected.forEach((line) => expect(lines).toContain(line));
  });

  test('a quantity typed as its word is the tap', () => {
    const start = converse([text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab')], { language: lang }).state;
    const word = lang === 'ar' ? 'اثنين' : 'two';
    const typed = converse([text(word)], { language: lang, start });
    expect(typed.state.cart).toMatchObject([{ menuItemId: 'kebab', quantity: 2 }]);
  });

  test('money keeps Western digits', () => {
    const { last } = converse([text('hi'), ...TO_PICKUP_MENU, button('cat_grills')], { language: lang });
    const rendered = renderText(last.replies[0]!);
    expect(rendered).toMatch(/15\.00/);
    expect(rendered).not.toMatch(/[\u0660-\u0669]/);
  });

  test('no text of the catalogue has a word twice in a row', () => {
    const t = texts(lang) as unknown as Record<string, unknown>;
    const samples = ['Olaya Branch', 'ORD-TEST1', '10.00', 'https://pay.example/x'];
    const argsOf: Record<string, unknown[]> = {
      closed: [{ dayOffset: 2, weekday: 'fri', time: '13:00' }],
      cartUpdated: [['Laban', 'Juice']],
      summaryHeader: ['delivery', 'Olaya Branch'],
      added: [2, 'Kebab'],
      afterAdd: [3, '10.00'],
      cartLine: [2, 'Kebab', '10.00'],
      noteTooLong: [500],
      quantity: [2],
      reorderLeftOut: [['Kunafa', 'Extra cheese (Shawarma)']],
      askOption: ['Shawarma', 'Size', 1, 3],
      optionsSoFar: ['Shawarma (Large)', '20.00'],
    };
    for (const [key, value] of Object.entries(t)) {
      const call = (value: unknown) => String((value as (...a: unknown[]) => unknown)(...(argsOf[key] ?? samples)));
      const rendered = typeof value === 'function' ? call(value) : JSON.stringify(value);
      expect({ key, rendered }).toEqual({ key, rendered: expect.not.stringMatching(doubled) });
    }
  });
});
