// random: a uniformly random candidate from the `algorithm` RNG stream. Cost O(1) per pick.

import type { Algorithm } from './algorithm.js';

export function createRandom(): Algorithm {
  return {
    pick(candidates, rng) {
      return rng.int(candidates.length);
    },
  };
}
