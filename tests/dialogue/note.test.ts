// The order note (SPEC §6): offered on the checkout summary, the next text (up to 500 characters)
// becomes the order's note, shown in the summary; skip words count only as the whole message.
import { step } from '../../src/dialogue';
import { texts } from '../../src/dialogue/catalogue';
import type { DialogueInput, Effect, Language } from '../../src/dialogue';
import { ORDER_REF, TO_PICKUP_MENU, button, converse, ctx, onlyReply, text } from './fixtures';

const LANGS: Language[] = ['ar', 'en'];
const TO_SUMMARY: DialogueInput[] = [
  text('hi'),
  ...TO_PICKUP_MENU,
  button('cat_grills'),
  button('item_kebab'),
  button('qty_2'),
  button('checkout'),
];
const NOTE = { en: 'No onions, please', ar: 'بدون بصل لو سمحت' };
const createdOrder = (effects: Effect[]) => effects.find((e) => e.kind === 'create_order');

describe.each(LANGS)('an order note (%s)', (lang) => {
  const t = texts(lang);

  test('the summary offers it after the payment options', () => {
    const { last } = converse(TO_SUMMARY, { language: lang });
    expect(onlyReply(last).ids).toEqual(['pay_online', 'pay_cash', 'add_note']);
  });

  test.each([
    ['the button', button('add_note')],
    ['its number', text('3')],
    ['a keyword', text(lang === 'ar' ? 'أضف ملاحظة' : 'add a note')],
  ])('%s asks for the note', (_how, input) => {
    const { last, state } = converse([...TO_SUMMARY, input], { language: lang });
    const r = onlyReply(last);
    expect(r.body).toBe(t.askNote);
    expect(r.ids).toEqual(['skip']);
    expect(state.step).toBe('await_note');
  });

  test('the next text is the note: shown in the summary and stored with the order', () => {
    const noted = converse([...TO_SUMMARY, button('add_note'), text(`  ${NOTE[lang]}  `)], { language: lang });
    const r = onlyReply(noted.last);
    expect(r.body).toContain(t.noteSaved);
    expect(r.body).toContain(t.noteLine(NOTE[lang]));
    expect(r.ids).toEqual(['pay_online', 'pay_cash', 'add_note']);
    expect(noted.state).toMatchObject({ step: 'checkout', note: NOTE[lang] });

    const paid = step(noted.state, button('pay_cash'), ctx());
    expect(createdOrder(paid.effects)).toMatchObject({ order: { orderReference: ORDER_REF, note: NOTE[lang] } });
    expect(paid.state.note).toBeUndefined();
  });

  test('an order without a note has none', () => {
    const paid = converse([...TO_SUMMARY, button('pay_cash')], { language: lang });
    const created = createdOrder(paid.last.effects);
    expect(created && 'order' in created ? created.order.note : 'missing').toBeUndefined();
  });

  test('500 characters are taken; 501 get a short request to shorten it', () => {
    const long = converse([...TO_SUMMARY, button('add_note'), text('x'.repeat(501))], { language: lang });
    expect(onlyReply(long.last).body).toContain(t.noteTooLong(500));
    expect(long.state).toMatchObject({ step: 'await_note' });
    expect(long.state.note).toBeUndefined();
    const fits = step(long.state, text('y'.repeat(500)), ctx());
    expect(fits.state).toMatchObject({ step: 'checkout', note: 'y'.repeat(500) });
  });

  test.each([['skip'], ['Skip'], ['تخطي'], ['no']])('%p alone skips back to the summary without a note', (word) => {
    const { state, last } = converse([...TO_SUMMARY, button('add_note'), text(word)], { language: lang });
    expect(state.step).toBe('checkout');
    expect(state.note).toBeUndefined();
    expect(onlyReply(last).ids).toEqual(['pay_online', 'pay_cash', 'add_note']);
  });

  test.each([['no onions'], ['لا بصل'], ['skip the sauce'], ['cash please, no pickles']])(
    '%p is a note, not a skip or a command',
    (typed) => {
      const { state } = converse([...TO_SUMMARY, button('add_note'), text(typed)], { language: lang });
      expect(state).toMatchObject({ step: 'checkout', note: typed });
    },
  );

  test('a new note replaces the old one', () => {
    const { state } = converse([...TO_SUMMARY, button('add_note'), text('first'), button('add_note'), text('second')], { language: lang });
    expect(state.note).toBe('second');
  });

  test('add_note outside the summary is not understood', () => {
    const { last, state } = converse([text('hi'), ...TO_PICKUP_MENU, button('add_note')], { language: lang });
    expect(onlyReply(last).body).toContain(t.notUnderstood);
    expect(state.step).toBe('choose_category');
  });
});

describe.each(LANGS)('skip words at the rating (%s)', (lang) => {
  const delivered: DialogueInput = { kind: 'order_status', orderReference: ORDER_REF, status: 'DELIVERED' };
  const start = {
    lastOrder: { orderReference: ORDER_REF, status: 'OUT_FOR_DELIVERY' as const, orderType: 'pickup' as const, total: 5000 },
  };

  test('"no" alone skips the rating', () => {
    const { state } = converse([text('hi'), delivered, text('no')], {
      language: lang,
      start: { ...converse([text('hi')], { language: lang }).state, ...start },
    });
    expect(state.step).toBe('welcome');
  });

  test('"no onions next time" is not a skip', () => {
    const { state } = converse([text('hi'), delivered, text('no onions next time')], {
      language: lang,
      start: { ...converse([text('hi')], { language: lang }).state, ...start },
    });
    expect(state.step).not.toBe('await_comment');
    expect(state.ratingOrderReference).toBe(ORDER_REF);
  });
});
