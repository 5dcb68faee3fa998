// A branch's own delivery fee and minimum order on the real stack: set through the menu, used
// by the conversation's summary and stored on the order.
import { replaceMenu } from '../../src/menu/store';
import { menuInput } from '../../src/menu/schema';
import { demoMenu } from '../../prisma/demo-menu';
import { startStack, TestStack } from '../support/stack';
import { OLAYA_LOCATION, TestCustomer } from './helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ worker: true });
});

afterAll(async () => {
  await stack?.stop();
});

test("a delivery from a branch with its own fee and minimum: the summary and the order use the branch's", async () => {
  const restaurant = await stack.createRestaurant({ locale: 'en', deliveryFee: 1000, minDeliveryOrder: 3000 });
  const menu = structuredClone(demoMenu);
  Object.assign(menu.branches[0]!, { deliveryFee: 700, minDeliveryOrder: 6000 });
  await replaceMenu(stack.prisma, restaurant.tenant.id, menuInput.parse(menu));
  const customer = new TestCustomer(stack, restaurant);

  await customer.text('hi');
  await customer.startDelivery(OLAYA_LOCATION);
  await customer.text('1 lamb kebab');
  const short = await customer.tap('checkout');
  expect(short).toContain('Delivery fee: 7.00 SAR');
  expect(short).toContain('The minimum order for delivery is 60.00 SAR. Please add 22.00 SAR more.');
  await customer.tap('add_item');
  await customer.text('1 lamb kebab');
  const { orderReference } = await customer.checkOut('cash');

  const order = await stack.prisma.order.findUniqueOrThrow({ where: { orderReference } });
  expect(order).toMatchObject({ orderType: 'delivery', subtotal: 7600, deliveryFee: 700, total: 8300 });
});
