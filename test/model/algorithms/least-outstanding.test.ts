// least-outstanding (join the shortest queue): the shared conformance suite, then the O(log N)
// index against the reference O(N) scan it replaced (same picks, so old runs replay unchanged),
// always a least-loaded candidate, and ties shared by a rotating start.
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../src/model/algorithms/algorithm.js';
import { ALGORITHMS } from '../../../src/model/algorithms/index.js';
import { RngStreams } from '../../../src/sim/rng.js';
import { options, pool, request, runConformance } from './algorithm.case.js';

runConformance('least-outstanding', { create: () => ALGORITHMS['least-outstanding'](options()) });

/** The scan lbsim used before the index: first least-loaded position from a rotating start. */
function referenceScan() {
  let start = 0;
  return (candidates: readonly Candidate[]): number => {
    const n = candidates.length;
    if (start >= n) start = 0;
    let best = start;
    for (let k = 1; k < n; k++) {
      const i = (start + k) % n;
      if (candidates[i]!.outstanding < candidates[best]!.outstanding) best = i;
    }
    start++;
    return best;
  };
}

describe('least-outstanding', () => {
  it('picks exactly what the O(N) scan picks, through load changes and candidate-set changes', () => {
    const rng = new RngStreams(2).stream('algorithm');
    const algorithm = ALGORITHMS['least-outstanding'](options());
    const scan = referenceScan();
    const all = pool(300);
    let candidates = all;
    algorithm.reset?.(candidates);
    for (let k = 0; k < 60_000; k++) {
      if (k % 5_000 === 0) {
        candidates = all.filter(() => rng.next() < 0.7);
        algorithm.reset?.(candidates);
      }
      const picked = algorithm.pick(candidates, rng, request(rng));
      expect(picked).toBe(scan(candidates));
      const slot = candidates[picked]!;
      slot.outstanding++;
      algorithm.outstandingChanged?.(slot);
      // Answers come back at random, so counts climb and fall.
      for (let j = 0; j < 2; j++) {
        const done = all[rng.int(all.length)]!;
        if (done.outstanding === 0) continue;
        done.outstanding--;
        algorithm.outstandingChanged?.(done);
      }
    }
  });

  it('always picks a least-loaded candidate and rotates among ties', () => {
    const rng = new RngStreams(3).stream('algorithm');
    const algorithm = ALGORITHMS['least-outstanding'](options());
    const candidates = pool(4);
    candidates[1]!.outstanding = 2;
    algorithm.reset?.(candidates);
    const picks = Array.from({ length: 6 }, () => algorithm.pick(candidates, rng, request(rng)));
    // Positions 0, 2 and 3 tie at zero; the start moves one place per pick.
    expect(picks).toEqual([0, 2, 2, 3, 0, 2]);
  });
});
