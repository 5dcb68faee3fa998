// Item options and reorder through the conversation workflow (SPEC §6): real Temporal, Postgres
// and Redis, the Twilio fake receiving the replies. An order with options and a note is stored
// with the options' names and prices; a reorder fills the cart at today's prices, leaving out
// and naming what became unavailable.
import { startStack, type TestRestaurant, type TestStack } from '../support/stack';
import { optionsMenu } from '../support/options-menu';
import { http, mintToken } from '../dashboard/helpers';
import { recordHistories } from './histories';
import { menuIds, TestCustomer } from './helpers';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ api: true, worker: true });
});
afterAll(() => stack?.stop());

function optionId(restaurant: TestRestaurant, nameEn: string): string {
  const options = restaurant.menu.categories.flatMap((c) => c.items.flatMap((i) => i.optionGroups.flatMap((g) => g.options)));
  const found = options.find((o) => o.nameEn === nameEn);
  if (!found) throw new Error(`no option ${nameEn}`);
  return found.id;
}

async function orderShawarma(customer: TestCustomer, size: string, extras: string[], quantity: number): Promise<string> {
  const { category, item } = menuIds(customer.restaurant);
  await customer.tap(`cat_${category('Sandwiches').id}`);
  expect(await customer.tap(`item_${item('Chicken Shawarma').id}`)).toContain('choose Size');
  const extrasAsked = await customer.tap(`opt_${optionId(customer.restaurant, size)}`);
  expect(extrasAsked).toContain('choose Extras');
  expect(extrasAsked).not.toContain('Jalapeno'); // sold out: not offered
  let last = extrasAsked;
  for (const extra of extras) last = await customer.tap(`opt_${optionId(customer.restaurant, extra)}`);
  if (extras.length < 2) last = await customer.tap(extras.length === 0 ? 'skip' : 'opt_done');
  expect(last).toContain('How many');
  return customer.tap(`qty_${quantity}`);
}

test('an order with options and a note: OrderItem rows keep the options with their prices, the dashboard shows them', async () => {
  const restaurant = await stack.createRestaurant({ locale: 'en' }, optionsMenu);
  const customer = new TestCustomer(stack, restaurant);
  await customer.text('hi');
  await customer.startPickup('Olaya Branch');
  expect(await orderShawarma(customer, 'Large', ['Extra cheese'], 2)).toContain('Added 2 × Chicken Shawarma (Large, Extra cheese)');
  expect(await customer.tap('checkout')).toContain('2 × Chicken Shawarma (Large, Extra cheese): 46.00 SAR');
  await customer.tap('add_note');
  expect(await customer.text('No onions, please')).toContain('Note: No onions, please');
  const confirmation = await customer.tap('pay_cash');
  const orderReference = /ORD-[2-9A-HJ-NP-Z]{6}/.exec(confirmation)![0];
  expect(confirmation).toContain('Chicken Shawarma (Large, Extra cheese)');

  const order = await stack.prisma.order.findUniqueOrThrow({ where: { orderReference }, include: { items: true } });
  expect(order).toMatchObject({ note: 'No onions, please', subtotal: 4600, total: 4600 });
  const large = { optionId: optionId(restaurant, 'Large'), nameEn: 'Large', nameAr: 'كبير', price: 500 };
  const cheese = { optionId: optionId(restaurant, 'Extra cheese'), nameEn: 'Extra cheese', nameAr: 'جبنة إضافية', price: 300 };
  expect(order.items).toMatchObject([
    { name: 'Chicken Shawarma', quantity: 2, unitPrice: 2300, lineTotal: 4600, options: [large, cheese] },
  ]);

  const token = await mintToken(stack, restaurant.tenant.id, 'agent');
  const shown = await http(stack, 'GET', `/api/restaurants/${restaurant.tenant.id}/orders/${order.id}`, { token });
  expect(shown.body).toMatchObject({ note: 'No onions, please', items: [{ unitPrice: 2300, options: [large, cheese] }] });
  await recordHistories(stack.temporal.client, customer.workflowId, 'order-with-options');
});

test('a reorder at today’s prices: what became unavailable is left out and named, then straight to the summary', async () => {
  const restaurant = await stack.createRestaurant({ locale: 'en' }, optionsMenu);
  const { category, item } = menuIds(restaurant);
  const customer = new TestCustomer(stack, restaurant);
  expect(await customer.text('hi')).not.toContain('Repeat last order');
  await customer.startPickup('Olaya Branch');
  await orderShawarma(customer, 'Regular', ['Pickles'], 1);
  await customer.tap('add_item');
  await customer.tap(`cat_${category('Sandwiches').id}`);
  await customer.tap(`item_${item('Falafel').id}`);
  await customer.tap('qty_2');
  await customer.addToCart('Drinks', 'Laban', 1);
  const { orderReference } = await customer.checkOut('cash');

  // The restaurant hands the order over; the customer skips the rating.
  await stack.prisma.order.update({ where: { orderReference }, data: { status: 'PICKED_UP' } });
  const before = customer.received().length;
  await stack.conversations.orderStatusChanged(customer.ref, { orderReference, status: 'PICKED_UP' });
  await customer.waitForReplies(before + 1);
  expect(await customer.tap('skip')).toContain('Repeat last order');

  // Since then: falafel sold out, laban dearer.
  const token = await mintToken(stack, restaurant.tenant.id, 'owner');
  const items = `/api/restaurants/${restaurant.tenant.id}/menu/items`;
  expect((await http(stack, 'PATCH', `${items}/${item('Falafel').id}`, { token, body: { isAvailable: false } })).status).toBe(200);
  expect((await http(stack, 'PATCH', `${items}/${item('Laban').id}`, { token, body: { price: 600 } })).status).toBe(200);

  const refilled = await customer.tap('reorder');
  expect(refilled).toContain(`We've put your last order (${orderReference}) in your cart at today's prices.`);
  expect(refilled).toContain('These are no longer available, so we left them out: Falafel.');
  expect(refilled).toContain('Delivery or pickup?');
  await customer.tap('order_pickup');
  const summary = await customer.tap(`branch_${menuIds(restaurant).branch('Olaya Branch').id}`);
  expect(summary).toContain('Order summary');
  expect(summary).toContain('1 × Chicken Shawarma (Regular, Pickles): 15.00 SAR');
  expect(summary).toContain('1 × Laban: 6.00 SAR');
  expect(summary).not.toContain('Falafel');
  const again = await customer.tap('pay_cash');
  const second = /ORD-[2-9A-HJ-NP-Z]{6}/.exec(again)![0];
  const order = await stack.prisma.order.findUniqueOrThrow({
    where: { orderReference: second },
    include: { items: { orderBy: { unitPrice: 'desc' } } },
  });
  expect(order).toMatchObject({ subtotal: 2100, total: 2100 });
  expect(order.items).toMatchObject([
    { name: 'Chicken Shawarma', quantity: 1, unitPrice: 1500, options: [{ nameEn: 'Regular' }, { nameEn: 'Pickles' }] },
    { name: 'Laban', quantity: 1, unitPrice: 600, options: [] },
  ]);
  await recordHistories(stack.temporal.client, customer.workflowId, 'reorder');
});
