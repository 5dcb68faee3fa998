// The webhook's ack as the API itself measured it (its sufrah_webhook_ack_seconds histogram, kind
// inbound), so a slow ack can be told apart from the bench process being slow to read the answer.
// Percentiles are bucket bounds: "≤ 250 ms" means the request finished within that bucket.

type Buckets = Map<number, number>; // upper bound (s) → cumulative count

async function inboundBuckets(apiUrl: string): Promise<Buckets> {
  const text = await (await fetch(`${apiUrl}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  const buckets: Buckets = new Map();
  for (const line of text.split('\n')) {
    const match = /^sufrah_webhook_ack_seconds_bucket\{(.*)\} (\d+)$/.exec(line);
    if (!match || !match[1]!.includes('kind="inbound"')) continue;
    const le = /le="([^"]+)"/.exec(match[1]!)?.[1];
    if (le) buckets.set(le === '+Inf' ? Infinity : Number(le), Number(match[2]));
  }
  return buckets;
}

/** Every API copy's buckets, summed. */
export async function serverAckSnapshot(apiUrls: string[]): Promise<Buckets> {
  const sum: Buckets = new Map();
  for (const buckets of await Promise.all(apiUrls.map(inboundBuckets))) {
    for (const [le, count] of buckets) sum.set(le, (sum.get(le) ?? 0) + count);
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
export function serverAckBetween(before: Buckets, after: Buckets): ServerAck {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const counts = bounds.map((le) => (after.get(le) ?? 0) - (before.get(le) ?? 0));
  const total = counts.at(-1) ?? 0;
  const at = (q: number) => {
    const i = counts.findIndex((c) => c >= q * total);
    const le = bounds[i];
    return le === undefined || le === Infinity ? null : Math.round(le * 1000);
  };
  return { requests: total, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
