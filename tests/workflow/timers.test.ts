// Durable timers of the conversation workflow, shrunk to seconds: an idle cart expires with a
// notice; an idle conversation completes and the next message starts a fresh run.
import { WorkflowExecutionStatusName } from '@temporalio/client';
import { eventually } from '../support/eventually';
import { startStack, TestStack } from '../support/stack';
import { recordHistories } from './histories';
import { conversationsWith, TestCustomer } from './helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ worker: true });
});

afterAll(async () => {
  await stack?.stop();
});

async function statusOf(workflowId: string, runId?: string): Promise<WorkflowExecutionStatusName> {
  return (await stack.temporal.client.workflow.getHandle(workflowId, runId).describe()).status.name;
}

test('an idle cart is emptied with a notice, once', async () => {
  const restaurant = await stack.createRestaurant({ locale: 'en' });
  const customer = new TestCustomer(stack, restaurant, undefined, conversationsWith(stack, { cartIdleMs: 3_000 }));

  await customer.text('hi');
  await customer.startPickup('Malqa Branch');
  expect((await customer.addToCart('Drinks', 'Water', 4)).at(-1)).toContain('Added 4 × Water');
  expect((await customer.state()).cart).toHaveLength(1);

  const replies = await customer.waitForReplies(8, 10_000);
  expect(replies[7]).toContain('Your cart was emptied');
  expect(await customer.state()).toMatchObject({ cart: [], step: 'welcome' });
  // The empty cart arms no further expiry.
  await customer.expectNoMoreReplies(8, 4_000);
  expect(await statusOf(customer.workflowId)).toBe('RUNNING');
  await recordHistories(stack.temporal.client, customer.workflowId, 'cart-expiry');
});

test('an idle conversation completes; a later message starts a fresh run that knows the last order', async () => {
  const restaurant = await stack.createRestaurant({ locale: 'en' });
  const customer = new TestCustomer(stack, restaurant, undefined, conversationsWith(stack, { conversationIdleMs: 3_000 }));

  await customer.text('hi');
  await customer.startPickup('Malqa Branch');
  await customer.addToCart('Drinks', 'Laban', 2);
  const { orderReference } = await customer.checkOut('cash');

  const first = await stack.temporal.client.workflow.getHandle(customer.workflowId).describe();
  await eventually(async () => expect(await statusOf(customer.workflowId, first.runId)).toBe('COMPLETED'), {
    timeoutMs: 10_000,
    what: 'the idle run to complete',
  });
  await recordHistories(stack.temporal.client, customer.workflowId, 'idle-completion');

  expect(await customer.tap('track_order')).toContain(`Your order ${orderReference} is confirmed`);
  const second = await stack.temporal.client.workflow.getHandle(customer.workflowId).describe();
  expect(second.runId).not.toBe(first.runId);
  expect(second.status.name).toBe('RUNNING');
  expect(await customer.state()).toMatchObject({ language: 'en', activeOrder: { orderReference, status: 'CONFIRMED' } });
});

test('the language of the first message, or one chosen later, is kept after the run completed and a new run started', async () => {
  const restaurant = await stack.createRestaurant({ locale: 'ar' });
  const conversations = conversationsWith(stack, { conversationIdleMs: 3_000 });
  const detected = new TestCustomer(stack, restaurant, undefined, conversations);
  const chosen = new TestCustomer(stack, restaurant, undefined, conversations);

  expect(await detected.text('Hello, I would like to order')).toContain('Delivery or pickup?');
  expect(await chosen.text('hi')).toContain('How can we help you today?');
  expect(await chosen.tap('lang_ar')).toContain('كيف نقدر نخدمك اليوم؟');

  for (const customer of [detected, chosen]) {
    const first = await stack.temporal.client.workflow.getHandle(customer.workflowId).describe();
    await eventually(async () => expect(await statusOf(customer.workflowId, first.runId)).toBe('COMPLETED'), {
      timeoutMs: 10_000,
      what: 'the idle run to complete',
    });
  }
  await recordHistories(stack.temporal.client, detected.workflowId, 'language-remembered');
  const locales = await stack.prisma.conversation.findMany({
    where: { restaurantId: restaurant.tenant.id },
    select: { customerWa: true, locale: true },
  });
  expect(Object.fromEntries(locales.map((c) => [c.customerWa, c.locale]))).toEqual({
    [detected.customerWa]: 'en',
    [chosen.customerWa]: 'ar',
  });

  // The fresh runs answer in the remembered language, whatever script the new message is in.
  expect(await detected.text('مرحبا')).toContain('How can we help you today?');
  expect(await chosen.text('hello')).toContain('كيف نقدر نخدمك اليوم؟');
  expect(await detected.state()).toMatchObject({ language: 'en' });
  expect(await chosen.state()).toMatchObject({ language: 'ar' });
});
