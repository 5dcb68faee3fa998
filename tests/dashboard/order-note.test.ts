// An order note on the real stack: typed after add_note on the checkout summary, shown in the
// summary, stored on the Order by the orders store and shown to staff by the dashboard API.
import { startStack, type TestStack, type TestRestaurant } from '../support/stack';
import { TestCustomer } from '../workflow/helpers';
import { http, mintToken } from './helpers';

let stack: TestStack;
let restaurant: TestRestaurant;
let token: string;

beforeAll(async () => {
  stack = await startStack({ api: true, worker: true });
  restaurant = await stack.createRestaurant({ locale: 'en' });
  token = await mintToken(stack, restaurant.tenant.id, 'agent');
});
afterAll(() => stack.stop());

test('a typed item with its quantity and a note: the order stores the note and the dashboard shows it', async () => {
  const customer = new TestCustomer(stack, restaurant);
  await customer.text('hi');
  await customer.startPickup('Malqa Branch');
  expect(await customer.text('2 laban')).toContain('Added 2 × Laban');
  expect(await customer.tap('checkout')).toContain('Add a note');
  expect(await customer.tap('add_note')).toContain('Type your note');
  expect(await customer.text('x'.repeat(501))).toContain('too long');
  const summary = await customer.text('No ice, please');
  expect(summary).toContain('Note: No ice, please');
  const { orderReference } = await customer.checkOut('cash');

  const order = await stack.prisma.order.findUniqueOrThrow({ where: { orderReference }, include: { items: true } });
  expect(order).toMatchObject({ note: 'No ice, please', subtotal: 1000, total: 1000 });
  expect(order.items).toMatchObject([{ name: 'Laban', quantity: 2, unitPrice: 500, lineTotal: 1000 }]);

  const shown = await http(stack, 'GET', `/api/restaurants/${restaurant.tenant.id}/orders/${order.id}`, { token });
  expect(shown.status).toBe(200);
  expect(shown.body).toMatchObject({ orderReference, note: 'No ice, please' });
});
