// An agent's message too long for one WhatsApp message (SPEC §6): the API records one row per part
// and answers 202 naming the first; the customer gets the parts in order, none over 1,600.
import { startStack, type TestStack, type TestRestaurant } from '../support/stack';
import { TestCustomer } from '../workflow/helpers';
import { http, mintToken } from './helpers';

let stack: TestStack;
let restaurant: TestRestaurant;
let token: string;

beforeAll(async () => {
  stack = await startStack({ api: true, worker: true });
  restaurant = await stack.createRestaurant();
  token = await mintToken(stack, restaurant.tenant.id, 'agent');
});
afterAll(() => stack.stop());

test('a 3,000-character agent message arrives as two messages in order; the 202 names the first part', async () => {
  const customer = new TestCustomer(stack, restaurant);
  await customer.text('hi');
  const conversation = await stack.prisma.conversation.findFirstOrThrow({
    where: { restaurantId: restaurant.tenant.id, customerWa: customer.customerWa },
  });
  const text = Array.from({ length: 266 }, (_, i) => `word${i % 10}`).join(' ') + '\n' + 'تفاصيل '.repeat(201).trim();
  expect(text.length).toBeGreaterThanOrEqual(3_000);
  const sent = await http(stack, 'POST', `/api/restaurants/${restaurant.tenant.id}/conversations/${conversation.id}/send`, {
    token,
    body: { text },
  });
  expect(sent.status).toBe(202);

  const [, first, second] = await customer.waitForReplies(3);
  await customer.expectNoMoreReplies(3, 500);
  expect([...first!].length).toBeLessThanOrEqual(1600);
  expect([...second!].length).toBeLessThanOrEqual(1600);
  expect(`${first}\n${second}`).toBe(text);

  const rows = await stack.prisma.message.findMany({
    where: { conversationId: conversation.id, sender: 'agent' },
    orderBy: { createdAt: 'asc' },
  });
  expect(rows.map((r) => r.body)).toEqual([first, second]);
  expect(rows[0]!.id).toBe(sent.body.messageId);
  expect(rows.every((r) => r.status === 'sent' && r.waSid)).toBe(true);
});
