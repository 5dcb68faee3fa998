// The API's hand-over under load (real PostgreSQL): a signal that misses its deadline while
// Temporal answers others is tried again in the conversation's line, in order, as long as the retry
// ends before the dispatcher would take the work; otherwise the dispatcher gets it.
import { createLogger } from '../../src/logger';
import { WorkHandoff, type HandoffOptions } from '../../src/dispatch/handoff';
import { InboundSignaller, inboundSignalOf } from '../../src/dispatch/inbound-signal';
import type { HandoffOutcome } from '../../src/dispatch/deps';
import type { Signaller, Work } from '../../src/dispatch/work';
import { recordAction } from '../../src/conversations/actions';
import { storeArrival } from '../../src/messages/inbound';
import { textArrival } from '../support/twilio-webhook';
import { randomWhatsApp, startStack, type TestRestaurant, type TestStack } from '../support/stack';

let stack: TestStack;
let restaurant: TestRestaurant;

beforeAll(async () => {
  stack = await startStack();
  restaurant = await stack.createRestaurant({ locale: 'en' });
});
afterAll(() => stack?.stop());

/** A message stored as the webhook stores it, and its hand-over. */
type InboundWork = Extract<Work, { kind: 'inbound' }>;

async function stored(
  customerWa = randomWhatsApp(),
): Promise<{ key: { restaurantId: string; customerWa: string }; conversationId: string; work: InboundWork }> {
  const arrival = await storeArrival(stack.prisma, restaurant.tenant.id, textArrival(customerWa), 'allowed', new Date());
  if (!arrival.created) throw new Error('not stored');
  const work: InboundWork = {
    kind: 'inbound',
    id: arrival.message.id,
    createdAt: arrival.message.createdAt,
    message: inboundSignalOf(arrival.message)!,
  };
  return { key: { restaurantId: restaurant.tenant.id, customerWa }, conversationId: arrival.conversation.id, work };
}

const deadline = () => Object.assign(new Error('deadline exceeded'), { code: 4 });

/** Temporal "slow": the first signal for `slowSid` misses its deadline once `othersDone`; the other
 * signals get through, and only after the slow one has started (so they succeed during it). */
function slowOnce(slowSid: string, othersDone: Promise<unknown>) {
  const calls: string[] = [];
  let slowStarted!: () => void;
  const started = new Promise<void>((resolve) => (slowStarted = resolve));
  const inbound = async (_key: unknown, message: { messageSid: string }) => {
    calls.push(message.messageSid);
    if (message.messageSid !== slowSid) return started;
    if (calls.filter((sid) => sid === slowSid).length > 1) return;
    slowStarted();
    await othersDone;
    throw deadline();
  };
  const conversations = { inbound } as unknown as Signaller;
  return { conversations, calls };
}

function handoffWith(conversations: Signaller, options: Omit<HandoffOptions, 'count'>) {
  const outcomes: HandoffOutcome[] = [];
  const handoff = new WorkHandoff(new InboundSignaller(conversations, 2_000, 60_000), stack.prisma, createLogger('silent', 'test'), {
    ...options,
    count: (outcome) => outcomes.push(outcome),
  });
  return { handoff, outcomes };
}

const dispatchedAt = async (work: Work) => (await stack.prisma.message.findUniqueOrThrow({ where: { id: work.id } })).dispatchedAt;

/** Two new customers' messages handed over at once; the first's signal misses its deadline once
 * the second's got through. */
async function slowWhileOthersGetThrough(dispatchMinAgeMs: number) {
  const [slow, quick] = await Promise.all([stored(), stored()]);
  let quickDone!: () => void;
  const othersDone = new Promise<void>((resolve) => (quickDone = resolve));
  const { conversations, calls } = slowOnce(slow.work.message.messageSid, othersDone);
  const { handoff, outcomes } = handoffWith(conversations, { dispatchMinAgeMs });
  const slowHanded = handoff.hand(slow.key, slow.conversationId, slow.work);
  const quickHanded = await handoff.hand(quick.key, quick.conversationId, quick.work);
  quickDone();
  const slowResult = await slowHanded;
  await handoff.drain();
  const slowCalls = calls.filter((sid) => sid === slow.work.message.messageSid).length;
  return { slow, quickHanded, slowHanded: slowResult, slowCalls, outcomes: outcomes.sort() };
}

test('slow, not down: the missed signal is tried again at once and reaches its workflow', async () => {
  const run = await slowWhileOthersGetThrough(5_000);
  expect(run.quickHanded).toBe(true);
  expect(run.slowHanded).toBe(true);
  expect(run.slowCalls).toBe(2);
  expect(run.outcomes).toEqual(['retried', 'signalled', 'signalled']);
  expect(await dispatchedAt(run.slow.work)).not.toBeNull();
});

test('no time left before the dispatcher would take it: no retry, left stored for the dispatcher', async () => {
  // A retry of up to 2 s would end after the work is 1 s old: the dispatcher's turn.
  const run = await slowWhileOthersGetThrough(1_000);
  expect(run.slowHanded).toBe(false);
  expect(run.slowCalls).toBe(1);
  expect(run.outcomes).toEqual(['failed', 'signalled']);
  expect(await dispatchedAt(run.slow.work)).toBeNull();
});

test('the next message right after a signalled one is handed over at once, though the first is not marked yet', async () => {
  const first = await stored();
  const second = await stored(first.key.customerWa);
  const calls: string[] = [];
  const conversations = {
    inbound: async (_key: unknown, m: { messageSid: string }) => void calls.push(m.messageSid),
  } as unknown as Signaller;
  const { handoff, outcomes } = handoffWith(conversations, {});

  await expect(handoff.hand(first.key, first.conversationId, first.work)).resolves.toBe(true);
  // The first one's dispatchedAt is written in a batch a moment later; it is not older work pending.
  expect(await dispatchedAt(first.work)).toBeNull();
  await expect(handoff.hand(second.key, second.conversationId, second.work)).resolves.toBe(true);
  await handoff.drain();

  expect(outcomes).toEqual(['signalled', 'signalled']);
  expect(calls).toEqual([first.work.message.messageSid, second.work.message.messageSid]);
  expect(await dispatchedAt(second.work)).not.toBeNull();
});

test('a customer message\u2019s signal may take until the dispatcher would take it; a staff action\u2019s has the signal deadline', async () => {
  const message = await stored();
  const botOff = { kind: 'bot', payload: { enabled: false } } as const;
  const row = await recordAction(stack.prisma, { id: message.conversationId, restaurantId: restaurant.tenant.id }, botOff);
  const action: Work = { kind: 'action', id: row.id, createdAt: row.createdAt, action: botOff };
  const deadlines: Record<string, number> = {};
  const conversations = {
    inbound: async (_key: unknown, _message: unknown, deadlineMs: number) => void (deadlines.inbound = deadlineMs),
    setBotEnabled: async (_key: unknown, _enabled: boolean, deadlineMs: number) => void (deadlines.action = deadlineMs),
  } as unknown as Signaller;
  // The dispatcher takes work at 5 s of age; the copy's signal deadline is 2 s.
  const { handoff } = handoffWith(conversations, { dispatchMinAgeMs: 5_000 });

  await expect(handoff.hand(message.key, message.conversationId, message.work)).resolves.toBe(true);
  await expect(handoff.hand(message.key, message.conversationId, action)).resolves.toBe(true);
  await handoff.drain();

  // Nothing waits for the message's signal (the webhook has answered): it may run until 0.5 s
  // before the dispatcher's turn. A staff member waits for the action's answer: 2 s at most.
  const age = Date.now() - message.work.createdAt.getTime();
  expect(deadlines.inbound).toBeGreaterThan(4_500 - age - 100);
  expect(deadlines.inbound).toBeLessThanOrEqual(4_500);
  expect(deadlines.action).toBe(2_000);
});
