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
  expect(replies[7]).toContain('Your cart expired');
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
