// round-robin: each candidate in turn. Cost O(1) per pick. CLB's algorithm for TCP listeners.

import type { Algorithm } from './algorithm.js';

export function createRoundRobin(): Algorithm {
  let next = 0;
  return {
    pick(candidates) {
      if (next >= candidates.length) next = 0;
      return next++;
    },
  };
}
