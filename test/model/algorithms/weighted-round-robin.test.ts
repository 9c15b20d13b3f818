// weighted-round-robin: the shared conformance suite, then nginx's order, smoothness and shares
// (played-ahead period and heap fallback alike), equal weights, weights that change mid-run, an
// instance out of service, rebuilds faster than a period, and a retry's filtered copy.
import { describe, expect, it } from 'vitest';
import { ALGORITHMS } from '../../../src/model/algorithms/index.js';
import { RngStreams } from '../../../src/sim/rng.js';
import { options, pool, request, runConformance } from './algorithm.case.js';

runConformance('weighted-round-robin', { create: () => ALGORITHMS['weighted-round-robin'](options()) });

const rng = new RngStreams(1).stream('algorithm');

function sequence(weights: number[], picks: number): number[] {
  const algorithm = ALGORITHMS['weighted-round-robin'](options());
  const candidates = pool(weights.length, (i) => weights[i]!);
  algorithm.reset?.(candidates);
  return Array.from({ length: picks }, () => algorithm.pick(candidates, rng, request(rng)));
}

describe('weighted-round-robin', () => {
  it('interleaves turns as nginx does: weights 5,1,1 give a a b a c a a, every cycle', () => {
    const letters = sequence([5, 1, 1], 21).map((p) => 'abc'[p]).join('');
    expect(letters).toBe('aabacaa'.repeat(3));
  });

  it('falls back to the virtual-clock heaps (a b a a c a a) when the weights have no short period', () => {
    // Nearly 5 : 1 : 1, but with no common factor: a period of 7·2^20 + 1 picks, over the cap.
    expect(sequence([5 * 2 ** 20 + 1, 2 ** 20, 2 ** 20], 7).map((p) => 'abc'[p]).join('')).toBe('abaacaa');
  });

  it('is plain round robin when the weights are equal', () => {
    expect(sequence([2, 2, 2, 2], 8)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
  });

  // The first weights make a period of 71 picks; the second have none (√2, π), so the heaps pick.
  for (const weights of [[1, 2, 3, 4, 0.5, 7.25], [1, Math.SQRT2, 3, Math.PI, 0.5, 7.25]]) {
    it(`keeps every instance within two picks of its exact share at every point (smooth), so shares are within 1%: ${weights.map((w) => w.toFixed(2)).join(', ')}`, () => {
      const total = weights.reduce((s, w) => s + w, 0);
      const counts = weights.map(() => 0);
      let worstLag = 0;
      sequence(weights, 20_000).forEach((p, k) => {
        counts[p]!++;
        weights.forEach((w, i) => (worstLag = Math.max(worstLag, Math.abs(counts[i]! - ((k + 1) * w) / total))));
      });
      expect(worstLag).toBeLessThan(2);
      // 20,000 picks and a lag under 2 picks: each share is within 2/20,000 of exact, far inside 1%.
      weights.forEach((w, i) => expect(Math.abs(counts[i]! / 20_000 / (w / total) - 1)).toBeLessThan(0.01));
    });
  }

  it('follows new weights after a reset, and a newcomer starts with its share, not a burst', () => {
    const algorithm = ALGORITHMS['weighted-round-robin'](options());
    const candidates = pool(4, () => 1);
    const first = candidates.slice(0, 3);
    algorithm.reset?.(first);
    for (let k = 0; k < 1000; k++) algorithm.pick(first, rng, request(rng));
    const all = candidates.slice();
    all[0]!.weight = 3;
    algorithm.reset?.(all);
    const counts = [0, 0, 0, 0];
    const firstTen = [0, 0, 0, 0];
    for (let k = 0; k < 6000; k++) {
      const p = algorithm.pick(all, rng, request(rng));
      counts[p]!++;
      if (k < 12) firstTen[p]!++;
    }
    // Each instance keeps its place in the cycle across the change: within two picks of 3:1:1:1.
    [3000, 1000, 1000, 1000].forEach((share, i) => expect(Math.abs(counts[i]! - share)).toBeLessThanOrEqual(2));
    expect(firstTen[3]).toBeLessThanOrEqual(3);
  });

  it('skips the turns of an instance while it is out, so the others keep their order and shares', () => {
    const algorithm = ALGORITHMS['weighted-round-robin'](options());
    const all = pool(4, (i) => [5, 1, 1, 1][i]!);
    const withoutD = all.slice(0, 3);
    const counts = [0, 0, 0, 0];
    // d (weight 1) flaps: in for 40 picks (5 periods of 8 turns), out for 35 (5 of the 7 left).
    for (let k = 0; k < 7_500; k++) {
      const within = k % 75 < 40 ? all : withoutD;
      if (k % 75 === 0 || k % 75 === 40) algorithm.reset?.(within);
      counts[algorithm.pick(within, rng, request(rng))]!++;
    }
    // In: 5:1:1:1 of 4,000 picks; out: 5:1:1 of 3,500. Exact: no turn lost or doubled.
    expect(counts).toEqual([2_500 + 2_500, 500 + 500, 500 + 500, 500]);
  });

  it('resumes a rebuilt period as far through as the old one was: weights changing every 3 picks keep their shares', () => {
    const algorithm = ALGORITHMS['weighted-round-robin'](options());
    const [before, after] = [pool(4, (i) => [5, 1, 1, 1][i]!), pool(4, (i) => [5, 1, 1, 2][i]!)];
    const counts = [0, 0, 0, 0];
    for (let k = 0; k < 60_000; k++) {
      const candidates = k % 6 < 3 ? before : after;
      if (k % 3 === 0) algorithm.reset?.(candidates);
      counts[algorithm.pick(candidates, rng, request(rng))]!++;
    }
    // Half the picks at 5:1:1:1, half at 5:1:1:2. Restarting each period at its start would give
    // a a b (then a a b again): a 2/3, d nothing. Resuming keeps every share within 5%.
    const expected = [5 / 8 + 5 / 9, 1 / 8 + 1 / 9, 1 / 8 + 1 / 9, 1 / 8 + 2 / 9].map((share) => (share / 2) * 60_000);
    counts.forEach((count, i) => expect(Math.abs(count / expected[i]! - 1)).toBeLessThan(0.05));
  });

  it("sends a retry to the first instance of its filtered copy that the period reaches, and keeps the period's place", () => {
    const algorithm = ALGORITHMS['weighted-round-robin'](options());
    const candidates = pool(3, (i) => [5, 1, 1][i]!);
    algorithm.reset?.(candidates);
    const letter = (within: typeof candidates) => within[algorithm.pick(within, rng, request(rng))]!.id;
    // Next in the period: a a b a c a a. Without a, the first the period reaches is b; without a and b, c.
    expect(letter([candidates[1]!, candidates[2]!])).toBe('i-2');
    expect(letter([candidates[2]!])).toBe('i-3');
    expect(Array.from({ length: 7 }, () => letter(candidates)).join(' ')).toBe('i-1 i-1 i-2 i-1 i-3 i-1 i-1');
  });
});
