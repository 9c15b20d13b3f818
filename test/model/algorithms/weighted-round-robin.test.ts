// weighted-round-robin: the shared conformance suite, then smoothness (turns spread through the
// cycle, never more than a pick or so from the exact share), shares within 1% of the weights,
// plain round robin for equal weights, and weights that change mid-run (slow start, membership).
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
  it('interleaves turns: weights 5,1,1 give a b a a c a a, every cycle', () => {
    const letters = sequence([5, 1, 1], 21).map((p) => 'abc'[p]).join('');
    expect(letters).toBe('abaacaa'.repeat(3));
  });

  it('is plain round robin when the weights are equal', () => {
    expect(sequence([2, 2, 2, 2], 8)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
  });

  it('keeps every instance within two picks of its exact share at every point (smooth), so shares are within 1%', () => {
    const weights = [1, 2, 3, 4, 0.5, 7.25];
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
});
