// The dashboard acting on live conversations through their workflows (real API, worker, Temporal
// and the Twilio fake): agent messages in order with the bot's, takeover and hand-back, order
// status changes told to the customer in their language, failed sends replayed.
import { eventually } from '../support/eventually';
import { startStack, type TestStack, type TestRestaurant } from '../support/stack';
import { TestCustomer } from '../workflow/helpers';
import { http, mintToken, seedOrder } from './helpers';

let stack: TestStack;
let restaurant: TestRestaurant;
let token: string;

beforeAll(async () => {
  stack = await startStack({ api: true, worker: true });
  restaurant = await stack.createRestaurant();
  token = await mintToken(stack, restaurant.tenant.id, 'agent');
});
afterAll(() => stack.stop());

const api = (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) =>
  http(stack, method, `/api/restaurants/${restaurant.tenant.id}${path}`, { token, body });

async function conversationOf(customer: TestCustomer) {
  const res = await api('GET', `/conversations?q=${encodeURIComponent(customer.customerWa.replace('whatsapp:', ''))}`);
  expect(res.body.data).toHaveLength(1);
  return res.body.data[0] as { id: string; isBotActive: boolean; status: string };
}

test("an agent message sent mid-dialogue reaches the customer in order with the bot's messages", async () => {
  const customer = new TestCustomer(stack, restaurant);
  await customer.text('hi');
  const conversation = await conversationOf(customer);
  // Queued back to back: the bot's reply to new_order, the agent's message, the reply to order_pickup.
  await customer.send({ kind: 'button', id: 'new_order' });
  const sent = await api('POST', `/conversations/${conversation.id}/send`, { text: 'Hi, Sara from the restaurant here' });
  expect(sent.status).toBe(202);
  await customer.send({ kind: 'button', id: 'order_pickup' });
  const messages = await customer.waitForReplies(4);
  expect(messages[2]).toBe('Hi, Sara from the restaurant here');
  expect(messages[1]).not.toBe(messages[3]);
  await customer.expectNoMoreReplies(4, 500);
  const stored = await stack.prisma.message.findUniqueOrThrow({ where: { id: sent.body.messageId } });
  expect(stored).toMatchObject({ sender: 'agent', status: 'sent' });
  expect(stored.waSid).toMatch(/^SM/);
});

test('after takeover the bot stays silent until hand-back; the agent still reaches the customer', async () => {
  const customer = new TestCustomer(stack, restaurant);
  await customer.text('hi');
  const conversation = await conversationOf(customer);
  const off = await api('POST', `/conversations/${conversation.id}/bot`, { enabled: false });
  expect(off.body).toMatchObject({ isBotActive: false, status: 'NEEDS_AGENT' });

  await customer.send({ kind: 'text', text: 'is anyone there?' });
  await customer.send({ kind: 'button', id: 'new_order' });
  await customer.expectNoMoreReplies(1, 1500);
  const inbound = await stack.prisma.message.count({ where: { conversationId: conversation.id, direction: 'IN' } });
  expect(inbound).toBe(3);

  await api('POST', `/conversations/${conversation.id}/send`, { text: 'Yes, an agent here' });
  expect(await customer.waitForReplies(2)).toContain('Yes, an agent here');
  await customer.expectNoMoreReplies(2, 500);

  const on = await api('POST', `/conversations/${conversation.id}/bot`, { enabled: true });
  expect(on.body).toMatchObject({ isBotActive: true, status: 'ACTIVE' });
  await customer.text('hi');
  expect(customer.received()).toHaveLength(3);
});

test('an order status change is told to the customer in their language; an invalid one is 409', async () => {
  const english = new TestCustomer(stack, restaurant);
  await english.text('hi');
  await english.tap('lang_en');
  const arabic = new TestCustomer(stack, restaurant);
  await arabic.text('مرحبا');

  const englishConversation = await stack.prisma.conversation.findFirstOrThrow({
    where: { restaurantId: restaurant.tenant.id, customerWa: english.customerWa },
  });
  const arabicConversation = await stack.prisma.conversation.findFirstOrThrow({
    where: { restaurantId: restaurant.tenant.id, customerWa: arabic.customerWa },
  });
  const englishOrder = await seedOrder(stack.prisma, englishConversation, { status: 'CONFIRMED', orderType: 'pickup' });
  const arabicOrder = await seedOrder(stack.prisma, arabicConversation, { status: 'CONFIRMED', orderType: 'delivery' });

  const before = { en: english.received().length, ar: arabic.received().length };
  expect((await api('PATCH', `/orders/${englishOrder.id}`, { status: 'PREPARING' })).status).toBe(200);
  expect((await api('PATCH', `/orders/${arabicOrder.id}`, { status: 'PREPARING' })).status).toBe(200);
  const toEnglish = (await english.waitForReplies(before.en + 1))[before.en]!;
  const toArabic = (await arabic.waitForReplies(before.ar + 1))[before.ar]!;
  expect(toEnglish).toContain(englishOrder.orderReference);
  expect(toEnglish).toContain('being prepared');
  expect(toArabic).toContain(arabicOrder.orderReference);
  expect(toArabic).toContain('قيد التحضير');

  const invalid = await api('PATCH', `/orders/${englishOrder.id}`, { status: 'OUT_FOR_DELIVERY' });
  expect(invalid.status).toBe(409);
  await english.expectNoMoreReplies(before.en + 1, 800);
});

test('a send Twilio refused for good is listed and, retried, re-sent through the workflow', async () => {
  const customer = new TestCustomer(stack, restaurant);
  stack.twilio.failNext(
    { status: 400, code: 21408, message: 'Permission to send an SMS has not been enabled for the region' },
    { to: customer.customerWa },
  );
  await customer.send({ kind: 'text', text: 'hi' });
  const failed = await eventually(
    async () => {
      const message = await stack.prisma.message.findFirst({
        where: {
          restaurantId: restaurant.tenant.id,
          conversation: { customerWa: customer.customerWa },
          direction: 'OUT',
          status: 'failed',
        },
      });
      expect(message).not.toBeNull();
      return message!;
    },
    { what: 'the refused send marked failed' },
  );
  expect(failed.errorCode).toBe(21408);
  const list = await api('GET', '/failed-sends');
  expect(list.body.data.map((m: { id: string }) => m.id)).toContain(failed.id);
  expect(customer.received()).toHaveLength(0);

  const retry = await api('POST', `/messages/${failed.id}/retry`);
  expect(retry.status).toBe(202);
  const [resent] = await customer.waitForReplies(1);
  expect(resent).toBe(failed.body);
  await eventually(async () =>
    expect(await stack.prisma.message.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ status: 'sent' }),
  );
  expect((await api('POST', `/messages/${failed.id}/retry`)).status).toBe(409);
});
