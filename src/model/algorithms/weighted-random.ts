// weighted-random: each pick independent, instance i with probability Weight_i/ΣWeight; ALB's
// weighted_random. Cost O(1) per pick (one uniform through an alias table, alias-table.ts), O(N)
// to rebuild it when the candidates or their weights change. A retry's filtered array costs O(N).

import { AliasTable } from './support/alias-table.js';
import { baseWeight, type Algorithm, type WeightOf } from './algorithm.js';

export function createWeightedRandom(weightOf: WeightOf = baseWeight): Algorithm {
  let current: readonly unknown[] = [];
  let table = new AliasTable([1]);
  return {
    reset(candidates) {
      current = candidates;
      table = new AliasTable(candidates.length === 0 ? [1] : candidates.map(weightOf));
    },
    pick(candidates, rng) {
      if (candidates === current) return table.draw(rng.next());
      let total = 0;
      for (const candidate of candidates) total += weightOf(candidate);
      let target = rng.next() * total;
      for (let i = 0; i < candidates.length - 1; i++) {
        target -= weightOf(candidates[i]!);
        if (target < 0) return i;
      }
      return candidates.length - 1;
    },
  };
}
