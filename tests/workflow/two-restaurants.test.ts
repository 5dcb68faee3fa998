// Tenant isolation in the workflow layer: the same phone number talking to two restaurants at
// once has two conversations (two workflow IDs), two carts and two orders.
import { startStack, TestStack } from '../support/stack';
import { recordHistories } from './histories';
import { TestCustomer } from './helpers';
import { randomWhatsApp } from '../support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ worker: true });
});

afterAll(async () => {
  await stack?.stop();
});

/** Pickup of one item, stopping before payment. */
async function fillCart(customer: TestCustomer, itemName: string, categoryName: string, quantity: number): Promise<void> {
  await customer.text('hi');
  await customer.startPickup('Olaya Branch');
  expect((await customer.addToCart(categoryName, itemName, quantity)).at(-1)).toContain(`Added ${quantity} × ${itemName}`);
}

test('one customer ordering from two restaurants at once keeps two separate carts and places two separate orders', async () => {
  const [grill, cafe] = await Promise.all([
    stack.createRestaurant({ locale: 'en', restaurantName: 'Grill House' }),
    stack.createRestaurant({ locale: 'en', restaurantName: 'Corner Cafe' }),
  ]);
  const phone = randomWhatsApp();
  const atGrill = new TestCustomer(stack, grill, phone);
  const atCafe = new TestCustomer(stack, cafe, phone);
  expect(atGrill.workflowId).not.toBe(atCafe.workflowId);

  // Both conversations advance at the same time, message by message.
  await Promise.all([fillCart(atGrill, 'Mixed Grill', 'Grills', 2), fillCart(atCafe, 'Hummus', 'Starters', 3)]);

  const [grillState, cafeState] = await Promise.all([atGrill.state(), atCafe.state()]);
  expect(grillState.cart.map(({ nameEn, quantity }) => ({ nameEn, quantity }))).toEqual([{ nameEn: 'Mixed Grill', quantity: 2 }]);
  expect(cafeState.cart.map(({ nameEn, quantity }) => ({ nameEn, quantity }))).toEqual([{ nameEn: 'Hummus', quantity: 3 }]);
  expect(atGrill.received()[0]).toContain('Welcome to Grill House');
  expect(atCafe.received()[0]).toContain('Welcome to Corner Cafe');

  const [grillOrder, cafeOrder] = await Promise.all(
    [atGrill, atCafe].map(async (customer) => {
      const { orderReference } = await customer.checkOut('cash');
      return stack.prisma.order.findUniqueOrThrow({ where: { orderReference }, include: { items: true } });
    }),
  );
  expect(grillOrder).toMatchObject({ restaurantId: grill.tenant.id, customerWa: phone, total: 2 * 5900 });
  expect(grillOrder!.items.map((i) => i.name)).toEqual(['Mixed Grill']);
  expect(cafeOrder).toMatchObject({ restaurantId: cafe.tenant.id, customerWa: phone, total: 3 * 1400 });
  expect(cafeOrder!.items.map((i) => i.name)).toEqual(['Hummus']);
  // Each restaurant's replies went out through its own Twilio account.
  expect(atGrill.received()).toHaveLength(9);
  expect(atCafe.received()).toHaveLength(9);
  await recordHistories(stack.temporal.client, atGrill.workflowId, 'two-restaurants-grill');
});
