// Whole orders through the conversation workflow: real Temporal, Postgres and Redis; the Twilio
// fake receives the replies. Messages are signalled directly, as the webhook would.
import { startStack, TestStack } from '../support/stack';
import { recordHistories } from './histories';
import { eventually } from '../support/eventually';
import { menuIds, newMessageSid, OLAYA_LOCATION, ORDER_REFERENCE, TestCustomer } from './helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ worker: true });
});

afterAll(async () => {
  await stack?.stop();
});

const orderWithItems = (orderReference: string) =>
  stack.prisma.order.findUniqueOrThrow({ where: { orderReference }, include: { items: { orderBy: { lineTotal: 'desc' } } } });

/** What the dashboard API does before it signals: move the Order row, then tell the workflow. */
async function restaurantMovesOrder(
  customer: TestCustomer,
  orderReference: string,
  status: 'OUT_FOR_DELIVERY' | 'DELIVERED',
): Promise<string> {
  await stack.prisma.order.update({ where: { orderReference }, data: { status } });
  const before = customer.received().length;
  await stack.conversations.orderStatusChanged(customer.ref, { orderReference, status });
  return (await customer.waitForReplies(before + 1))[before]!;
}

describe('conversation workflow: whole orders', () => {
  test('a delivery order, paid cash, followed to delivery and rated: Order and OrderItem rows with the right totals', async () => {
    const restaurant = await stack.createRestaurant({ locale: 'en', deliveryFee: 1000, minDeliveryOrder: 3000 });
    const { item, branch } = menuIds(restaurant);
    const customer = new TestCustomer(stack, restaurant);

    const replies = [
      await customer.text('hello'),
      ...(await customer.startDelivery(OLAYA_LOCATION)),
      ...(await customer.addToCart('Grills', 'Shish Tawook', { typed: '2' })),
      await customer.tap('add_item'),
      ...(await customer.addToCart('Drinks', 'Laban', 3)),
      ...(await customer.checkOut('cash')).replies,
    ];
    const expected = [
      'Welcome to Test Grill',
      'Delivery or pickup?',
      'share your location',
      'deliver your order from Olaya Branch',
      'Shish Tawook',
      'How many Shish Tawook',
      'Added 2 × Shish Tawook',
      'Choose a category',
      'Laban',
      'How many Laban',
      'Added 3 × Laban',
      'Total',
      'is confirmed',
    ];
    expected.forEach((text, i) => expect(replies[i]).toContain(text));
    // One reply per message, in the order the messages were sent.
    expect(customer.received()).toEqual(replies);

    const orderReference = ORDER_REFERENCE.exec(replies.at(-1)!)![0];
    const order = await orderWithItems(orderReference);
    expect(order).toMatchObject({
      restaurantId: restaurant.tenant.id,
      customerWa: customer.customerWa,
      status: 'CONFIRMED',
      orderType: 'delivery',
      paymentMethod: 'cash',
      branchId: branch('Olaya Branch').id,
      deliveryLat: 24.695,
      deliveryLng: 46.68,
      subtotal: 2 * 3200 + 3 * 500,
      deliveryFee: 1000,
      total: 2 * 3200 + 3 * 500 + 1000,
      currency: 'SAR',
    });
    expect(
      order.items.map(({ menuItemId, name, quantity, unitPrice, lineTotal }) => ({ menuItemId, name, quantity, unitPrice, lineTotal })),
    ).toEqual([
      { menuItemId: item('Shish Tawook').id, name: 'Shish Tawook', quantity: 2, unitPrice: 3200, lineTotal: 6400 },
      { menuItemId: item('Laban').id, name: 'Laban', quantity: 3, unitPrice: 500, lineTotal: 1500 },
    ]);

    // The restaurant moves the order along; the customer is told and, once delivered, asked to rate.
    expect(await restaurantMovesOrder(customer, orderReference, 'OUT_FOR_DELIVERY')).toContain(
      `${orderReference}: it is now out for delivery`,
    );
    expect(await restaurantMovesOrder(customer, orderReference, 'DELIVERED')).toContain('rate it from 1 to 5');
    expect(await customer.tap('rate_5')).toContain('add a comment');
    expect(await customer.text('Lovely kebab, still hot')).toContain('Thank you for your feedback');
    const rated = await orderWithItems(orderReference);
    expect(rated).toMatchObject({ status: 'DELIVERED', rating: 5, ratingComment: 'Lovely kebab, still hot' });
    expect(rated.ratedAt).not.toBeNull();

    const state = await customer.state();
    expect(state).toMatchObject({ step: 'welcome', language: 'en', cart: [], botEnabled: true, pending: 0 });
    expect(state.activeOrder).toMatchObject({ orderReference, status: 'DELIVERED', orderType: 'delivery' });
    const { typedSearchAttributes } = await stack.temporal.client.workflow.getHandle(customer.workflowId).describe();
    expect(Object.fromEntries(typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]))).toMatchObject({
      RestaurantId: restaurant.tenant.id,
      OrderReference: orderReference,
      OrderStatus: 'DELIVERED',
      DialogueStep: 'welcome',
    });
    await recordHistories(stack.temporal.client, customer.workflowId, 'delivery-order');
  });

  test('a pickup order in Arabic, paid online: AWAITING_PAYMENT with the payment link, found by a RestaurantId/OrderStatus list query', async () => {
    const restaurant = await stack.createRestaurant({ deliveryFee: 1000 });
    const { branch } = menuIds(restaurant);
    const customer = new TestCustomer(stack, restaurant);

    const replies = [
      await customer.text('السلام عليكم'),
      ...(await customer.startPickup('Malqa Branch')),
      ...(await customer.addToCart('Grills', 'Mixed Grill', { typed: '١' })),
      await customer.tap('add_item'),
      ...(await customer.addToCart('Starters', 'Hummus', 2)),
      ...(await customer.checkOut('online')).replies,
    ];
    const expected = [
      'أهلاً بك في Test Grill',
      'توصيل أم استلام',
      'من أي فرع',
      'فرع الملقا',
      'مشاوي مشكلة',
      'كم تبي من مشاوي مشكلة',
      'تمت إضافة 1 × مشاوي مشكلة',
      'اختر القسم',
      'حمص',
      'كم تبي من حمص',
      'تمت إضافة 2 × حمص',
      'الإجمالي',
      'https://pay.example.com/test',
    ];
    expected.forEach((text, i) => expect(replies[i]).toContain(text));
    expect(customer.received()).toEqual(replies);

    const orderReference = ORDER_REFERENCE.exec(replies.at(-1)!)![0];
    const order = await orderWithItems(orderReference);
    expect(order).toMatchObject({
      restaurantId: restaurant.tenant.id,
      status: 'AWAITING_PAYMENT',
      orderType: 'pickup',
      paymentMethod: 'online',
      branchId: branch('Malqa Branch').id,
      deliveryLat: null,
      subtotal: 5900 + 2 * 1400,
      deliveryFee: 0,
      total: 5900 + 2 * 1400,
    });
    expect(order.items.map(({ name, quantity, lineTotal }) => ({ name, quantity, lineTotal }))).toEqual([
      { name: 'مشاوي مشكلة', quantity: 1, lineTotal: 5900 },
      { name: 'حمص', quantity: 2, lineTotal: 2800 },
    ]);

    // What the on-call engineer types into the Temporal UI to find a stuck order.
    const query = `RestaurantId="${restaurant.tenant.id}" AND OrderStatus="AWAITING_PAYMENT"`;
    await eventually(
      async () => {
        const ids: string[] = [];
        for await (const execution of stack.temporal.client.workflow.list({ query })) ids.push(execution.workflowId);
        expect(ids).toEqual([customer.workflowId]);
      },
      { what: 'the list query to find the conversation' },
    );
    await recordHistories(stack.temporal.client, customer.workflowId, 'pickup-order');
  });

  test('the same inbound message signalled five times is answered once', async () => {
    const restaurant = await stack.createRestaurant({ locale: 'en' });
    const customer = new TestCustomer(stack, restaurant);
    const messageSid = newMessageSid();
    const hello = { kind: 'text' as const, text: 'hi' };

    // Three at once (racing signal-with-start), then two more after the reply went out.
    await Promise.all([1, 2, 3].map(() => customer.send(hello, messageSid)));
    await customer.waitForReplies(1);
    await customer.send(hello, messageSid);
    await customer.send(hello, messageSid);
    await customer.expectNoMoreReplies(1);

    expect(await customer.state()).toMatchObject({ processedSids: 1, pending: 0 });
    const messages = await stack.prisma.message.findMany({ where: { restaurantId: restaurant.tenant.id } });
    expect(messages.filter((m) => m.direction === 'IN')).toHaveLength(1);
    expect(messages.filter((m) => m.direction === 'OUT')).toHaveLength(1);
    await recordHistories(stack.temporal.client, customer.workflowId, 'duplicate-inbound');
  });
});
