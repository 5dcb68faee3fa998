// Rules that hold at every step in both languages: never silence, `offered` mirrors the options,
// typed numbers equal taps, lists stay within 10 rows, state survives JSON, step() is pure.
import * as fs from 'node:fs';
import { initialState, renderText, step } from '../../src/dialogue';
import type { DialogueInput, DialogueState, DialogueStep, Language, StepContext } from '../../src/dialogue';
import { JEDDAH, ORDER_REF, TO_PICKUP_MENU, button, converse, ctx, location, optionsMenu, text } from './fixtures';

const LANGS: Language[] = ['ar', 'en'];
const delivered: DialogueInput = { kind: 'order_status', orderReference: ORDER_REF, status: 'DELIVERED' };
const withOrder = (lang: Language): DialogueState => ({
  ...initialState(lang),
  lastOrder: { orderReference: ORDER_REF, status: 'OUT_FOR_DELIVERY', orderType: 'pickup', total: 5000 },
});
const TO_ADDED = [text('hi'), ...TO_PICKUP_MENU, button('cat_big'), button('item_dish1'), button('qty_1')];

const STEPS: [DialogueStep, DialogueInput[]][] = [
  ['welcome', [text('hi')]],
  ['choose_order_type', [text('hi'), button('new_order')]],
  ['await_location', [text('hi'), button('new_order'), button('order_delivery')]],
  ['choose_branch', [text('hi'), button('new_order'), button('order_pickup')]],
  ['choose_category', [text('hi'), ...TO_PICKUP_MENU]],
  ['choose_item', [text('hi'), ...TO_PICKUP_MENU, button('cat_big')]],
  ['choose_quantity', [text('hi'), ...TO_PICKUP_MENU, button('cat_big'), button('item_dish1')]],
  ['after_add', TO_ADDED],
  ['view_cart', [...TO_ADDED, button('view_cart')]],
  ['remove_item', [...TO_ADDED, button('view_cart'), button('remove_item')]],
  ['checkout', [...TO_ADDED, button('checkout')]],
  ['await_note', [...TO_ADDED, button('checkout'), button('add_note')]],
  ['await_rating', [text('hi'), delivered]],
  ['await_comment', [text('hi'), delivered, button('rate_5')]],
];

function reach(lang: Language, inputs: DialogueInput[]): DialogueState {
  return converse(inputs, { language: lang, start: withOrder(lang) }).state;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const JUNK: [string, DialogueInput][] = [
  ['a number not offered', text('99')],
  ['Arabic digits not offered', text('٩٩')],
  ['a word that only contains a keyword', text('cashew')],
  ['gibberish', text('asdf qwer')],
  ['an unknown button', button('nonsense')],
  ['an unavailable item', button('item_mixed')],
  ['a voice note', { kind: 'media', mediaType: 'audio/ogg' }],
  ['an empty message', text('   ')],
];

describe.each(LANGS)('at every step (%s)', (lang) => {
  describe.each(STEPS)('%s', (stepName, inputs) => {
    const state = reach(lang, inputs);

    test('is reached by the listed inputs', () => {
      expect(state.step).toBe(stepName);
    });

    test('its options fit a WhatsApp list and `offered` lists them in order', () => {
      const shown = converse(inputs, { language: lang, start: withOrder(lang) }).last.replies.at(-1)!;
      expect(shown.options?.length ?? 0).toBeGreaterThan(0);
      expect(shown.options!.length).toBeLessThanOrEqual(10);
      expect(state.offered).toEqual(shown.options!.map((o) => o.id));
      const rendered = renderText(shown).split('\n');
      shown.options!.forEach((o, i) => expect(rendered).toContainEqual(expect.stringMatching(new RegExp(`^${i + 1}\\. `))));
    });

    test('typing an option number does exactly what tapping it does', () => {
      state.offered.forEach((id, i) => {
        expect(step(state, text(String(i + 1)), ctx())).toEqual(step(state, button(id), ctx()));
      });
    });

    // Where free text is the answer (a comment, a note), any non-empty text is taken as it.
    const freeText = stepName === 'await_comment' || stepName === 'await_note';
    const junk = JUNK.filter(([, input]) => !(freeText && input.kind === 'text' && input.text.trim() !== ''));
    test.each(junk)('%s gets help with the same options, changing nothing', (_name, input) => {
      const result = step(state, input, ctx());
      expect(result.replies).toHaveLength(1);
      expect(result.replies[0]!.body.length).toBeGreaterThan(0);
      expect(result.replies[0]!.options?.map((o) => o.id)).toEqual(state.offered);
      expect(result.effects).toEqual([]);
      expect(result.state).toEqual(state);
    });

    test('a location is either used or answered with help', () => {
      const result = step(state, location(JEDDAH), ctx());
      expect(result.replies).toHaveLength(1);
      expect(result.replies[0]!.options?.length ?? 0).toBeGreaterThan(0);
      expect(result.state.cart).toEqual(state.cart);
    });

    test('state survives a JSON round trip (workflow state, continue-as-new)', () => {
      const copy = JSON.parse(JSON.stringify(state)) as DialogueState;
      for (const input of [text('1'), text('hi'), button('more')]) {
        expect(step(copy, input, ctx())).toEqual(step(state, input, ctx()));
      }
    });

    test('step() neither mutates its inputs nor depends on anything but them', () => {
      const frozenState = deepFreeze(structuredClone(state));
      const frozenCtx: StepContext = deepFreeze(ctx());
      const first = step(frozenState, text('1'), frozenCtx);
      expect(step(frozenState, text('1'), frozenCtx)).toEqual(first);
      expect(frozenState).toEqual(state);
    });
  });
});

/** The options steps (SPEC §6 "Item options") on a menu whose burger has option groups. */
const TO_BURGER = [text('hi'), ...TO_PICKUP_MENU, button('cat_burgers'), button('item_burger')];
const OPTION_STEPS: [string, DialogueInput[]][] = [
  ['a required single-choice group', TO_BURGER],
  ['an optional multi-choice group, nothing chosen', [...TO_BURGER, button('opt_large')]],
  ['a multi-choice group with one chosen', [...TO_BURGER, button('opt_large'), button('opt_cheese')]],
  ['an optional single-choice group', [...TO_BURGER, button('opt_large'), button('skip')]],
  ['the quantity after options', [...TO_BURGER, button('opt_large'), button('skip'), button('skip')]],
  ['a reordered cart asking the order type', [text('hi'), button('reorder')]],
];
const withPastOrder = (lang: Language): DialogueState => ({
  ...withOrder(lang),
  reorder: {
    orderReference: 'ORD-PAST1',
    lines: [{ menuItemId: 'burger', name: 'Burger', quantity: 1, options: [{ id: 'large', nameAr: 'كبير', nameEn: 'Large' }] }],
  },
});

describe.each(LANGS)('at the option and reorder steps (%s)', (lang) => {
  const optionsCtx = () => ctx({ menu: optionsMenu });
  describe.each(OPTION_STEPS)('%s', (_name, inputs) => {
    const run = converse(inputs, { language: lang, start: withPastOrder(lang), ctx: { menu: optionsMenu } });
    const state = run.state;

    test('options are offered, fit a list, and `offered` lists them in order', () => {
      const shown = run.last.replies.at(-1)!;
      expect(shown.options?.length ?? 0).toBeGreaterThan(0);
      expect(shown.options!.length).toBeLessThanOrEqual(10);
      expect(state.offered).toEqual(shown.options!.map((o) => o.id));
    });

    test('typing an option number does exactly what tapping it does', () => {
      state.offered.forEach((id, i) =>
        expect(step(state, text(String(i + 1)), optionsCtx())).toEqual(step(state, button(id), optionsCtx())),
      );
    });

    test.each([...JUNK, ['a sentence with a skip word', text('no onions')] as [string, DialogueInput]])(
      '%s gets help with the same options, changing nothing',
      (_what, input) => {
        const result = step(state, input, optionsCtx());
        expect(result.replies).toHaveLength(1);
        expect(result.replies[0]!.body.length).toBeGreaterThan(0);
        expect(result.replies[0]!.options?.map((o) => o.id)).toEqual(state.offered);
        expect(result.effects).toEqual([]);
        expect(result.state).toEqual(state);
      },
    );

    test('state survives a JSON round trip, and step() stays pure', () => {
      const copy = JSON.parse(JSON.stringify(state)) as DialogueState;
      for (const input of [text('1'), text('hi'), button('skip'), button('opt_done')]) {
        expect(step(copy, input, optionsCtx())).toEqual(step(state, input, optionsCtx()));
      }
      const frozenState = deepFreeze(structuredClone(state));
      const first = step(frozenState, text('1'), deepFreeze(optionsCtx()));
      expect(step(frozenState, text('1'), deepFreeze(optionsCtx()))).toEqual(first);
      expect(frozenState).toEqual(state);
    });
  });
});

describe.each(LANGS)('with candidates for an ambiguous name listed (%s)', (lang) => {
  const state = reach(lang, [text('hi'), ...TO_PICKUP_MENU, text('dish')]);

  test('they are offered, ten at most', () => {
    expect(state.candidates).toHaveLength(10);
    expect(state.offered).toEqual(state.candidates);
  });

  test('typing a candidate number does exactly what tapping it does, and the list is gone', () => {
    state.offered.forEach((id, i) => {
      const typed = step(state, text(String(i + 1)), ctx());
      expect(typed).toEqual(step(state, button(id), ctx()));
      expect(typed.state.candidates).toBeUndefined();
    });
  });

  test.each(JUNK.filter(([, input]) => input.kind !== 'button'))('%s gets help with the same candidates', (_name, input) => {
    const result = step(state, input, ctx());
    expect(result.replies).toHaveLength(1);
    expect(result.replies[0]!.options?.map((o) => o.id)).toEqual(state.offered);
    expect(result.state).toEqual(state);
  });
});

describe.each(LANGS)('typing a name does what tapping it does (%s)', (lang) => {
  const names: [DialogueStep, DialogueInput[], string, string][] = [
    ['choose_category', [text('hi'), ...TO_PICKUP_MENU], 'cat_drinks', lang === 'ar' ? 'مشروبات' : 'Drinks'],
    ['choose_item', [text('hi'), ...TO_PICKUP_MENU, button('cat_big')], 'item_kebab', lang === 'ar' ? 'كباب' : 'kebab'],
    ['after_add', TO_ADDED, 'item_juice', lang === 'ar' ? 'عصير' : 'juice'],
  ];
  test.each(names)('%s', (_step, inputs, id, name) => {
    const state = reach(lang, inputs);
    expect(step(state, text(name), ctx())).toEqual(step(state, button(id), ctx()));
  });
});

describe('the dialogue module stays pure', () => {
  const dir = `${__dirname}/../../src/dialogue`;
  const sources = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
  /** Packages the dialogue may import: pure functions, no Node built-ins, bundled into the workflow. */
  const PURE_PACKAGES = ['fastest-levenshtein'];

  test.each(sources)('%s uses no clock, randomness or I/O', (file) => {
    const source = fs.readFileSync(`${dir}/${file}`, 'utf8');
    expect(source).not.toMatch(/Date\.now|Math\.random|new Date\(\)|process\.|require\(/);
    const packages = [...source.matchAll(/from '([^.][^']*)'/g)].map((m) => m[1]);
    expect(packages.filter((p) => !PURE_PACKAGES.includes(p!))).toEqual([]);
  });

  test.each(PURE_PACKAGES)('%s uses no clock, randomness, I/O or Node built-ins', (name) => {
    const source = fs.readFileSync(require.resolve(name), 'utf8');
    expect(source).not.toMatch(/Date\.now|Math\.random|new Date\(|process\.|require\(|import\(/);
  });
});
