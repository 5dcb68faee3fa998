// A customer's cancel and a staff status move on the same order, on the real stack (API, worker,
// Temporal, the Twilio fake): the orders store lets exactly one of them through, and the customer
// is told the status that stands — never "cancelled" for an order the kitchen is preparing.
import { eventually } from '../support/eventually';
import { startStack, type TestRestaurant, type TestStack } from '../support/stack';
import { TestCustomer } from '../workflow/helpers';
import { http, mintToken } from './helpers';

let stack: TestStack;
let restaurant: TestRestaurant;
let token: string;

beforeAll(async () => {
  stack = await startStack({ api: true, worker: true });
  restaurant = await stack.createRestaurant({ locale: 'en' });
  token = await mintToken(stack, restaurant.tenant.id, 'owner');
});
afterAll(() => stack.stop());

const patchOrder = (orderId: string, status: string) =>
  http(stack, 'PATCH', `/api/restaurants/${restaurant.tenant.id}/orders/${orderId}`, { token, body: { status } });

/** A customer with a confirmed (cash) pickup order; returns it and the replies so far. */
async function customerWithOrder(): Promise<{ customer: TestCustomer; orderId: string; orderReference: string; replies: number }> {
  const customer = new TestCustomer(stack, restaurant);
  await customer.text('hi');
  await customer.startPickup('Olaya Branch');
  await customer.addToCart('Grills', 'Shish Tawook', 1);
  const { orderReference } = await customer.checkOut('cash');
  const order = await stack.prisma.order.findUniqueOrThrow({ where: { orderReference } });
  return { customer, orderId: order.id, orderReference, replies: customer.received().length };
}

test('a cancel that reaches an order the restaurant already moved on is refused, and the customer is told its status', async () => {
  const { customer, orderId, orderReference, replies } = await customerWithOrder();
  // The kitchen started, and the workflow has not heard of it yet (as when the status signal is
  // still on its way): the dialogue still believes the order can be cancelled.
  await stack.prisma.order.update({ where: { id: orderId }, data: { status: 'PREPARING' } });

  const answer = await customer.tap('cancel_order');
  expect(answer).toContain(`Sorry, your order ${orderReference} is being prepared and can no longer be cancelled`);
  await expect(stack.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).resolves.toMatchObject({
    status: 'PREPARING',
    cancelledAt: null,
  });
  expect((await customer.state()).activeOrder).toMatchObject({ orderReference, status: 'PREPARING' });
  await customer.expectNoMoreReplies(replies + 1, 500);
});

test('a customer cancel and a staff PATCH → PREPARING at the same moment end in exactly one, told as it stands', async () => {
  const orders = await Promise.all([1, 2, 3, 4].map(() => customerWithOrder()));
  const patches = await Promise.all(
    orders.map(async ({ customer, orderId }) => {
      const [res] = await Promise.all([patchOrder(orderId, 'PREPARING'), customer.send({ kind: 'button', id: 'cancel_order' })]);
      return res;
    }),
  );

  for (const [index, { customer, orderId, orderReference, replies }] of orders.entries()) {
    const patch = patches[index]!;
    const order = await stack.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
    if (order.status === 'CANCELLED') {
      // The customer won: the staff move was refused, and the customer hears only of the cancel.
      expect(patch.status).toBe(409);
      expect(order.preparingAt).toBeNull();
      const [told] = (await customer.waitForReplies(replies + 1)).slice(replies);
      expect(told).toContain(`Your order ${orderReference} has been cancelled`);
      await customer.expectNoMoreReplies(replies + 1, 300);
    } else {
      // The kitchen won: never "cancelled"; the last word the customer got is that it is being prepared.
      expect(order).toMatchObject({ status: 'PREPARING', cancelledAt: null });
      expect(patch.status).toBe(200);
      const told = await eventually(async () => {
        const state = await customer.state();
        expect(state).toMatchObject({ pending: 0, activeOrder: { status: 'PREPARING' } });
        return customer.received().slice(replies);
      });
      expect(told.join('\n')).not.toContain('has been cancelled');
      expect(told.at(-1)).toMatch(/being prepared/);
    }
  }
});
