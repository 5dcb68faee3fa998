// Our side of the bench: customers of N restaurants each placing a pickup order in 9 messages
// through signed webhooks to the API copies; an answer is the next message the Twilio fake
// accepts for that customer. Afterwards every message's exact reply time is read back: the
// outbound row `${MessageSid}:0` names the Twilio SID, the fake knows when it accepted it.
import { customerNumber, inboundParams, newMessageSid, signature, type Params, type SentMessage } from '../chaos/driver';
import type { ChaosRestaurant, ChaosStack } from '../chaos/stack';
import { drain, verify } from '../chaos/verify';
import { readMenuDocument } from '../../src/menu/store';
import { Answers } from './answers';
import { runCustomers, type LoadShape, type Sample } from './customers';
import { handoffsBetween, serverAckBetween, serverSnapshot, type ServerAck } from './server-metrics';

export interface BenchRestaurant extends ChaosRestaurant {
  /** The pickup order every customer of this restaurant places. */
  conversation: Params[];
}

export const ORDER_MESSAGES = 9;

/** hi → new order → pickup → first branch → first category → its first item → 1 → checkout → cash. */
export async function benchRestaurant(stack: ChaosStack, label: string): Promise<BenchRestaurant> {
  const restaurant = await stack.createRestaurant(label);
  const menu = await readMenuDocument(stack.prisma, restaurant.id);
  const branch = menu.branches[0]!;
  const category = menu.categories[0]!;
  const item = category.items[0]!;
  const conversation: Params[] = [
    { Body: 'hi' },
    { Body: 'New order', ButtonPayload: 'new_order' },
    { Body: 'Pickup', ButtonPayload: 'order_pickup' },
    { Body: branch.nameEn, ListId: `branch_${branch.id}` },
    { Body: category.nameEn, ListId: `cat_${category.id}` },
    { Body: item.nameEn, ListId: `item_${item.id}` },
    { Body: '1', ButtonPayload: 'qty_1' },
    { Body: 'Checkout', ButtonPayload: 'checkout' },
    { Body: 'Cash', ButtonPayload: 'pay_cash' },
  ];
  return { ...restaurant, conversation };
}

/** One signed webhook, as Twilio posts it; true on a 2xx (stored = accepted). */
export async function postWebhook(apiUrl: string, restaurant: ChaosRestaurant, params: Params): Promise<boolean> {
  const res = await fetch(`${apiUrl}/whatsapp/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature(restaurant.authToken, params) },
    body: new URLSearchParams(params).toString(),
    signal: AbortSignal.timeout(15_000),
  });
  await res.arrayBuffer();
  return res.status >= 200 && res.status < 300;
}

export interface OursResult {
  samples: Sample[];
  duplicated: number;
  lost: number;
  outOfOrder: number;
  /** Messages at the fake and outbound rows, over the run's restaurants. */
  twilioMessages: number;
  outboundRows: number;
  /** Orders the run's customers placed (one per finished conversation). */
  ordersPlaced: number;
  /** The webhook's ack as the API copies measured it (bucket bounds). */
  serverAckMs: ServerAck;
  /** How the stored messages reached their workflows, by who signalled and outcome, drain included. */
  handoffs: Record<string, number>;
  evidence: string[];
}

/** `drainMs`: how long, after the last customer is done, late replies may still land before the checks. */
export async function runOurs(stack: ChaosStack, restaurants: BenchRestaurant[], shape: LoadShape, drainMs: number): Promise<OursResult> {
  const customers = Array.from({ length: shape.customers }, (_, c) => ({
    number: customerNumber(),
    restaurant: restaurants[c % restaurants.length]!,
  }));
  const sidOf = new Map<string, string>(); // `${customer}#${index}` → MessageSid
  // Live: the n-th message the fake accepts for a customer answers whatever that customer sent last.
  const arrivals = new Map<string, number>();
  const answers = new Answers();
  const unsubscribe = stack.twilio.onMessage((message) => {
    const n = arrivals.get(message.to) ?? 0;
    arrivals.set(message.to, n + 1);
    answers.arrived(`${message.to}@${n}`, Date.now());
  });
  const before = new Map<string, number>();
  const apiUrls = stack.apis.map((api) => api.url);
  const serverBefore = await serverSnapshot(apiUrls);
  const started = Date.now();
  let samples: Sample[];
  try {
    samples = await runCustomers(shape, {
      send: async (c, index) => {
        const { number, restaurant } = customers[c]!;
        const sid = newMessageSid();
        sidOf.set(`${c}#${index}`, sid);
        before.set(`${c}#${index}`, arrivals.get(number) ?? 0);
        const params = inboundParams(restaurant, number, sid, `Bench ${c}`, restaurant.conversation[index % ORDER_MESSAGES]!);
        const urls = stack.apis.map((api) => api.url);
        return postWebhook(urls[(c + index) % urls.length]!, restaurant, params);
      },
      answer: (c, index, timeoutMs) => answers.wait(`${customers[c]!.number}@${before.get(`${c}#${index}`)}`, timeoutMs),
    });
  } finally {
    unsubscribe();
  }

  // Let late replies land (bounded), then check exactly-once per restaurant as the chaos suite does.
  const sent = samples.map((s): SentMessage & { restaurant: BenchRestaurant } => ({
    sid: sidOf.get(`${s.customer}#${s.index}`)!,
    customer: customers[s.customer]!.number,
    restaurant: customers[s.customer]!.restaurant,
    index: s.index,
    posts: 1,
    acked: s.ackMs !== null,
    lastStatus: s.ackMs !== null ? 200 : 0,
    sentAt: s.sentAt,
    replyMs: s.answeredAt === null ? null : s.answeredAt - s.sentAt,
  }));
  const result: OursResult = {
    samples,
    duplicated: 0,
    lost: 0,
    outOfOrder: 0,
    twilioMessages: 0,
    outboundRows: 0,
    ordersPlaced: 0,
    serverAckMs: serverAckBetween(serverBefore, await serverSnapshot(apiUrls)),
    handoffs: {},
    evidence: [],
  };
  const drainUntil = Date.now() + drainMs; // one bound for all restaurants, not one each
  for (const restaurant of restaurants) {
    const own = sent.filter((m) => m.restaurant === restaurant);
    if (own.length === 0) continue;
    await drain(stack, restaurant, own, Math.max(0, drainUntil - Date.now()), 2000);
    const figures = await verify(stack, restaurant, own, started, 0);
    result.duplicated += figures.duplicated;
    result.lost += figures.lost;
    result.outOfOrder += figures.outOfOrder;
    result.twilioMessages += figures.twilioMessages;
    result.outboundRows += figures.outboundRows;
    result.evidence.push(...figures.evidence.slice(0, 5));
  }
  result.handoffs = handoffsBetween(serverBefore, await serverSnapshot(apiUrls));
  result.ordersPlaced = await stack.prisma.order.count({
    where: { customerWa: { in: customers.flatMap((c) => [c.number, c.number.replace('whatsapp:', '')]) } },
  });
  await exactReplyTimes(stack, samples, sidOf);
  return result;
}

/** Replaces each live answer time by when the fake accepted that message's first reply. */
async function exactReplyTimes(stack: ChaosStack, samples: Sample[], sidOf: Map<string, string>): Promise<void> {
  const keys = samples.map((s) => `${sidOf.get(`${s.customer}#${s.index}`)}:0`);
  const rows: { idempotencyKey: string | null; waSid: string | null }[] = [];
  for (let i = 0; i < keys.length; i += 1000)
    rows.push(
      ...(await stack.prisma.message.findMany({
        where: { direction: 'OUT', idempotencyKey: { in: keys.slice(i, i + 1000) } },
        select: { idempotencyKey: true, waSid: true },
      })),
    );
  const waSidOf = new Map(rows.map((r) => [r.idempotencyKey, r.waSid]));
  const acceptedAt = new Map(stack.twilio.sentMessages().map((m) => [m.sid, m.dateCreated.getTime()]));
  samples.forEach((s, i) => {
    const waSid = waSidOf.get(keys[i]!);
    s.answeredAt = (waSid ? acceptedAt.get(waSid) : undefined) ?? null;
  });
}
