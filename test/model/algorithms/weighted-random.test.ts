// weighted-random: the shared conformance suite, then shares within 1% of the weights, with
// enough picks that 1% is more than five binomial standard deviations of the smallest share.
import { describe, expect, it } from 'vitest';
import { ALGORITHMS } from '../../../src/model/algorithms/index.js';
import { RngStreams } from '../../../src/sim/rng.js';
import { options, pool, request, runConformance } from './algorithm.case.js';
import { countPicks, shareTolerance } from './shares.js';

runConformance('weighted-random', { create: () => ALGORITHMS['weighted-random'](options()) });

describe('weighted-random', () => {
  it('gives each candidate its weight over the total, within 1%', () => {
    const weights = [1, 2, 3, 4];
    const total = 10;
    // The smallest share, 0.1, needs 250,000·(1−p)/p = 2.25 million picks for 5σ to fit in 1%.
    const picks = 2_400_000;
    expect(shareTolerance(0.1, picks)).toBeLessThan(0.01 * 0.1);
    const rng = new RngStreams(5).stream('algorithm');
    const algorithm = ALGORITHMS['weighted-random'](options());
    const candidates = pool(4, (i) => weights[i]!);
    algorithm.reset?.(candidates);
    const counts = countPicks(4, picks, () => algorithm.pick(candidates, rng, request(rng)));
    weights.forEach((w, i) => expect(Math.abs(counts[i]! / picks / (w / total) - 1)).toBeLessThan(0.01));
  });

  it('draws from a retry subset in proportion to the weights left', () => {
    const rng = new RngStreams(6).stream('algorithm');
    const algorithm = ALGORITHMS['weighted-random'](options());
    const candidates = pool(4, (i) => [1, 2, 3, 4][i]!);
    algorithm.reset?.(candidates);
    const subset = [candidates[0]!, candidates[3]!];
    const picks = 400_000;
    const counts = countPicks(2, picks, () => algorithm.pick(subset, rng, request(rng)));
    expect(Math.abs(counts[1]! / picks - 0.8)).toBeLessThan(shareTolerance(0.8, picks));
  });
});
