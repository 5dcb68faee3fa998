// The customer's cancel through the conversation workflow (real Temporal, Postgres, Redis and the
// Twilio fake): allowed while the order is awaiting payment or confirmed, checked by the orders
// store against the status the order has at that moment, and answered with the status that stands.
import { startStack, type TestStack } from '../support/stack';
import { recordHistories } from './histories';
import { TestCustomer } from './helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ worker: true });
});
afterAll(() => stack?.stop());

async function orderAsCustomer(customer: TestCustomer): Promise<string> {
  await customer.text('hi');
  await customer.startPickup('Olaya Branch');
  await customer.addToCart('Grills', 'Shish Tawook', 1);
  return (await customer.checkOut('cash')).orderReference;
}

test('a confirmed order is cancelled; a second order the kitchen took meanwhile is not, and the customer is told why', async () => {
  const restaurant = await stack.createRestaurant({ locale: 'en' });
  const customer = new TestCustomer(stack, restaurant);

  const first = await orderAsCustomer(customer);
  expect(await customer.tap('cancel_order')).toContain(`Your order ${first} has been cancelled`);
  await expect(stack.prisma.order.findUniqueOrThrow({ where: { orderReference: first } })).resolves.toMatchObject({ status: 'CANCELLED' });

  const second = await orderAsCustomer(customer);
  // The restaurant moved it in the database; its status signal has not reached the workflow yet.
  await stack.prisma.order.update({ where: { orderReference: second }, data: { status: 'PREPARING' } });
  expect(await customer.tap('cancel_order')).toContain(`Sorry, your order ${second} is being prepared and can no longer be cancelled`);
  await expect(stack.prisma.order.findUniqueOrThrow({ where: { orderReference: second } })).resolves.toMatchObject({
    status: 'PREPARING',
    cancelledAt: null,
  });

  // The signal arrives late: the customer already knows, so nothing more is said.
  const before = customer.received().length;
  await stack.conversations.orderStatusChanged(customer.ref, { orderReference: second, status: 'PREPARING' });
  await customer.expectNoMoreReplies(before, 800);
  expect((await customer.state()).activeOrder).toMatchObject({ orderReference: second, status: 'PREPARING' });
  await recordHistories(stack.temporal.client, customer.workflowId, 'customer-cancel');
});
