// What one customer message costs Temporal (issue 10): a turn is one workflow task, its activities
// local (markers in that task, no activity task through the server), and the idle timer is left
// running across messages. The cart's expiry still follows the latest message.
import { temporal } from '@temporalio/proto';
import { eventually } from '../support/eventually';
import { activityCalls } from '../support/history';
import { startStack, TestStack } from '../support/stack';
import { conversationsWith, TestCustomer } from './helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ worker: true });
});

afterAll(async () => {
  await stack?.stop();
});

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const typeName = (e: HistoryEvent): string => temporal.api.enums.v1.EventType[e.eventType ?? 0] ?? 'unknown';

/** The run's history once no workflow task is in flight. */
function settledHistory(customer: TestCustomer): Promise<HistoryEvent[]> {
  return eventually(async () => {
    const history = await stack.temporal.client.workflow.getHandle(customer.workflowId).fetchHistory();
    const events = history.events ?? [];
    const last = (type: string) => events.map(typeName).reduce((found, name, i) => (name.endsWith(type) ? i : found), -1);
    if (last('WORKFLOW_TASK_SCHEDULED') > last('WORKFLOW_TASK_COMPLETED')) throw new Error('a workflow task is still in flight');
    return events;
  });
}

const count = (events: HistoryEvent[], type: string) => events.filter((e) => typeName(e).endsWith(type)).length;

test('a customer message costs one workflow task: no activity task, no timer cancelled or started', async () => {
  const restaurant = await stack.createRestaurant({ locale: 'en' });
  const customer = new TestCustomer(stack, restaurant);
  await customer.text('hi');
  await customer.startPickup('Olaya Branch');
  const before = (await settledHistory(customer)).length;

  expect(await customer.tap('view_cart')).toContain('cart');
  const turn = (await settledHistory(customer)).slice(before);

  expect(count(turn, 'WORKFLOW_EXECUTION_SIGNALED')).toBe(1);
  expect(count(turn, 'WORKFLOW_TASK_COMPLETED')).toBe(1);
  expect(count(turn, 'ACTIVITY_TASK_SCHEDULED')).toBe(0);
  expect(count(turn, 'TIMER_STARTED') + count(turn, 'TIMER_CANCELED')).toBe(0);
  // Its activities (store the directly signalled message, read the context, send the reply) ran in it.
  expect(activityCalls(turn)).toEqual(['recordInbound', 'loadConversationContext', 'sendReply']);
});

test('a cart expires after the last message, not after the first timer armed for it', async () => {
  const restaurant = await stack.createRestaurant({ locale: 'en' });
  const customer = new TestCustomer(stack, restaurant, undefined, conversationsWith(stack, { cartIdleMs: 4_000 }));
  await customer.startPickup('Malqa Branch');
  await customer.addToCart('Drinks', 'Water', 1);
  const cartStartedAt = Date.now();
  // Keep writing past the first deadline: the timer armed for it fires and is armed again.
  let lastMessageAt = Date.now();
  while (Date.now() - cartStartedAt < 6_000) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    lastMessageAt = Date.now();
    expect(await customer.tap('view_cart')).not.toContain('Your cart was emptied');
  }
  expect((await customer.state()).cart).toHaveLength(1);

  const replies = await eventually(
    () => {
      const all = customer.received();
      if (!all.at(-1)?.includes('Your cart was emptied')) throw new Error('no expiry notice yet');
      return all;
    },
    { timeoutMs: 15_000 },
  );
  // Emptied a full idle period after the last message was sent (the workflow saw it later still).
  expect(Date.now() - lastMessageAt).toBeGreaterThanOrEqual(4_000);
  expect(replies.filter((r) => r.includes('Your cart was emptied'))).toHaveLength(1);
});
