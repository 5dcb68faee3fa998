// What the API copies measured themselves, read from their /metrics between two snapshots: the
// webhook's ack (sufrah_webhook_ack_seconds, kind inbound), so a slow ack can be told apart from
// the bench process being slow to read the answer, and how stored work reached its workflows
// (sufrah_handoffs_total: signalled by the API at once, or left to the dispatcher and why).
// Ack percentiles are bucket bounds: "≤ 250 ms" means the request finished within that bucket.

type Buckets = Map<number, number>; // upper bound (s) → cumulative count
type Counts = Map<string, number>; // `${by} ${outcome}` → count

export interface ServerSnapshot {
  acks: Buckets;
  handoffs: Counts;
}

const labelOf = (labels: string, name: string) => new RegExp(`${name}="([^"]+)"`).exec(labels)?.[1];

function parse(text: string): ServerSnapshot {
  const snapshot: ServerSnapshot = { acks: new Map(), handoffs: new Map() };
  for (const line of text.split('\n')) {
    const ack = /^sufrah_webhook_ack_seconds_bucket\{(.*)\} (\d+)$/.exec(line);
    if (ack && ack[1]!.includes('kind="inbound"')) {
      const le = labelOf(ack[1]!, 'le');
      if (le) snapshot.acks.set(le === '+Inf' ? Infinity : Number(le), Number(ack[2]));
    }
    const handoff = /^sufrah_handoffs_total\{(.*)\} (\d+)$/.exec(line);
    if (handoff) snapshot.handoffs.set(`${labelOf(handoff[1]!, 'by')} ${labelOf(handoff[1]!, 'outcome')}`, Number(handoff[2]));
  }
  return snapshot;
}

const addInto = <K>(sum: Map<K, number>, counts: Map<K, number>) => {
  for (const [key, count] of counts) sum.set(key, (sum.get(key) ?? 0) + count);
};

/** Every API copy's figures, summed. */
export async function serverSnapshot(apiUrls: string[]): Promise<ServerSnapshot> {
  const texts = await Promise.all(
    apiUrls.map(async (url) => (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text()),
  );
  const sum: ServerSnapshot = { acks: new Map(), handoffs: new Map() };
  for (const snapshot of texts.map(parse)) {
    addInto(sum.acks, snapshot.acks);
    addInto(sum.handoffs, snapshot.handoffs);
  }
  return sum;
}

export interface ServerAck {
  requests: number;
  /** Upper bucket bounds in ms (null: above the largest bucket). */
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** The percentiles of the requests between two snapshots. */
export function serverAckBetween(before: ServerSnapshot, after: ServerSnapshot): ServerAck {
  const bounds = [...after.acks.keys()].sort((a, b) => a - b);
  const counts = bounds.map((le) => (after.acks.get(le) ?? 0) - (before.acks.get(le) ?? 0));
  const total = counts.at(-1) ?? 0;
  const at = (q: number) => {
    const i = counts.findIndex((c) => c >= q * total);
    const le = bounds[i];
    return le === undefined || le === Infinity ? null : Math.round(le * 1000);
  };
  return { requests: total, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** Hand-overs between two snapshots, `{ "api signalled": n, "dispatcher signalled": m, ... }`. */
export function handoffsBetween(before: ServerSnapshot, after: ServerSnapshot): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [key, count] of after.handoffs) {
    const delta = count - (before.handoffs.get(key) ?? 0);
    if (delta > 0) counts[key] = delta;
  }
  return counts;
}
