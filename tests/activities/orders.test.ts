// createOrder and updateOrder: idempotent creation with items, per-status timestamps, ratings.
import { ApplicationFailure } from '@temporalio/common';
import { ORDER_REFERENCE_CONFLICT } from '../../src/workflows/contract';
import type { NewOrder } from '../../src/dialogue/types';
import { randomWhatsApp, type TestRestaurant } from '../support/stack';
import { listenToRestaurant, startActivityHarness, type ActivityHarness } from './harness';

let h: ActivityHarness;
let restaurant: TestRestaurant;

beforeAll(async () => {
  h = await startActivityHarness();
  restaurant = await h.stack.createRestaurant();
});
afterAll(() => h.close());

let seq = 0;
function newOrder(overrides: Partial<NewOrder> = {}): NewOrder {
  const [tawook, hummus] = [restaurant.menu.categories[0]!.items[0]!, restaurant.menu.categories[1]!.items[0]!];
  return {
    orderReference: `ORD-T${process.pid % 1000}${++seq}`,
    orderType: 'delivery',
    location: { lat: 24.69, lng: 46.68, address: 'Olaya St' },
    paymentMethod: 'cash',
    status: 'CONFIRMED',
    items: [
      { menuItemId: tawook.id, name: tawook.nameEn, quantity: 2, unitPrice: tawook.price, lineTotal: 2 * tawook.price },
      { menuItemId: hummus.id, name: hummus.nameEn, quantity: 1, unitPrice: hummus.price, lineTotal: hummus.price },
    ],
    subtotal: 2 * tawook.price + hummus.price,
    deliveryFee: 1000,
    total: 2 * tawook.price + hummus.price + 1000,
    currency: 'SAR',
    ...overrides,
  };
}

const key = (customerWa: string) => ({ restaurantId: restaurant.tenant.id, customerWa });

test('createOrder twice with the same reference creates one order with its items', async () => {
  const customer = randomWhatsApp();
  const order = newOrder();
  const first = await h.activities.createOrder({ ...key(customer), order });
  const second = await h.activities.createOrder({ ...key(customer), order });
  expect(second).toEqual(first);
  const stored = await h.deps.prisma.order.findMany({ where: { orderReference: order.orderReference }, include: { items: true } });
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    status: 'CONFIRMED',
    customerWa: customer,
    subtotal: order.subtotal,
    deliveryFee: 1000,
    total: order.total,
    deliveryAddress: 'Olaya St',
    paymentMethod: 'cash',
  });
  expect(stored[0]!.confirmedAt).toBeInstanceOf(Date);
  expect(stored[0]!.awaitingPaymentAt).toBeNull();
  expect(stored[0]!.items.map((i) => [i.name, i.quantity, i.lineTotal]).sort()).toEqual(
    order.items.map((i) => [i.name, i.quantity, i.lineTotal]).sort(),
  );
});

test('an online order starts awaiting payment; order.created carries the order with its items', async () => {
  const events = await listenToRestaurant(h.stack.config.REDIS_URL, restaurant.tenant.id);
  try {
    const order = newOrder({ paymentMethod: 'online', status: 'AWAITING_PAYMENT' });
    const { orderId } = await h.activities.createOrder({ ...key(randomWhatsApp()), order });
    const stored = await h.deps.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(stored.awaitingPaymentAt).toBeInstanceOf(Date);
    expect(stored.confirmedAt).toBeNull();
    const event = await events.next('order.created');
    expect(event.data).toMatchObject({ id: orderId, orderReference: order.orderReference, status: 'AWAITING_PAYMENT', total: order.total });
    expect(event.data['items']).toHaveLength(2);
  } finally {
    await events.close();
  }
});

test('the same reference from another conversation is refused without retries, as a reference conflict', async () => {
  const order = newOrder();
  await h.activities.createOrder({ ...key(randomWhatsApp()), order });
  const err = await h.activities.createOrder({ ...key(randomWhatsApp()), order }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect((err as ApplicationFailure).nonRetryable).toBe(true);
  expect((err as ApplicationFailure).type).toBe(ORDER_REFERENCE_CONFLICT);
});

test('cancelOrder cancels once (a retry finds it cancelled), then rating and comment; publishes order.updated', async () => {
  const customer = randomWhatsApp();
  const order = newOrder();
  const { orderId } = await h.activities.createOrder({ ...key(customer), order });
  const events = await listenToRestaurant(h.stack.config.REDIS_URL, restaurant.tenant.id);
  try {
    const ref = { restaurantId: restaurant.tenant.id, orderReference: order.orderReference };
    await expect(h.activities.cancelOrder(ref)).resolves.toEqual({ cancelled: true, status: 'CANCELLED' });
    const cancelled = await h.deps.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
    await expect(h.activities.cancelOrder(ref)).resolves.toEqual({ cancelled: true, status: 'CANCELLED' }); // a retried activity
    expect((await h.deps.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).cancelledAt).toEqual(cancelled.cancelledAt);

    await h.activities.updateOrder({ ...ref, rating: 5 });
    await h.activities.updateOrder({ ...ref, ratingComment: 'Hot and fast' });
    const done = await h.deps.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(done).toMatchObject({ status: 'CANCELLED', rating: 5, ratingComment: 'Hot and fast' });
    expect(done.ratedAt).toBeInstanceOf(Date);

    const updated = await events.next('order.updated');
    expect(updated.data).toMatchObject({ id: orderId, status: 'CANCELLED', nextStatuses: [] });
  } finally {
    await events.close();
  }
});

test.each(['PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED'] as const)(
  'a customer cancel after the restaurant moved the order to %s is refused and names that status',
  async (status) => {
    const order = newOrder();
    const { orderId } = await h.activities.createOrder({ ...key(randomWhatsApp()), order });
    await h.deps.prisma.order.update({ where: { id: orderId }, data: { status } });
    const ref = { restaurantId: restaurant.tenant.id, orderReference: order.orderReference };
    await expect(h.activities.cancelOrder(ref)).resolves.toEqual({ cancelled: false, status });
    // Runs recorded before cancelOrder existed cancel through updateOrder: refused the same way.
    await h.activities.updateOrder({ ...ref, status: 'CANCELLED' });
    await expect(h.deps.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).resolves.toMatchObject({ status, cancelledAt: null });
  },
);

test('updateOrder moves no order anywhere but CANCELLED: the restaurant moves orders, not the customer', async () => {
  const order = newOrder();
  await h.activities.createOrder({ ...key(randomWhatsApp()), order });
  const ref = { restaurantId: restaurant.tenant.id, orderReference: order.orderReference };
  await expect(h.activities.updateOrder({ ...ref, status: 'PREPARING' })).rejects.toMatchObject({
    nonRetryable: true,
    type: 'InvalidArgument',
  });
});

test('updateOrder refuses a rating outside 1-5 and an order of another restaurant', async () => {
  const order = newOrder();
  await h.activities.createOrder({ ...key(randomWhatsApp()), order });
  const other = await h.stack.createRestaurant();
  await expect(
    h.activities.updateOrder({ restaurantId: restaurant.tenant.id, orderReference: order.orderReference, rating: 6 }),
  ).rejects.toMatchObject({ nonRetryable: true });
  await expect(
    h.activities.updateOrder({ restaurantId: other.tenant.id, orderReference: order.orderReference, status: 'CANCELLED' }),
  ).rejects.toMatchObject({ type: 'NotFound' });
});
