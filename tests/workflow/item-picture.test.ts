// An item's picture reaches the customer with its card (SPEC §6 media): real Temporal, Postgres and
// Redis, the Twilio fake receiving the send; buttons restaurants get the card as text with media.
import { demoMenu } from '../../prisma/demo-menu';
import { eventually } from '../support/eventually';
import { startStack, type TestStack } from '../support/stack';
import { TestCustomer, menuIds } from './helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ worker: true });
});
afterAll(() => stack?.stop());

const PICTURE = 'https://cdn.example/shish-tawook.jpg';
const pictured = {
  ...demoMenu,
  categories: demoMenu.categories.map((c) => ({
    ...c,
    items: (c.items ?? []).map((i) => (i.nameEn === 'Shish Tawook' ? { ...i, imageUrl: PICTURE } : i)),
  })),
};

test.each([false, true])('the item card carries the picture as media (interactive messages: %s)', async (interactiveMessages) => {
  const restaurant = await stack.createRestaurant({ locale: 'en', interactiveMessages }, pictured);
  const customer = new TestCustomer(stack, restaurant);
  await customer.text('hi');
  await customer.startPickup('Olaya Branch');
  const { category, item } = menuIds(restaurant);
  await customer.tap(`cat_${category('Grills').id}`);
  const card = await customer.tap(`item_${item('Shish Tawook').id}`);
  expect(card).toContain('Shish Tawook');
  const sent = stack.twilio.sentMessages({ to: customer.customerWa });
  expect(sent.at(-1)!.mediaUrls).toEqual([PICTURE]);
  expect(sent.slice(0, -1).every((m) => m.mediaUrls.length === 0)).toBe(true);

  // The fake has the send as soon as Twilio would; the row stores its SID a moment later.
  const row = await eventually(() => stack.prisma.message.findFirstOrThrow({ where: { waSid: sent.at(-1)!.sid } }));
  expect(row.mediaUrls).toEqual([PICTURE]);
});
