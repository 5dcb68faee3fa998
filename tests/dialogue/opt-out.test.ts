// Opting out and back in (SPEC §6): the words count only as the whole message, before any other
// keyword; while opted out nothing is answered but START, which brings back the welcome.
import { step } from '../../src/dialogue';
import { texts } from '../../src/dialogue/catalogue';
import type { DialogueInput, Language } from '../../src/dialogue';
import { TO_PICKUP_MENU, button, converse, ctx, onlyReply, text } from './fixtures';

const LANGS: Language[] = ['ar', 'en'];
/** Pickup at Olaya with 2 kebab in the cart: "الغاء" there abandons it. */
const WITH_CART: DialogueInput[] = [text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab'), button('qty_2')];

describe.each(LANGS)('in %s', (language) => {
  const t = texts(language);
  const optedOut = () => converse([...WITH_CART, text('STOP')], { language }).state;

  test.each([
    ['STOP', 'opts out'],
    ['stop', 'opts out'],
    ['  Stop! ', 'opts out'],
    ['UNSUBSCRIBE', 'opts out'],
    ['إيقاف', 'opts out'],
    ['ايقاف', 'opts out'],
    ['الغاء الاشتراك', 'opts out'],
    ['إلغاء الاشتراك', 'opts out'],
    ['الغاء', 'cancels the cart'],
    ['please stop the onions', 'is not an opt-out'],
    ['stop sending the menu', 'is not an opt-out'],
  ])('%j with a cart %s', (message, outcome) => {
    const { last, state } = converse([...WITH_CART, text(message)], { language });
    const optOut = last.effects.some((e) => e.kind === 'opt_out');
    expect(optOut).toBe(outcome === 'opts out');
    if (outcome === 'opts out') {
      expect(onlyReply(last).body).toBe(t.optedOut);
      expect(last.replies[0]!.optOutConfirmation).toBe(true);
      expect(state).toMatchObject({ optedOut: true, cart: [], step: 'welcome' });
    } else {
      expect(state.optedOut).toBeUndefined();
      expect(last.replies).toHaveLength(1);
      if (outcome === 'cancels the cart') expect(state.cart).toEqual([]);
    }
  });

  test.each([['hi'], ['menu'], ['STOP'], ['2'], ['track']])('opted out, %j gets no answer and changes nothing', (message) => {
    const state = optedOut();
    const result = step(state, text(message), ctx());
    expect(result).toEqual({ state, replies: [], effects: [] });
  });

  test('opted out, a tap, a location or a picture get no answer', () => {
    const state = optedOut();
    for (const input of [
      button('new_order'),
      { kind: 'location', lat: 24.7, lng: 46.69 },
      { kind: 'media', mediaType: 'image/jpeg' },
    ] as const) {
      expect(step(state, input, ctx()).replies).toEqual([]);
    }
  });

  test.each([['START'], ['start'], ['ابدأ'], ['ابدا']])('opted out, %j opts back in with a confirmation and the welcome', (message) => {
    const result = step(optedOut(), text(message), ctx());
    expect(result.effects).toEqual([{ kind: 'opt_in' }]);
    expect(result.state.optedOut).toBeUndefined();
    expect(result.state.step).toBe('welcome');
    const { body, ids } = onlyReply(result);
    expect(body.startsWith(`${t.optedIn}\n\n${t.welcome('Sufrah Grill')}`)).toBe(true);
    expect(ids).toContain('new_order');
  });

  test.each([['start'], ['ابدأ']])('opted in, %j starts a new order as before', (message) => {
    const { last } = converse([text('hi'), text(message)], { language });
    expect(last.effects).toEqual([]);
    expect(onlyReply(last).ids).toEqual(['order_delivery', 'order_pickup']);
  });

  test('an order status while opted out is still told to the outbound path (which holds it)', () => {
    const result = step(optedOut(), { kind: 'order_status', orderReference: 'ORD-TEST1', status: 'PREPARING' }, ctx());
    expect(result.state.optedOut).toBe(true);
  });

  test('runs recorded before opt-out read the words as any other text', () => {
    const state = converse([text('hi')], { language }).state;
    const result = step(state, text('STOP'), { ...ctx(), optOutWords: false });
    expect(result.effects).toEqual([]);
    expect(result.state.optedOut).toBeUndefined();
  });
});

test('a first message STOP is confirmed in the language it is written in', () => {
  const result = step(
    { ...converse([text('x')]).state, step: 'welcome', offered: [], detectLanguage: true, language: 'ar' },
    text('STOP'),
    ctx(),
  );
  expect(onlyReply(result).body).toBe(texts('en').optedOut);
});
