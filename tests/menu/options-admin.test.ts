// Item options in the admin menu (SPEC §3, §4): PUT and GET carry every option group and option
// with its id and availability; bad option input answers 400 naming the field and changes nothing.
import { startStack, type TestStack } from '../support/stack';
import { admin, http, mintToken } from '../dashboard/helpers';
import { optionsMenu } from '../support/options-menu';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ api: true });
});
afterAll(() => stack.stop());

const menuPath = (id: string) => `/api/admin/restaurants/${id}/menu`;
type Doc = {
  categories: { items: { optionGroups: { id: string; options: { id: string; isAvailable: boolean; price: number }[] }[] }[] }[];
};

test('PUT and GET round-trip option groups and options, each with its id, in order, with availability', async () => {
  const { tenant } = await stack.createRestaurant();
  const res = await admin(stack, 'PUT', menuPath(tenant.id), optionsMenu);
  expect(res.status).toBe(200);
  const shawarma = (res.body as Doc).categories[0]!.items[0]!;
  expect(shawarma).toMatchObject({
    nameEn: 'Chicken Shawarma',
    optionGroups: [
      {
        nameEn: 'Size',
        minSelect: 1,
        maxSelect: 1,
        options: [
          { nameEn: 'Regular', price: 0, isAvailable: true },
          { nameEn: 'Large', price: 500 },
        ],
      },
      {
        nameEn: 'Extras',
        minSelect: 0,
        maxSelect: 2,
        options: [{ nameEn: 'Extra cheese' }, { nameEn: 'Pickles' }, { nameEn: 'Jalapeno', isAvailable: false }],
      },
    ],
  });
  const ids = shawarma.optionGroups.flatMap((g) => [g.id, ...g.options.map((o) => o.id)]);
  expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
  expect((res.body as Doc).categories[0]!.items[1]).toMatchObject({ nameEn: 'Falafel', optionGroups: [] });

  expect((await admin(stack, 'GET', menuPath(tenant.id))).body).toEqual(res.body);
  const token = await mintToken(stack, tenant.id, 'agent');
  expect((await http(stack, 'GET', `/api/restaurants/${tenant.id}/menu`, { token })).body).toEqual(res.body);
});

const broken = (mutate: (group: Record<string, unknown>) => void) => {
  const menu = structuredClone(optionsMenu);
  mutate(menu.categories[0]!.items![0]!.optionGroups![1] as Record<string, unknown>);
  return menu;
};

test.each([
  ['minSelect', 'greater than maxSelect', broken((g) => Object.assign(g, { minSelect: 2, maxSelect: 1 }))],
  ['maxSelect', 'at least 1', broken((g) => Object.assign(g, { minSelect: 0, maxSelect: 0 }))],
  ['maxSelect', 'number of options', broken((g) => Object.assign(g, { maxSelect: 4 }))],
  ['minSelect', 'integer', broken((g) => Object.assign(g, { minSelect: 0.5 }))],
  ['options', 'at least one option', broken((g) => Object.assign(g, { options: [], maxSelect: 1 }))],
  [
    'options',
    '9',
    broken((g) => Object.assign(g, { options: Array.from({ length: 10 }, (_, i) => ({ nameAr: `خيار ${i}`, nameEn: `Option ${i}` })) })),
  ],
  ['price', 'minor units', broken((g) => Object.assign((g.options as object[])[0]!, { price: 2.5 }))],
  ['price', '', broken((g) => Object.assign((g.options as object[])[0]!, { price: -100 }))],
  ['nameEn', '', broken((g) => Object.assign((g.options as object[])[1]!, { nameEn: ' ' }))],
])('bad option input: 400 naming %s (%s), and the stored menu is unchanged', async (field, words, menu) => {
  const { tenant } = await stack.createRestaurant();
  const before = await admin(stack, 'PUT', menuPath(tenant.id), optionsMenu);
  const res = await admin(stack, 'PUT', menuPath(tenant.id), menu);
  expect(res.status).toBe(400);
  expect(res.body.error.message).toContain(field);
  expect(res.body.error.message).toContain(words);
  expect((await admin(stack, 'GET', menuPath(tenant.id))).body).toEqual(before.body);
});
