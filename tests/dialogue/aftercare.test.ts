// Tracking, cancelling, support, status updates, rating and comment, and cart expiry.
import { initialState, step } from '../../src/dialogue';
import { texts } from '../../src/dialogue/catalogue';
import type { DialogueState, Language, OrderStatus } from '../../src/dialogue';
import { ORDER_REF, SUPPORT, TO_PICKUP_MENU, button, converse, ctx, onlyReply, text } from './fixtures';

const LANGS: Language[] = ['ar', 'en'];
const ALL_STATUSES: OrderStatus[] = [
  'AWAITING_PAYMENT',
  'CONFIRMED',
  'PREPARING',
  'OUT_FOR_DELIVERY',
  'READY_FOR_PICKUP',
  'DELIVERED',
  'PICKED_UP',
  'CANCELLED',
];

function withOrder(lang: Language, status: OrderStatus, extra: Partial<DialogueState> = {}): DialogueState {
  return {
    ...initialState(lang),
    offered: ['new_order'],
    lastOrder: { orderReference: ORDER_REF, status, orderType: 'delivery', total: 6000 },
    ...extra,
  };
}
const statusInput = (status: OrderStatus, orderReference = ORDER_REF) => ({ kind: 'order_status' as const, orderReference, status });

describe.each(LANGS)('tracking (%s)', (lang) => {
  const t = texts(lang);

  test.each(ALL_STATUSES)('track_order tells the status %s in the language', (status) => {
    const result = step(withOrder(lang, status), button('track_order'), ctx());
    expect(onlyReply(result).body).toContain(t.trackStatus(ORDER_REF, t.status[status]));
    expect(result.effects).toEqual([]);
  });

  test.each([
    ['number', text('2')],
    ['English keyword', text('where is my order?')],
    ['Arabic keyword', text('تتبع')],
  ])('track by %s', (_how, input) => {
    const shown = step(withOrder(lang, 'PREPARING'), text('hello'), ctx());
    const result = step(shown.state, input, ctx());
    expect(onlyReply(result).body).toContain(t.trackStatus(ORDER_REF, t.status.PREPARING));
  });

  test('no orders yet', () => {
    const result = step(initialState(lang), button('track_order'), ctx());
    expect(onlyReply(result).body).toContain(t.noOrders);
  });

  test('tracking mid-order keeps the step and the cart', () => {
    const before = converse([text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab'), button('qty_1')], {
      language: lang,
      start: withOrder(lang, 'PREPARING'),
    });
    const after = step(before.state, text(lang === 'ar' ? 'تتبع' : 'track'), ctx());
    expect(after.state.step).toBe('after_add');
    expect(after.state.cart).toEqual(before.state.cart);
    expect(onlyReply(after).ids).toEqual(['add_item', 'view_cart', 'checkout']);
  });
});

describe.each(LANGS)('cancelling the last order (%s)', (lang) => {
  const t = texts(lang);

  test.each(['AWAITING_PAYMENT', 'CONFIRMED'] as const)('allowed while %s', (status) => {
    const start = withOrder(lang, status);
    const shown = step(start, text('hello'), ctx());
    expect(shown.state.offered).toContain('cancel_order');
    const result = step(shown.state, button('cancel_order'), ctx());
    expect(result.effects).toEqual([{ kind: 'cancel_order', orderReference: ORDER_REF }]);
    expect(onlyReply(result).body).toContain(t.orderCancelled(ORDER_REF));
    expect(result.state.lastOrder?.status).toBe('CANCELLED');
    expect(result.state.offered).not.toContain('cancel_order');
  });

  test.each([
    ['typed number', text('4')],
    ['English keyword', text('cancel my order')],
    ['Arabic keyword', text('إلغاء الطلب')],
  ])('by %s', (_how, input) => {
    const shown = step(withOrder(lang, 'CONFIRMED'), text('hello'), ctx());
    const result = step(shown.state, input, ctx());
    expect(result.effects).toEqual([{ kind: 'cancel_order', orderReference: ORDER_REF }]);
  });

  test.each(['PREPARING', 'OUT_FOR_DELIVERY', 'READY_FOR_PICKUP', 'DELIVERED', 'PICKED_UP', 'CANCELLED'] as const)(
    'refused politely once %s',
    (status) => {
      const result = step(withOrder(lang, status), button('cancel_order'), ctx());
      expect(result.effects).toEqual([]);
      expect(onlyReply(result).body).toContain(t.cannotCancel(ORDER_REF, t.status[status]));
      expect(result.state.lastOrder?.status).toBe(status);
    },
  );

  test.each(['PREPARING', 'OUT_FOR_DELIVERY', 'READY_FOR_PICKUP'] as const)(
    'a cancel the restaurant got ahead of (%s) is answered with the status that stands',
    (status) => {
      const cancelled = step(withOrder(lang, 'CONFIRMED'), button('cancel_order'), ctx());
      expect(cancelled.effects).toEqual([{ kind: 'cancel_order', orderReference: ORDER_REF }]);
      // The workflow's cancel was refused: it answers from the state before the step.
      const result = step(withOrder(lang, 'CONFIRMED'), { kind: 'cancel_refused', orderReference: ORDER_REF, status }, ctx());
      expect(result.effects).toEqual([]);
      expect(onlyReply(result).body).toContain(t.cannotCancel(ORDER_REF, t.status[status]));
      expect(onlyReply(result).body).not.toContain(t.orderCancelled(ORDER_REF));
      expect(result.state.lastOrder?.status).toBe(status);
    },
  );

  test('nothing to cancel', () => {
    const result = step(initialState(lang), button('cancel_order'), ctx());
    expect(result.effects).toEqual([]);
    expect(onlyReply(result).body).toContain(t.noOrderToCancel);
  });

  test('works outside opening hours', () => {
    const result = step(withOrder(lang, 'CONFIRMED'), button('cancel_order'), ctx({ now: Date.UTC(2025, 0, 15, 3, 0) }));
    expect(result.effects).toEqual([{ kind: 'cancel_order', orderReference: ORDER_REF }]);
  });
});

describe.each(LANGS)('support (%s)', (lang) => {
  const t = texts(lang);

  test.each([
    ['button', button('contact_support')],
    ['number', text('3')],
    ['English keyword', text('I want to talk to an agent')],
    ['Arabic keyword', text('أبي موظف')],
  ])('by %s: sends the contact and hands off', (_how, input) => {
    const { last, state } = converse([text('hi'), input], { language: lang });
    const r = onlyReply(last);
    expect(r.body).toContain(t.supportHandoff);
    expect(r.body).toContain(SUPPORT);
    expect(last.effects).toEqual([{ kind: 'handoff' }]);
    expect(state.step).toBe('welcome');
  });

  test('without a support contact it still hands off', () => {
    const { last } = converse([text('hi'), button('contact_support')], { language: lang, ctx: { restaurant: { supportContact: null } } });
    expect(onlyReply(last).body).toBe(t.supportHandoff);
    expect(last.effects).toEqual([{ kind: 'handoff' }]);
  });

  test('mid-order it keeps the cart for when the bot is back', () => {
    const { state } = converse(
      [text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab'), button('qty_1'), text('support')],
      { language: lang },
    );
    expect(state.cart).toHaveLength(1);
  });
});

describe.each(LANGS)('order status updates, rating and comment (%s)', (lang) => {
  const t = texts(lang);

  test.each(['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'READY_FOR_PICKUP', 'CANCELLED'] as const)(
    '%s is told in the language, without options',
    (status) => {
      const start = withOrder(lang, 'AWAITING_PAYMENT', { offered: ['new_order', 'track_order'] });
      const result = step(start, statusInput(status), ctx());
      const r = onlyReply(result);
      expect(r.body).toBe(t.statusUpdate(ORDER_REF, t.status[status]));
      expect(r.ids).toEqual([]);
      expect(result.state.lastOrder?.status).toBe(status);
      expect(result.state.offered).toEqual(['new_order', 'track_order']);
      expect(result.effects).toEqual([]);
    },
  );

  test('the same status twice is told once', () => {
    const result = step(withOrder(lang, 'PREPARING'), statusInput('PREPARING'), ctx());
    expect(result.replies).toEqual([]);
  });

  test('a status of another order is told but does not replace the last order', () => {
    const result = step(withOrder(lang, 'CONFIRMED'), statusInput('PREPARING', 'ORD-OLD'), ctx());
    expect(onlyReply(result).body).toBe(t.statusUpdate('ORD-OLD', t.status.PREPARING));
    expect(result.state.lastOrder?.orderReference).toBe(ORDER_REF);
  });

  test.each(['DELIVERED', 'PICKED_UP'] as const)('%s asks for a rating 1–5', (status) => {
    const result = step(withOrder(lang, 'OUT_FOR_DELIVERY'), statusInput(status), ctx());
    const r = onlyReply(result);
    expect(r.body).toContain(t.statusUpdate(ORDER_REF, t.status[status]));
    expect(r.body).toContain(t.askRating(ORDER_REF));
    expect(r.ids).toEqual(['rate_1', 'rate_2', 'rate_3', 'rate_4', 'rate_5', 'skip']);
    expect(result.state).toMatchObject({ step: 'await_rating', ratingOrderReference: ORDER_REF });
  });

  const delivered = (): DialogueState => step(withOrder(lang, 'OUT_FOR_DELIVERY'), statusInput('DELIVERED'), ctx()).state;

  test.each([
    ['button', button('rate_4'), 4],
    ['typed number', text('5'), 5],
    ['Arabic digit', text('٣'), 3],
    ['list ID typed', text('rate_1'), 1],
  ])('a rating by %s is stored, then an optional comment is asked', (_how, input, rating) => {
    const result = step(delivered(), input, ctx());
    expect(result.effects).toEqual([{ kind: 'rate_order', orderReference: ORDER_REF, rating }]);
    const r = onlyReply(result);
    expect(r.body).toContain(t.askComment);
    expect(r.ids).toEqual(['skip']);
    expect(result.state.step).toBe('await_comment');
  });

  test.each([['7'], ['0'], ['great'], ['rate_9']])('await_rating: %p → help with the rating options', (input) => {
    const result = step(delivered(), text(input), ctx());
    expect(result.effects).toEqual([]);
    expect(onlyReply(result).ids).toEqual(['rate_1', 'rate_2', 'rate_3', 'rate_4', 'rate_5', 'skip']);
    expect(result.state.step).toBe('await_rating');
  });

  const rated = (): DialogueState => step(delivered(), button('rate_5'), ctx()).state;

  test.each([
    ['a sentence', 'Food was hot, driver was kind'],
    ['a sentence with keywords in it', 'I will order again, but cancel the onions next time'],
    ['Arabic', 'الأكل لذيذ والتوصيل سريع'],
    ['a number', '10'],
  ])('a comment (%s) is stored as written', (_name, comment) => {
    const result = step(rated(), text(comment), ctx());
    expect(result.effects).toEqual([{ kind: 'comment_order', orderReference: ORDER_REF, comment }]);
    const r = onlyReply(result);
    expect(r.body).toContain(t.thanksFeedback);
    expect(result.state).toMatchObject({ step: 'welcome', ratingOrderReference: undefined });
  });

  test.each([
    ['the skip button', button('skip')],
    ['typed 1', text('1')],
    ['"skip"', text('skip')],
    ['"لا"', text('لا')],
  ])('the comment can be skipped with %s', (_how, input) => {
    const result = step(rated(), input, ctx());
    expect(result.effects).toEqual([]);
    expect(onlyReply(result).body).toContain(t.thanksFeedback);
    expect(result.state.step).toBe('welcome');
  });

  test('media instead of a comment → help, still waiting for the comment', () => {
    const result = step(rated(), { kind: 'media', mediaType: 'image/jpeg' }, ctx());
    expect(result.effects).toEqual([]);
    expect(result.state.step).toBe('await_comment');
  });

  test('rating works outside opening hours', () => {
    const night = Date.UTC(2025, 0, 15, 23, 0);
    const state = step(withOrder(lang, 'OUT_FOR_DELIVERY'), statusInput('DELIVERED'), ctx({ now: night })).state;
    const result = step(state, button('rate_2'), ctx({ now: night }));
    expect(result.effects).toEqual([{ kind: 'rate_order', orderReference: ORDER_REF, rating: 2 }]);
  });

  test('a delivery during a new order asks for the rating, then returns to the order', () => {
    const ordering = converse([text('hi'), ...TO_PICKUP_MENU, button('cat_grills')], {
      language: lang,
      start: withOrder(lang, 'OUT_FOR_DELIVERY'),
    });
    const asked = step(ordering.state, statusInput('DELIVERED'), ctx());
    expect(asked.state.step).toBe('await_rating');
    const rated2 = step(asked.state, text('4'), ctx());
    const done = step(rated2.state, button('skip'), ctx());
    expect(done.state.step).toBe('choose_item');
    expect(onlyReply(done).ids).toEqual(['item_shawarma', 'item_kebab']);
  });

  test('the customer may ignore the rating and carry on ordering', () => {
    const ordering = converse([text('hi'), ...TO_PICKUP_MENU, button('cat_grills')], {
      language: lang,
      start: withOrder(lang, 'OUT_FOR_DELIVERY'),
    });
    const asked = step(ordering.state, statusInput('DELIVERED'), ctx());
    const result = step(asked.state, button('item_kebab'), ctx());
    expect(result.state.step).toBe('choose_quantity');
    expect(result.effects).toEqual([]);
  });
});

describe.each(LANGS)('cart expiry (%s)', (lang) => {
  const t = texts(lang);

  test('a non-empty cart is emptied with a notice and the welcome', () => {
    const { state } = converse([text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab'), button('qty_1')], {
      language: lang,
    });
    const result = step(state, { kind: 'cart_expired' }, ctx());
    const r = onlyReply(result);
    expect(r.body).toContain(t.cartExpired);
    expect(r.ids).toEqual(['new_order', 'track_order', 'contact_support', 'lang_ar', 'lang_en']);
    expect(result.state).toMatchObject({ step: 'welcome', cart: [], orderType: undefined, branchId: undefined });
    expect(result.effects).toEqual([]);
  });

  test('an empty cart: no reply, nothing changes', () => {
    const { state } = converse([text('hi'), ...TO_PICKUP_MENU], { language: lang });
    const result = step(state, { kind: 'cart_expired' }, ctx());
    expect(result.replies).toEqual([]);
    expect(result.state).toEqual(state);
  });

  test('during a rating request the cart is emptied but the rating stays asked', () => {
    const ordering = converse([text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab'), button('qty_1')], {
      language: lang,
      start: withOrder(lang, 'OUT_FOR_DELIVERY'),
    });
    const asked = step(ordering.state, statusInput('DELIVERED'), ctx());
    const result = step(asked.state, { kind: 'cart_expired' }, ctx());
    expect(result.state).toMatchObject({ step: 'await_rating', cart: [], resumeStep: undefined });
    expect(onlyReply(result).ids).toContain('rate_5');
  });
});
