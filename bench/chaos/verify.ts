// Correctness from outside: what the driver sent and had acknowledged, what the database holds,
// and what the Twilio fake received. Exactly once = every message at the fake is the SID of exactly
// one outbound row; every acknowledged message is stored and its reply (`${MessageSid}:0`, and
// any further `:n`) reached the fake; per customer, replies reach the fake in the order of the
// messages they answer.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeMessage } from '../../src/twilio/fake-server';
import type { SentMessage } from './driver';
import type { ChaosRestaurant, ChaosStack } from './stack';

export interface Figures {
  sent: number;
  posts: number;
  acked: number;
  stored: number;
  answered: number;
  duplicated: number;
  lost: number;
  outOfOrder: number;
  /** At the fake, for this restaurant's account. */
  twilioMessages: number;
  outboundRows: number;
  crashes: number;
  /** Broken rules other than the three above (fuzz: 5xx, refused-but-stored, crash). */
  violations: number;
  seconds: number;
  /** Human-readable evidence of each duplicate, loss and disorder (capped). */
  evidence: string[];
  notes: string[];
}

interface OutRow {
  id: string;
  idempotencyKey: string | null;
  waSid: string | null;
  status: string;
  body: string;
  createdAt: Date;
  customerWa: string;
}

async function outboundRows(stack: ChaosStack, restaurantId: string): Promise<OutRow[]> {
  const rows = await stack.prisma.message.findMany({
    where: { restaurantId, direction: 'OUT' },
    select: {
      id: true,
      idempotencyKey: true,
      waSid: true,
      status: true,
      body: true,
      createdAt: true,
      conversation: { select: { customerWa: true } },
    },
  });
  return rows.map(({ conversation, ...row }) => ({ ...row, customerWa: conversation.customerWa }));
}

/** The inbound SID and reply index a key answers: `${sid}:${n}`. */
function answerOf(key: string | null): { sid: string; reply: number } | null {
  const match = /^((?:SM|MM)[A-Za-z0-9]+):(\d+)$/.exec(key ?? '');
  return match ? { sid: match[1]!, reply: Number(match[2]) } : null;
}

const settled = (row: OutRow) => row.waSid !== null || ['failed', 'undelivered'].includes(row.status);

/**
 * Waits (bounded) until every acknowledged message has its first reply settled, no reply row of
 * the restaurant is still pending, and no send to the fake started within `quietMs` (so a send
 * that the fake holds back, e.g. 40 s, has landed before we count).
 */
export async function drain(
  stack: ChaosStack,
  restaurant: ChaosRestaurant,
  sent: SentMessage[],
  timeoutMs: number,
  quietMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const acked = sent.filter((m) => m.acked);
  for (;;) {
    const rows = await outboundRows(stack, restaurant.id).catch(() => null);
    if (rows) {
      const byKey = new Map(rows.map((r) => [r.idempotencyKey, r]));
      const lastSend = [...stack.twilio.requests]
        .reverse()
        .find((r) => r.accountSid === restaurant.accountSid && r.endpoint === 'messages.create');
      const quiet = !lastSend || Date.now() - lastSend.at.getTime() > quietMs;
      const answered = acked.every((m) => {
        const first = byKey.get(`${m.sid}:0`);
        return first !== undefined && settled(first);
      });
      if (answered && rows.every(settled) && quiet) return true;
    }
    if (Date.now() > deadline) return false;
    await sleep(500);
  }
}

export async function verify(
  stack: ChaosStack,
  restaurant: ChaosRestaurant,
  sent: SentMessage[],
  startedAt: number,
  crashes: number,
): Promise<Figures> {
  const evidence: string[] = [];
  const cap = (line: string) => {
    if (evidence.length < 40) evidence.push(line);
  };
  const sids = sent.map((m) => m.sid);
  const inbound = await stack.prisma.message.findMany({
    where: { restaurantId: restaurant.id, direction: 'IN', waSid: { in: sids } },
    select: { waSid: true, createdAt: true, dispatchedAt: true },
  });
  const storedSids = new Set(inbound.map((m) => m.waSid));
  const inboundBySid = new Map(inbound.map((m) => [m.waSid, m]));
  const clock = (d: Date | null | undefined) => (d ? d.toISOString().slice(11, 23) : 'never');
  const handOver = (sid: string) =>
    `${sid} stored ${clock(inboundBySid.get(sid)?.createdAt)}, dispatched ${clock(inboundBySid.get(sid)?.dispatchedAt)}`;
  const rows = await outboundRows(stack, restaurant.id);
  const fake: FakeMessage[] = stack.twilio.sentMessages({ accountSid: restaurant.accountSid });
  const fakeBySid = new Map(fake.map((m) => [m.sid, m]));
  const rowBySid = new Map(rows.filter((r) => r.waSid).map((r) => [r.waSid!, r]));
  const repliesOf = new Map<string, OutRow[]>();
  for (const row of rows) {
    const answer = answerOf(row.idempotencyKey);
    if (answer) repliesOf.set(answer.sid, [...(repliesOf.get(answer.sid) ?? []), row]);
  }

  // Duplicates: a message Twilio has that no row holds (a second send of some row).
  let duplicated = 0;
  for (const message of fake) {
    if (rowBySid.has(message.sid)) continue;
    duplicated += 1;
    const twin = rows.find((r) => r.customerWa === message.to && r.body === message.body);
    cap(
      `duplicate: Twilio message ${message.sid} to ${message.to} at ${message.dateCreated.toISOString()} is held by no row` +
        (twin ? `; same body as row ${twin.id} (key ${twin.idempotencyKey}, waSid ${twin.waSid}, ${twin.status})` : ''),
    );
  }

  // Losses: acknowledged, and not stored or not (fully) answered at Twilio.
  let answered = 0;
  let lost = 0;
  for (const m of sent.filter((s) => s.acked)) {
    const replies = (repliesOf.get(m.sid) ?? []).sort((a, b) => (a.idempotencyKey ?? '').localeCompare(b.idempotencyKey ?? ''));
    const first = replies.find((r) => r.idempotencyKey === `${m.sid}:0`);
    const delivered = (r: OutRow) => r.waSid !== null && fakeBySid.has(r.waSid);
    if (first && delivered(first)) answered += 1;
    const missing = replies.filter((r) => !delivered(r));
    if (storedSids.has(m.sid) && first && missing.length === 0) continue;
    lost += 1;
    const why = !storedSids.has(m.sid)
      ? 'not stored'
      : !first
        ? 'no reply recorded'
        : missing
            .map((r) => `row ${r.id} (${r.idempotencyKey}) ${r.status}${r.waSid ? `, waSid ${r.waSid} unknown to Twilio` : ''}`)
            .join('; ');
    cap(`lost: ${m.sid} from ${m.customer} (#${m.index}, ${m.posts} posts): ${why}`);
  }
  // Rows claiming a SID Twilio never issued are a loss of that reply even when not a first reply.
  for (const row of rows)
    if (row.waSid && !fakeBySid.has(row.waSid) && !answerOf(row.idempotencyKey))
      cap(`row ${row.id} (${row.idempotencyKey}) holds ${row.waSid}, unknown to Twilio`);

  // Order: per customer, the replies at Twilio must answer the customer's messages in order.
  const indexOf = new Map(sent.map((m) => [m.sid, m.index]));
  let outOfOrder = 0;
  const byCustomer = new Map<string, FakeMessage[]>();
  for (const message of fake) byCustomer.set(message.to, [...(byCustomer.get(message.to) ?? []), message]);
  for (const [customer, messages] of byCustomer) {
    let high: [number, number] = [-1, -1];
    let highSid = '';
    for (const message of messages) {
      const answer = answerOf(rowBySid.get(message.sid)?.idempotencyKey ?? null);
      const index = answer ? indexOf.get(answer.sid) : undefined;
      if (!answer || index === undefined) continue;
      const position: [number, number] = [index, answer.reply];
      if (position[0] < high[0] || (position[0] === high[0] && position[1] < high[1])) {
        outOfOrder += 1;
        cap(
          `out of order: ${customer} got the answer to #${index} (Twilio ${message.sid}) after one to #${high[0]}; ` +
            `inbound #${index} ${handOver(answer.sid)}; #${high[0]} ${handOver(highSid)}`,
        );
      } else {
        high = position;
        highSid = answer.sid;
      }
    }
  }

  return {
    sent: sent.length,
    posts: sent.reduce((n, m) => n + m.posts, 0),
    acked: sent.filter((m) => m.acked).length,
    stored: storedSids.size,
    answered,
    duplicated,
    lost,
    outOfOrder,
    twilioMessages: fake.length,
    outboundRows: rows.length,
    crashes,
    violations: 0,
    seconds: Math.round((Date.now() - startedAt) / 1000),
    evidence,
    notes: [latencyNote(sent)],
  };
}

function latencyNote(sent: SentMessage[]): string {
  const times = sent.flatMap((m) => (m.replyMs === null ? [] : [m.replyMs])).sort((a, b) => a - b);
  if (times.length === 0) return 'no customer saw an answer while waiting (or they did not wait)';
  const at = (p: number) => `${(times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]! / 1000).toFixed(1)} s`;
  const waitedInVain = sent.filter((m) => m.acked && m.replyMs === null).length;
  return (
    `reply seen after p50 ${at(0.5)}, p95 ${at(0.95)}, max ${at(1)}` + (waitedInVain ? `; ${waitedInVain} customer wait(s) timed out` : '')
  );
}
