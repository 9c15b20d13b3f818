// least-outstanding: the candidate with the fewest unanswered requests; CLB's algorithm for
// HTTP listeners. Ties are broken by rotating the scan's start, so equal instances share load.
// Cost O(N) per pick (an O(log N) index arrives with large pools).

import type { Algorithm } from './algorithm.js';

export function createLeastOutstanding(): Algorithm {
  let start = 0;
  return {
    pick(candidates) {
      const n = candidates.length;
      if (start >= n) start = 0;
      let best = start;
      let bestOutstanding = candidates[start]!.outstanding;
      for (let k = 1; k < n && bestOutstanding > 0; k++) {
        const i = start + k < n ? start + k : start + k - n;
        const outstanding = candidates[i]!.outstanding;
        if (outstanding < bestOutstanding) {
          best = i;
          bestOutstanding = outstanding;
        }
      }
      start++;
      return best;
    },
  };
}
