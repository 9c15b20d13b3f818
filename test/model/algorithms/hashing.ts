// Helpers for the consistent-hash tests: where each of many client keys goes, and the tolerance
// on the share of keys one instance owns.

import type { Algorithm } from '../../../src/model/algorithms/algorithm.js';
import { RngStreams } from '../../../src/sim/rng.js';
import { expect, it } from 'vitest';
import { pool, type FakeCandidate } from './algorithm.case.js';

/** Instance index each client 0..keys−1 maps to. */
export function owners(algorithm: Algorithm, candidates: FakeCandidate[], keys: number): number[] {
  const rng = new RngStreams(1).stream('algorithm');
  algorithm.reset?.(candidates);
  return Array.from({ length: keys }, (_, client) => candidates[algorithm.pick(candidates, rng, { client, kind: { path: '/' } })]!.index);
}

/**
 * Relative standard deviation of the share of `keys` keys one of n instances owns: the key
 * sample's binomial part sqrt((1−p)/(p·keys)) plus, on a ring, the arc lengths of its V points
 * (a sum of V spacings has relative sd 1/√V). Maglev's table gives each instance ⌊M/n⌋ or
 * ⌈M/n⌉ entries, so its table part is negligible (pass V = Infinity).
 */
export function shareRelativeSd(n: number, keys: number, points: number): number {
  const p = 1 / n;
  return Math.sqrt((1 - p) / (p * keys) + 1 / points);
}

/**
 * What every consistent hash must do, checked the same way for the ring and for Maglev: removing one
 * of 10 instances moves only its keys, about 1/10 (within four standard deviations of one share for
 * `points` per instance; Infinity for a table); the same candidates coming back restore the mapping;
 * a path key pins every request for it to one instance.
 */
export function consistencySuite(create: (by?: 'client' | 'path') => Algorithm, points: number, maxTolerance: number): void {
  it('removing one of N instances moves only its keys, about 1/N of them', () => {
    const n = 10;
    const keys = 20_000;
    const candidates = pool(n);
    const algorithm = create();
    const before = owners(algorithm, candidates, keys);
    const tolerance = 4 * shareRelativeSd(n, keys, points);
    expect(tolerance).toBeLessThan(maxTolerance);
    for (let removed = 0; removed < n; removed++) {
      const after = owners(algorithm, candidates.filter((c) => c.index !== removed), keys);
      const moved = before.map((owner, k) => owner !== after[k]);
      expect(moved.every((m, k) => !m || before[k] === removed)).toBe(true);
      expect(moved.filter(Boolean).length).toBe(before.filter((owner) => owner === removed).length);
      expect(Math.abs((moved.filter(Boolean).length / keys) * n - 1)).toBeLessThan(tolerance);
    }
  });

  it('keeps its mapping when the same candidates come back, and moves nothing else while one is out', () => {
    const algorithm = create();
    const candidates = pool(8);
    const before = owners(algorithm, candidates, 5_000);
    owners(algorithm, candidates.slice(1), 5_000);
    expect(owners(algorithm, candidates, 5_000)).toEqual(before);
  });

  it('sends every request for a path to one instance, and different paths apart', () => {
    const algorithm = create('path');
    const candidates = pool(16);
    algorithm.reset?.(candidates);
    const rng = new RngStreams(1).stream('algorithm');
    const where = (path: string) => new Set(Array.from({ length: 50 }, (_, client) => algorithm.pick(candidates, rng, { client, kind: { path } })));
    expect(where('/cart').size).toBe(1);
    const paths = Array.from({ length: 64 }, (_, i) => `/item/${i}`);
    expect(new Set(paths.flatMap((path) => [...where(path)])).size).toBeGreaterThan(8);
  });
}
