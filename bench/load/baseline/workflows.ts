// The bare-Temporal baseline: one workflow per customer, started by signal-with-start; each
// signal runs one activity that "replies" (posts to the bench's sink) and nothing else. What our
// pipeline does per message, minus everything that is ours.
import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { createBaselineActivities } from './activities';

export const customerMessage = defineSignal<[number]>('customerMessage');

const { reply } = proxyActivities<ReturnType<typeof createBaselineActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

/** Answers `messages` signals in arrival order, then completes. */
export async function baselineConversation(customer: string, messages: number): Promise<void> {
  const pending: number[] = [];
  setHandler(customerMessage, (seq) => {
    pending.push(seq);
  });
  for (let answered = 0; answered < messages; answered += 1) {
    await condition(() => pending.length > 0);
    await reply(customer, pending.shift()!);
  }
}
