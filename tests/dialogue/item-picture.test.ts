// An item's picture goes with its card (SPEC §6 media): the quantity question after choosing an
// item carries the item's imageUrl when the restaurant gave it one, and only that reply does.
import type { Language, Menu } from '../../src/dialogue';
import { TO_PICKUP_MENU, button, converse, menu, text } from './fixtures';

const PICTURE = 'https://cdn.example/kebab.jpg';
const withPicture: Menu = {
  ...menu,
  categories: menu.categories.map((c) => ({
    ...c,
    items: c.items.map((i) =>
      i.id === 'kebab' ? { ...i, imageUrl: PICTURE } : i.id === 'laban' ? { ...i, imageUrl: 'ftp://x/laban.jpg' } : i,
    ),
  })),
};

describe.each<Language>(['ar', 'en'])('in %s', (language) => {
  const open = (item: string, category = 'grills') =>
    converse([text('hi'), ...TO_PICKUP_MENU, button(`cat_${category}`), button(`item_${item}`)], { language, ctx: { menu: withPicture } });

  test('the card of an item with a picture carries it as media', () => {
    const { last } = open('kebab');
    expect(last.replies).toHaveLength(1);
    expect(last.replies[0]!.mediaUrl).toBe(PICTURE);
    expect(last.replies[0]!.options?.length).toBeGreaterThan(0);
  });

  test('an item without a picture, or with one that is not http(s), has none', () => {
    expect(open('shawarma').last.replies[0]!.mediaUrl).toBeUndefined();
    expect(open('laban', 'drinks').last.replies[0]!.mediaUrl).toBeUndefined();
  });

  test('the replies after the card carry no picture', () => {
    const { last } = converse([text('hi'), ...TO_PICKUP_MENU, button('cat_grills'), button('item_kebab'), button('qty_2')], {
      language,
      ctx: { menu: withPicture },
    });
    expect(last.replies.every((r) => r.mediaUrl === undefined)).toBe(true);
  });
});
