// Continue-as-new in the middle of an order: a tiny maxHistoryLength forces a new run every
// message or two, and the conversation must not notice (cart, language, dedupe, queued work).
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { ConversationInput } from '../../src/workflows/contract';
import { startStack, TestStack } from '../support/stack';
import { recordHistories } from './histories';
import { conversationsWith, menuIds, TestCustomer } from './helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ worker: true });
});

afterAll(async () => {
  await stack?.stop();
});

/** Run IDs of the workflow's continue-as-new chain, first to latest (no visibility lag). */
async function runChain(client: Client, workflowId: string): Promise<{ input: ConversationInput; continuedAsNew: boolean }[]> {
  const latest = await client.workflow.getHandle(workflowId).fetchHistory();
  let runId = latest.events?.[0]?.workflowExecutionStartedEventAttributes?.firstExecutionRunId ?? undefined;
  const runs: { input: ConversationInput; continuedAsNew: boolean }[] = [];
  while (runId) {
    const events = (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    const payload = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    const next = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    runs.push({ input: defaultPayloadConverter.fromPayload<ConversationInput>(payload!), continuedAsNew: next !== undefined });
    runId = next;
  }
  return runs;
}

test('forced through several continue-as-new runs mid-order, the conversation keeps cart, language and dedupe set; nothing lost or answered twice', async () => {
  const restaurant = await stack.createRestaurant();
  const { category, item, branch } = menuIds(restaurant);
  const customer = new TestCustomer(stack, restaurant, undefined, conversationsWith(stack, { maxHistoryLength: 24 }));

  // One at a time: the language switch and the start of the order.
  expect(await customer.text('مرحبا')).toContain('أهلاً بك');
  expect(await customer.tap('lang_en')).toContain('How can we help');
  expect(await customer.tap('new_order')).toContain('Delivery or pickup?');
  expect(await customer.tap('order_pickup')).toContain('Which branch');
  expect(await customer.tap(`branch_${branch('Olaya Branch').id}`)).toContain('pick up your order from Olaya Branch');
  expect(await customer.tap(`cat_${category('Grills').id}`)).toContain('Lamb Kebab');
  expect(await customer.tap(`item_${item('Lamb Kebab').id}`)).toContain('How many Lamb Kebab');
  expect(await customer.text('2')).toContain('Added 2 × Lamb Kebab');

  // A burst sent without waiting: work queued while a run ends must reach the next run, in order.
  const burst = ['add_item', `cat_${category('Starters').id}`, `item_${item('Fattoush').id}`, 'qty_1', 'view_cart'];
  const sent = customer.received().length;
  for (const id of burst) await customer.send({ kind: 'button', id });
  const replies = (await customer.waitForReplies(sent + burst.length)).slice(sent);
  ['Choose a category', 'Fattoush', 'How many Fattoush', 'Added 1 × Fattoush', 'Your cart'].forEach((text, i) =>
    expect(replies[i]).toContain(text),
  );

  // A Twilio retry of the very first message, many runs later, is still recognised.
  await customer.send({ kind: 'text', text: 'مرحبا' }, customer.sids[0]);
  await customer.expectNoMoreReplies(sent + burst.length);

  const uniqueMessages = new Set(customer.sids).size;
  const state = await customer.state();
  expect(state).toMatchObject({ step: 'view_cart', language: 'en', pending: 0, processedSids: uniqueMessages });
  expect(state.cart.map(({ nameEn, quantity }) => ({ nameEn, quantity }))).toEqual([
    { nameEn: 'Lamb Kebab', quantity: 2 },
    { nameEn: 'Fattoush', quantity: 1 },
  ]);

  const runs = await runChain(stack.temporal.client, customer.workflowId);
  expect(runs.filter((r) => r.continuedAsNew).length).toBeGreaterThanOrEqual(3);
  // Some run ended with burst messages still queued: they travelled in the next run's input.
  expect(runs.some((r) => (r.input.carried?.pending.length ?? 0) > 0)).toBe(true);

  // The cart that survived all those runs becomes the order.
  const { orderReference } = await customer.checkOut('cash');
  const order = await stack.prisma.order.findUniqueOrThrow({ where: { orderReference }, include: { items: true } });
  expect(order.total).toBe(2 * 3800 + 1600);
  expect(order.items).toHaveLength(2);

  // Every message answered exactly once: one reply per distinct MessageSid, no duplicate sends.
  expect(customer.received()).toHaveLength(new Set(customer.sids).size);
  const outbound = await stack.prisma.message.findMany({ where: { restaurantId: restaurant.tenant.id, direction: 'OUT' } });
  expect(outbound).toHaveLength(customer.received().length);
  expect(new Set(outbound.map((m) => m.idempotencyKey)).size).toBe(outbound.length);
  await recordHistories(stack.temporal.client, customer.workflowId, 'continue-as-new');
});
