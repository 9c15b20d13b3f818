// least-outstanding with `Choices: d` (power-of-two-choices is d = 2): d distinct candidates drawn
// at random, the one with the fewest unanswered requests wins, the first drawn on a tie (the
// draw order is random, so ties are fair). Envoy's least_request, HAProxy's random(d), nginx's
// `random two least_conn`. Cost O(d²) per pick with d ≤ 20, independent of N: no index to keep.

import type { Rng } from '../../sim/rng.js';
import type { Algorithm, Candidate } from './algorithm.js';

export function createLeastOfChoices(choices: number): Algorithm {
  // A partial Fisher-Yates shuffle of positions 0..n-1 with the swaps kept sparse: position
  // movedFrom[k] now holds movedTo[k] (later entries win).
  const movedFrom = new Int32Array(choices);
  const movedTo = new Int32Array(choices);

  const valueAt = (position: number, moves: number): number => {
    for (let k = moves - 1; k >= 0; k--) if (movedFrom[k] === position) return movedTo[k]!;
    return position;
  };

  const pickOfMany = (candidates: readonly Candidate[], rng: Rng, d: number): number => {
    const n = candidates.length;
    let best = -1;
    let bestOutstanding = Infinity;
    for (let k = 0; k < d; k++) {
      const r = k + rng.int(n - k);
      const drawn = valueAt(r, k);
      // Swap positions k and r: r takes what k held; k is never drawn from again.
      movedFrom[k] = r;
      movedTo[k] = valueAt(k, k);
      const outstanding = candidates[drawn]!.outstanding;
      if (outstanding < bestOutstanding) {
        best = drawn;
        bestOutstanding = outstanding;
      }
    }
    return best;
  };

  return {
    pick(candidates, rng) {
      const n = candidates.length;
      if (choices !== 2 || n < 2) return pickOfMany(candidates, rng, Math.min(choices, n));
      // Two distinct positions: the same draws the general shuffle makes, without its bookkeeping.
      const first = rng.int(n);
      let second = 1 + rng.int(n - 1);
      if (second === first) second = 0;
      return candidates[second]!.outstanding < candidates[first]!.outstanding ? second : first;
    },
  };
}
