// The period weighted-round-robin plays ahead: pick for pick what nginx's own loop gives (its
// peer-selection loop, copied below as the reference) for random whole weights, and the reduction
// of weights to the smallest whole numbers in the same ratio, with the cases that have none.
import { describe, expect, it } from 'vitest';
import { integerRatios } from '../../../src/model/algorithms/support/integer-weights.js';
import { PERIOD_MAX, smoothSchedule } from '../../../src/model/algorithms/support/smooth-schedule.js';
import { RngStreams } from '../../../src/sim/rng.js';

/** ngx_http_upstream_get_peer: add each weight, take the largest current weight (first on ties), subtract the total. */
function nginxPicks(weights: readonly number[], picks: number): number[] {
  const current = weights.map(() => 0);
  const total = weights.reduce((sum, w) => sum + w, 0);
  return Array.from({ length: picks }, () => {
    let best = -1;
    weights.forEach((w, i) => {
      current[i]! += w;
      if (best < 0 || current[i]! > current[best]!) best = i;
    });
    current[best]! -= total;
    return best;
  });
}

describe('smooth schedule', () => {
  it('gives a a b a c a a for 5, 1, 1', () => {
    expect([...smoothSchedule(Int32Array.from([5, 1, 1]))!].map((p) => 'abc'[p]).join('')).toBe('aabacaa');
  });

  it("matches nginx's loop pick for pick over random weights, equal weights in any order included", () => {
    const rng = new RngStreams(3).stream('algorithm');
    for (let trial = 0; trial < 400; trial++) {
      const n = 1 + rng.int(15);
      const top = [2, 4, 10][trial % 3]!;
      const weights = Array.from({ length: n }, () => 1 + rng.int(top));
      const schedule = smoothSchedule(integerRatios(weights, PERIOD_MAX)!)!;
      // Over two periods of nginx's loop on the unreduced weights: a common factor changes nothing.
      expect([...schedule, ...schedule]).toEqual(nginxPicks(weights, 2 * schedule.length));
    }
  });

  it('refuses periods above the cap', () => {
    expect(smoothSchedule(Int32Array.from([PERIOD_MAX, 1]))).toBeNull();
    expect(smoothSchedule(Int32Array.from([PERIOD_MAX - 1, 1]))).toHaveLength(PERIOD_MAX);
  });
});

describe('integer weights', () => {
  it('reduces whole weights by their common factor and scales fractions by a common denominator', () => {
    expect([...integerRatios([10, 20, 30], 100)!]).toEqual([1, 2, 3]);
    expect([...integerRatios([1, 2, 3, 4, 0.5, 7.25], 100)!]).toEqual([4, 8, 12, 16, 2, 29]);
    // Float noise is not a share: 1/3 and 0.1 · 3 are read as the fractions they stand for.
    expect([...integerRatios([1, 1 / 3, 0.1 * 3], 100)!]).toEqual([30, 10, 9]);
  });

  it('has none for weights without a denominator up to 1,000, or a sum above the cap', () => {
    expect(integerRatios([1, Math.SQRT2], 1e6)).toBeNull();
    expect(integerRatios([1, 1001 / 30_000], 1e6)).toBeNull();
    expect(integerRatios([1e-6, 1e6, 1], 1 << 20)).toBeNull();
    expect(integerRatios([3, 4], 6)).toBeNull();
    expect([...integerRatios([3, 4], 7)!]).toEqual([3, 4]);
  });
});
