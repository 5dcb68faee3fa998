// `npm run bench -- --long-conversation N` (issue 10 item 4): one customer, N messages in one
// conversation, each waiting for its answer before the next (the pickup order of the bench, over
// and over: an order every 9 messages). Reports the reply latency early and late in the
// conversation and the workflow's runs: it continues as new at CONVERSATION_MAX_HISTORY_EVENTS,
// so a long conversation should cost no more per message than a short one.
import { conversationWorkflowId } from '../../src/workflows/contract';
import type { ChaosStack } from '../chaos/stack';
import { percentiles, type Percentiles } from './customers';
import { benchRestaurant, runOurs } from './ours';

export interface LongConversationReport {
  /** Messages sent (fewer than asked when --duration ended the run). */
  messages: number;
  thinkMs: number;
  seconds: number;
  answered: number;
  /** Reply latency of the first and the last 20 messages, and of every window of `window` messages. */
  first20: Percentiles | null;
  last20: Percentiles | null;
  /** last20 p50 / first20 p50 (target ≤ 1.2). */
  lateOverEarly: number | null;
  window: number;
  windows: { from: number; to: number; reply: Percentiles | null }[];
  /** The 20 slowest replies, by message number (1-based), to set against the runs' boundaries. */
  slowest: { message: number; ms: number }[];
  /** The workflow's runs (continued as new), oldest first. */
  runs: { runId: string; status: string; historyLength: number }[];
  duplicated: number;
  lost: number;
  outOfOrder: number;
  ordersPlaced: number;
}

export async function longConversation(
  stack: ChaosStack,
  messages: number,
  thinkMs: number,
  durationMs: number | null,
  log: (line: string) => void,
): Promise<LongConversationReport> {
  const restaurant = await benchRestaurant(stack, 'long');
  const started = Date.now();
  const result = await runOurs(
    stack,
    [restaurant],
    { customers: 1, messages, thinkMs, rampMs: 0, replyTimeoutMs: 20_000, durationMs, progress: log },
    30_000,
  );
  const seconds = Math.round((Date.now() - started) / 1000);
  const ordered = [...result.samples].sort((a, b) => a.index - b.index);
  const sent = ordered.length; // fewer than asked when --duration ended the run
  const latency = (from: number, to: number) =>
    percentiles(ordered.slice(from, to).flatMap((s) => (s.answeredAt === null ? [] : [s.answeredAt - s.sentAt])));
  const window = Math.max(20, Math.round(sent / 10));
  const windows = [];
  for (let from = 0; from < sent; from += window)
    windows.push({ from: from + 1, to: Math.min(sent, from + window), reply: latency(from, from + window) });
  const first20 = latency(0, 20);
  const last20 = latency(sent - 20, sent);
  const { customerWa } = await stack.prisma.conversation.findFirstOrThrow({
    where: { restaurantId: restaurant.id },
    select: { customerWa: true },
  });
  const runs = await stack.temporalClient(async (client) => {
    const found = [];
    for await (const run of client.workflow.list({ query: `WorkflowId = '${conversationWorkflowId(restaurant.id, customerWa)}'` }))
      found.push({ runId: run.runId, status: run.status.name, historyLength: run.historyLength, startTime: run.startTime.getTime() });
    return found.sort((a, b) => a.startTime - b.startTime).map(({ startTime: _, ...run }) => run);
  });
  return {
    messages: sent,
    thinkMs,
    seconds,
    answered: ordered.filter((s) => s.answeredAt !== null).length,
    first20,
    last20,
    lateOverEarly: first20 && last20 ? Math.round((last20.p50 / first20.p50) * 100) / 100 : null,
    window,
    windows,
    slowest: ordered
      .flatMap((s) => (s.answeredAt === null ? [] : [{ message: s.index + 1, ms: s.answeredAt - s.sentAt }]))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 20),
    runs,
    duplicated: result.duplicated,
    lost: result.lost,
    outOfOrder: result.outOfOrder,
    ordersPlaced: result.ordersPlaced,
  };
}
