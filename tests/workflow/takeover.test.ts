// Human takeover through the workflow: support hand-off turns the bot off, the customer's messages
// are stored for the agent but not answered, agent messages go out in order, hand-back resumes.
import { randomUUID } from 'node:crypto';
import { startStack, TestStack } from '../support/stack';
import { recordHistories } from './histories';
import { TestCustomer } from './helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ worker: true });
});

afterAll(async () => {
  await stack?.stop();
});

/** What the dashboard API does for an agent message: record it queued, then signal the workflow. */
async function agentSays(customer: TestCustomer, text: string): Promise<void> {
  const conversation = await stack.prisma.conversation.findUniqueOrThrow({
    where: { restaurantId_customerWa: { restaurantId: customer.restaurant.tenant.id, customerWa: customer.customerWa } },
  });
  const message = await stack.prisma.message.create({
    data: {
      restaurantId: conversation.restaurantId,
      conversationId: conversation.id,
      direction: 'OUT',
      sender: 'agent',
      status: 'queued',
      body: text,
      idempotencyKey: `agent:${randomUUID()}`,
    },
  });
  await stack.conversations.agentMessage(customer.ref, { messageId: message.id, text });
}

const conversationRow = (customer: TestCustomer) =>
  stack.prisma.conversation.findUniqueOrThrow({
    where: { restaurantId_customerWa: { restaurantId: customer.restaurant.tenant.id, customerWa: customer.customerWa } },
  });

test('support hand-off: bot off, customer stored but not answered, agent messages sent, hand-back answers again', async () => {
  const restaurant = await stack.createRestaurant({ locale: 'en' });
  const customer = new TestCustomer(stack, restaurant);

  await customer.text('hi');
  expect(await customer.tap('contact_support')).toContain('+966110000000');
  expect(await conversationRow(customer)).toMatchObject({ isBotActive: false, status: 'NEEDS_AGENT' });
  expect(await customer.state()).toMatchObject({ botEnabled: false });

  await customer.send({ kind: 'text', text: 'is anyone there?' });
  await customer.expectNoMoreReplies(2);
  const stored = await stack.prisma.message.findMany({ where: { restaurantId: restaurant.tenant.id, direction: 'IN' } });
  expect(stored.map((m) => m.body)).toContain('is anyone there?');

  await agentSays(customer, 'Hi, this is Sara. How can I help?');
  expect((await customer.waitForReplies(3))[2]).toBe('Hi, this is Sara. How can I help?');

  // Hand-back, as the API does it: the row first, then the signal.
  await stack.prisma.conversation.update({ where: { id: (await conversationRow(customer)).id }, data: { isBotActive: true } });
  await stack.conversations.setBotEnabled(customer.ref, true);
  expect(await customer.text('new order')).toContain('Delivery or pickup?');
  expect(await conversationRow(customer)).toMatchObject({ isBotActive: true, status: 'ACTIVE' });

  // With the bot on, an agent message still goes out, in line with the bot's replies.
  const before = customer.received().length;
  await agentSays(customer, 'Sara again: our delivery is fast today.');
  await customer.send({ kind: 'button', id: 'order_pickup' });
  expect((await customer.waitForReplies(before + 2)).slice(before)).toEqual([
    'Sara again: our delivery is fast today.',
    expect.stringContaining('Which branch'),
  ]);
  await recordHistories(stack.temporal.client, customer.workflowId, 'takeover');
});
