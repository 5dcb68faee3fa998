// The pure helpers the workflow relies on for order references and MessageSid dedupe.
import { drawOrderReference, freshOrderReference } from '../../src/workflows/order-references';
import { RecentSids } from '../../src/workflows/recent-sids';

/** A seeded generator standing in for the workflow's deterministic Math.random. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('order references', () => {
  test('ORD- and six characters without 0, O, 1 or I', () => {
    const random = seeded(7);
    for (let i = 0; i < 1000; i += 1) expect(drawOrderReference(random)).toMatch(/^ORD-[2-9A-HJ-NP-Z]{6}$/);
  });

  test('the same random stream gives the same references (what makes them replay-safe)', () => {
    const a = seeded(42);
    const b = seeded(42);
    expect([1, 2, 3].map(() => drawOrderReference(a))).toEqual([1, 2, 3].map(() => drawOrderReference(b)));
  });

  test('a fresh reference skips the ones this conversation already used', () => {
    const taken = drawOrderReference(seeded(1));
    expect(freshOrderReference([taken, undefined], seeded(1))).not.toBe(taken);
  });
});

describe('recent MessageSids', () => {
  test('remembers the most recent ones up to its limit, forgetting the oldest first', () => {
    const sids = new RecentSids([], 3);
    ['a', 'b', 'c', 'b', 'd'].forEach((sid) => sids.add(sid));
    expect(sids.toJSON()).toEqual(['b', 'c', 'd']);
    expect(sids.has('a')).toBe(false);
    expect(sids.has('d')).toBe(true);
  });

  test('survives a round trip through continue-as-new input', () => {
    const before = new RecentSids(['x', 'y']);
    const after = new RecentSids(JSON.parse(JSON.stringify(before.toJSON())) as string[]);
    expect(after.has('x') && after.has('y')).toBe(true);
    expect(after.size).toBe(2);
  });
});
