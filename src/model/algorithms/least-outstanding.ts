// least-outstanding: the candidate with the fewest unanswered requests (join the shortest queue);
// CLB's algorithm for HTTP listeners, ALB's least_outstanding_requests. Ties go to the first
// least-loaded candidate at or after a start that moves one place per pick, so equal instances
// share the load. Cost O(log N) per pick and per outstanding change: a min segment tree over the
// candidates' counts (min-tree.ts). A retry's filtered array is scanned, O(N), like its filtering.

import type { Algorithm, Candidate } from './algorithm.js';
import { CandidatePositions } from './support/candidate-positions.js';
import { MinTree } from './support/min-tree.js';

export function createLeastOutstanding(): Algorithm {
  let start = 0;
  const positions = new CandidatePositions();
  const tree = new MinTree();

  /** The rotating scan the index replaces, for arrays it does not cover; it picks the same. */
  const scan = (candidates: readonly Candidate[]): number => {
    const n = candidates.length;
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
    return best;
  };

  return {
    reset(candidates) {
      positions.reset(candidates);
      tree.build(candidates.length, (position) => candidates[position]!.outstanding);
    },
    outstandingChanged(candidate) {
      const position = positions.of(candidate.index);
      if (position >= 0) tree.set(position, candidate.outstanding);
    },
    pick(candidates) {
      if (start >= candidates.length) start = 0;
      let best: number;
      if (candidates === positions.current) {
        // The first least-loaded position from `start` on, wrapping around: what the scan finds.
        const least = tree.min;
        best = tree.firstAtMost(start, least);
        if (best < 0) best = tree.firstAtMost(0, least);
      } else {
        best = scan(candidates);
      }
      start++;
      return best;
    },
  };
}
