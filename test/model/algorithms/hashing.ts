// Helpers for the consistent-hash tests: where each of many client keys goes, and the tolerance
// on the share of keys one instance owns.

import type { Algorithm } from '../../../src/model/algorithms/algorithm.js';
import { RngStreams } from '../../../src/sim/rng.js';
import type { FakeCandidate } from './algorithm.case.js';

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
