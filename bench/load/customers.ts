// The load shape both sides of the bench share: M customers, each sending its conversation's
// messages in turn, waiting for the answer to each (up to a timeout) and thinking before the next.
import { setTimeout as sleep } from 'node:timers/promises';

export interface Sample {
  customer: number;
  index: number;
  /** Epoch ms when the message left (webhook posted / signal-with-start called). */
  sentAt: number;
  /** Until the webhook's 2xx / the signal-with-start call returned; null: refused or failed. */
  ackMs: number | null;
  /** Epoch ms of the first answer (seen live; the bench may replace it with an exact figure). */
  answeredAt: number | null;
}

export interface Side {
  /** Sends message `index` of `customer`; resolves true once accepted. */
  send(customer: number, index: number): Promise<boolean>;
  /** Resolves with the epoch ms of the answer to that message, or null after `timeoutMs`. */
  answer(customer: number, index: number, timeoutMs: number): Promise<number | null>;
}

export interface LoadShape {
  customers: number;
  messages: number;
  thinkMs: number;
  /** Customers start spread over this long. */
  rampMs: number;
  replyTimeoutMs: number;
  /** No new message after this many ms from the start (null: every conversation to its end). */
  durationMs: number | null;
  /** Called with a line every 10 % of the messages (long runs). */
  progress?: (line: string) => void;
}

export async function runCustomers(shape: LoadShape, side: Side): Promise<Sample[]> {
  const samples: Sample[] = [];
  const started = Date.now();
  const over = () => shape.durationMs !== null && Date.now() - started > shape.durationMs;
  const total = shape.customers * shape.messages;
  const step = Math.max(1, Math.round(total / 10));
  await Promise.all(
    Array.from({ length: shape.customers }, async (_, customer) => {
      await sleep(Math.floor((shape.rampMs * customer) / Math.max(shape.customers, 1)));
      for (let index = 0; index < shape.messages && !over(); index += 1) {
        const sample: Sample = { customer, index, sentAt: Date.now(), ackMs: null, answeredAt: null };
        samples.push(sample);
        if (shape.progress && samples.length % step === 0)
          shape.progress(`  ${samples.length} / ${total} messages sent, ${Math.round((Date.now() - started) / 1000)} s`);
        const accepted = await side.send(customer, index).catch(() => false);
        if (accepted) sample.ackMs = Date.now() - sample.sentAt;
        if (accepted) sample.answeredAt = await side.answer(customer, index, shape.replyTimeoutMs);
        await sleep(shape.thinkMs);
      }
    }),
  );
  return samples;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentiles(values: number[]): Percentiles | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

export interface Summary {
  customers: number;
  sent: number;
  accepted: number;
  answered: number;
  /** Accepted and not answered within the reply timeout. */
  unanswered: number;
  ackMs: Percentiles | null;
  replyMs: Percentiles | null;
  /** Each customer's first message (a new conversation): every answer, late ones included, so a
   * customer left waiting shows here rather than only as unanswered. */
  firstReplyMs: Percentiles | null;
  /** From the first message sent to the last answer (or last send). */
  seconds: number;
  /** Messages sent per second over that window (what the customers offered). */
  offeredPerSecond: number;
  /** Messages answered within the timeout per second over that window. */
  answeredPerSecond: number;
  /** Answered at all (also after the timeout, by the end of the run), and per second over the window. */
  replied: number;
  repliedPerSecond: number;
}

export function summarise(samples: Sample[], customers: number, replyTimeoutMs: number): Summary {
  const accepted = samples.filter((s) => s.ackMs !== null);
  const replyMs = accepted.flatMap((s) => (s.answeredAt === null ? [] : [s.answeredAt - s.sentAt])).filter((ms) => ms <= replyTimeoutMs);
  const first = Math.min(...samples.map((s) => s.sentAt));
  const last = Math.max(...samples.map((s) => Math.max(s.sentAt, s.answeredAt ?? 0)));
  const seconds = Math.max((last - first) / 1000, 0.001);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    customers,
    sent: samples.length,
    accepted: accepted.length,
    answered: replyMs.length,
    unanswered: accepted.length - replyMs.length,
    ackMs: percentiles(accepted.map((s) => s.ackMs!)),
    replyMs: percentiles(replyMs),
    firstReplyMs: percentiles(accepted.flatMap((s) => (s.index === 0 && s.answeredAt !== null ? [s.answeredAt - s.sentAt] : []))),
    seconds: round(seconds),
    offeredPerSecond: round(samples.length / seconds),
    answeredPerSecond: round(replyMs.length / seconds),
    replied: accepted.filter((s) => s.answeredAt !== null).length,
    repliedPerSecond: round(accepted.filter((s) => s.answeredAt !== null).length / seconds),
  };
}
