// Opt-out on the real stack (SPEC §6, §7): STOP gets one confirmation, then nothing from the bot,
// staff (409, nothing recorded) or order notifications (held, visibly); START brings the customer
// back. Twilio's 21610 opts them out the same way, and the opt-out outlives the workflow run.
import { eventually } from '../support/eventually';
import { startStack, type TestStack, type TestRestaurant } from '../support/stack';
import { recordHistories } from '../workflow/histories';
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

const conversationOf = (customer: TestCustomer) =>
  stack.prisma.conversation.findFirstOrThrow({ where: { restaurantId: restaurant.tenant.id, customerWa: customer.customerWa } });

test('STOP: one confirmation, then silence, staff sends 409, order news held; START: back with the welcome', async () => {
  const customer = new TestCustomer(stack, restaurant);
  await customer.text('hi');
  const confirmation = await customer.text('STOP');
  expect(confirmation).toContain('unsubscribed');
  const conversation = await conversationOf(customer);
  expect(conversation.optedOut).toBe(true);
  expect(conversation.optedOutAt).toBeInstanceOf(Date);
  const listed = await api('GET', `/conversations?q=${encodeURIComponent(customer.customerWa.replace('whatsapp:', ''))}`);
  expect(listed.body.data[0]).toMatchObject({ optedOut: true, optedOutAt: conversation.optedOutAt!.toISOString() });

  await customer.send({ kind: 'text', text: 'hi' });
  await customer.send({ kind: 'button', id: 'new_order' });
  await customer.send({ kind: 'text', text: 'menu' });

  const refused = await api('POST', `/conversations/${conversation.id}/send`, { text: 'Are you still there?' });
  expect(refused.status).toBe(409);
  expect(refused.body).toEqual({ error: { code: 'conflict', message: expect.stringContaining('opted out') } });
  expect(await stack.prisma.message.count({ where: { conversationId: conversation.id, sender: 'agent' } })).toBe(0);
  expect(await stack.prisma.conversationAction.count({ where: { conversationId: conversation.id } })).toBe(0);

  const order = await seedOrder(stack.prisma, conversation, { status: 'CONFIRMED' });
  expect((await api('PATCH', `/orders/${order.id}`, { status: 'PREPARING' })).status).toBe(200);
  const held = await eventually(
    async () => {
      const row = await stack.prisma.message.findFirst({
        where: { conversationId: conversation.id, body: { contains: order.orderReference } },
      });
      expect(row).toMatchObject({ status: 'failed', failureReason: 'opted_out' });
      return row!;
    },
    { what: 'the status notification held as opted out' },
  );
  expect(held.waSid).toBeNull();
  await customer.expectNoMoreReplies(2, 800);

  const back = await customer.text('START');
  expect(back).toContain('Welcome back');
  expect(back).toContain(restaurant.tenant.restaurantName);
  expect(await conversationOf(customer)).toMatchObject({ optedOut: false, optedOutAt: null });
  expect((await api('POST', `/conversations/${conversation.id}/send`, { text: 'Welcome back!' })).status).toBe(202);
  expect((await customer.waitForReplies(4))[3]).toBe('Welcome back!');
  await recordHistories(stack.temporal.client, customer.workflowId, 'opt-out');
});

test('Twilio 21610 on a send opts the customer out: silence until START, also in a later run', async () => {
  const customer = new TestCustomer(stack, restaurant);
  stack.twilio.unsubscribe(customer.customerWa);
  await customer.send({ kind: 'text', text: 'hi' });
  await eventually(async () => expect(await conversationOf(customer)).toMatchObject({ optedOut: true }), { what: 'opted out by 21610' });
  stack.twilio.resubscribe(customer.customerWa); // Twilio no longer refuses: only the customer's START opts them in

  await customer.send({ kind: 'text', text: 'hello?' });
  // The workflow run ends; the next one starts from the stored opt-out.
  await stack.temporal.client.workflow.getHandle(customer.workflowId).terminate('a new run');
  await customer.send({ kind: 'text', text: 'menu' });
  await customer.expectNoMoreReplies(0, 1_000);

  expect(await customer.text('START')).toContain('Welcome back');
  expect(await conversationOf(customer)).toMatchObject({ optedOut: false });
  await recordHistories(stack.temporal.client, customer.workflowId, 'opted-out-fresh-run');
});

test('the opt-out is per restaurant: the same customer still hears from another one', async () => {
  const other = await stack.createRestaurant();
  const here = new TestCustomer(stack, restaurant);
  const there = new TestCustomer(stack, other, here.customerWa);
  await here.text('STOP');
  expect(await there.text('hi')).toContain(other.tenant.restaurantName);
});
