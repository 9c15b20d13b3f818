// random: the shared conformance suite, then uniform shares within the binomial bound.
import { describe, expect, it } from 'vitest';
import { ALGORITHMS } from '../../../src/model/algorithms/index.js';
import { RngStreams } from '../../../src/sim/rng.js';
import { options, pool, request, runConformance } from './algorithm.case.js';
import { countPicks, shareTolerance } from './shares.js';

runConformance('random', { create: () => ALGORITHMS.random(options()) });

describe('random', () => {
  it('gives each of N candidates 1/N of the picks', () => {
    const rng = new RngStreams(3).stream('algorithm');
    const algorithm = ALGORITHMS.random(options());
    const candidates = pool(8);
    algorithm.reset?.(candidates);
    const picks = 800_000;
    const counts = countPicks(candidates.length, picks, () => algorithm.pick(candidates, rng, request(rng)));
    for (const count of counts) expect(Math.abs(count / picks - 1 / 8)).toBeLessThan(shareTolerance(1 / 8, picks));
  });
});
