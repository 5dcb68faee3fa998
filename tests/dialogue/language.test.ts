// The customer's language (SPEC §6): the restaurant's unless a fresh conversation's first message
// is plainly in the other one; a detected or chosen language is remembered (an effect).
import { initialState, step } from '../../src/dialogue';
import { texts } from '../../src/dialogue/catalogue';
import { writtenIn } from '../../src/dialogue/parse';
import type { DialogueInput, DialogueState, Language } from '../../src/dialogue';
import { button, converse, ctx, text } from './fixtures';

/** A fresh run with nothing remembered, as the workflow starts it. */
const fresh = (locale: Language): DialogueState => ({ ...initialState(locale), detectLanguage: true });
const remember = (language: Language) => ({ kind: 'remember_language', language });

describe('writtenIn() tells the script a message is plainly written in', () => {
  test.each([
    ['Hello, I would like to order', 'en'],
    ['hi', 'en'],
    ['مرحبا، أبغى أطلب', 'ar'],
    ['السلام عليكم 👋', 'ar'],
    ['2 burger', 'en'],
    ['برجر ٢', 'ar'],
    ['hi مرحبا', undefined],
    ['123', undefined],
    ['👍', undefined],
    ['', undefined],
  ])('%p → %p', (message, expected) => {
    expect(writtenIn(message)).toBe(expected);
  });
});

describe('the first message of a fresh conversation', () => {
  test.each([
    ['English at an Arabic restaurant', 'ar', 'Hello, I would like to order', 'en'],
    ['Arabic at an English restaurant', 'en', 'السلام عليكم', 'ar'],
    ['English at an English restaurant', 'en', 'hi', 'en'],
    ['Arabic at an Arabic restaurant', 'ar', 'مرحبا', 'ar'],
  ])('%s is answered in its language, which is remembered', (_name, locale, message, language) => {
    const result = step(fresh(locale as Language), text(message), ctx({ restaurant: { locale: locale as Language } }));
    expect(result.state).toMatchObject({ language, rememberedLanguage: language });
    expect(result.state.detectLanguage).toBeUndefined();
    expect(result.effects).toEqual([remember(language as Language)]);
    expect(result.replies[0]!.body).toContain(texts(language as Language).welcome('Sufrah Grill'));
  });

  test('"Hello, I would like to order" at an Arabic restaurant starts the order in English', () => {
    const result = step(fresh('ar'), text('Hello, I would like to order'), ctx());
    expect(result.state.step).toBe('choose_order_type');
    expect(result.replies[0]!.body).toContain(texts('en').chooseOrderType);
  });

  test.each([
    ['a number', text('1')],
    ['an emoji', text('👍')],
    ['both scripts', text('hi مرحبا')],
    ['a button', button('new_order')],
    ['a picture', { kind: 'media', mediaType: 'image/jpeg' } as DialogueInput],
  ])('%s keeps the restaurant language and remembers nothing', (_name, input) => {
    const result = step(fresh('ar'), input, ctx());
    expect(result.state.language).toBe('ar');
    expect(result.state.rememberedLanguage).toBeUndefined();
    expect(result.state.detectLanguage).toBeUndefined();
    expect(result.effects).toEqual([]);
  });

  test('only the first message counts: a later one in the other script changes nothing', () => {
    const { state, results } = converse([text('مرحبا'), text('Delivery')], { start: fresh('ar') });
    expect(state.language).toBe('ar');
    expect(results[1]!.effects).toEqual([]);
  });

  test('typing the other language by name as the first message chooses it once', () => {
    const result = step(fresh('en'), text('عربي'), ctx({ restaurant: { locale: 'en' } }));
    expect(result.state.language).toBe('ar');
    expect(result.effects).toEqual([remember('ar')]);
  });

  test('a conversation that does not detect (a carried run) keeps its language', () => {
    const result = step(initialState('ar'), text('hello'), ctx());
    expect(result.state.language).toBe('ar');
    expect(result.effects).toEqual([]);
  });
});

describe.each<Language>(['ar', 'en'])('an explicit choice (remembered %s)', (remembered) => {
  const start: DialogueState = { ...initialState(remembered), rememberedLanguage: remembered };
  const other: Language = remembered === 'ar' ? 'en' : 'ar';

  test('the other language is remembered', () => {
    const result = step(start, button(`lang_${other}`), ctx());
    expect(result.state).toMatchObject({ language: other, rememberedLanguage: other });
    expect(result.effects).toEqual([remember(other)]);
  });

  test('the same language again is not written again', () => {
    const result = step(start, button(`lang_${remembered}`), ctx());
    expect(result.effects).toEqual([]);
  });

  test('a remembered language is not overruled by the script of a message', () => {
    const result = step(start, text(remembered === 'ar' ? 'hello' : 'مرحبا'), ctx());
    expect(result.state.language).toBe(remembered);
    expect(result.effects).toEqual([]);
  });
});
