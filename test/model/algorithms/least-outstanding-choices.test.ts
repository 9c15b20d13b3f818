// least-outstanding with Choices d (power-of-two-choices is d = 2): the shared conformance suite,
// then the law of its pick: the least loaded of d distinct candidates drawn uniformly.
import { describe, expect, it } from 'vitest';
import { ALGORITHMS } from '../../../src/model/algorithms/index.js';
import { RngStreams } from '../../../src/sim/rng.js';
import { options, pool, request, runConformance } from './algorithm.case.js';
import { countPicks, shareTolerance } from './shares.js';

runConformance('power-of-two-choices', { create: () => ALGORITHMS['power-of-two-choices'](options()) });
runConformance('least-outstanding, Choices 3', { create: () => ALGORITHMS['least-outstanding'](options({ choices: 3 })) });

describe('least-outstanding with Choices', () => {
  it('picks the least loaded of d distinct draws: P(rank j) = C(n−1−j, d−1) / C(n, d)', () => {
    const n = 10;
    const binomial = (a: number, b: number): number => (b < 0 || b > a ? 0 : b === 0 ? 1 : (binomial(a - 1, b - 1) * a) / b);
    for (const d of [2, 3]) {
      const rng = new RngStreams(d).stream('algorithm');
      const algorithm = ALGORITHMS['least-outstanding'](options({ choices: d }));
      // Candidate j has j requests outstanding, so the winner is the lowest position drawn.
      const candidates = pool(n);
      candidates.forEach((c, j) => (c.outstanding = j));
      const picks = 500_000;
      const counts = countPicks(n, picks, () => algorithm.pick(candidates, rng, request(rng)));
      for (let j = 0; j < n; j++) {
        const p = binomial(n - 1 - j, d - 1) / binomial(n, d);
        expect(Math.abs(counts[j]! / picks - p)).toBeLessThan(shareTolerance(p, picks) + 1e-12);
      }
    }
  });

  it('with d at least the number of candidates, always finds the least loaded', () => {
    const rng = new RngStreams(4).stream('algorithm');
    const algorithm = ALGORITHMS['least-outstanding'](options({ choices: 5 }));
    const candidates = pool(3);
    candidates[0]!.outstanding = 3;
    candidates[2]!.outstanding = 1;
    for (let k = 0; k < 100; k++) expect(algorithm.pick(candidates, rng, request(rng))).toBe(1);
  });
});
