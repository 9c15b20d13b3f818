// round-robin: the shared conformance suite, then its order: each candidate in turn, continuing
// across a change of the candidate set.
import { describe, expect, it } from 'vitest';
import { ALGORITHMS } from '../../../src/model/algorithms/index.js';
import { RngStreams } from '../../../src/sim/rng.js';
import { options, pool, request, runConformance } from './algorithm.case.js';

runConformance('round-robin', { create: () => ALGORITHMS['round-robin'](options()) });

describe('round-robin', () => {
  it('takes each candidate in turn and wraps when the set shrinks', () => {
    const rng = new RngStreams(1).stream('algorithm');
    const algorithm = ALGORITHMS['round-robin'](options());
    const candidates = pool(3);
    algorithm.reset?.(candidates);
    const picks = Array.from({ length: 7 }, () => algorithm.pick(candidates, rng, request(rng)));
    expect(picks).toEqual([0, 1, 2, 0, 1, 2, 0]);
    const fewer = candidates.slice(0, 1);
    algorithm.reset?.(fewer);
    expect(algorithm.pick(fewer, rng, request(rng))).toBe(0);
  });
});
