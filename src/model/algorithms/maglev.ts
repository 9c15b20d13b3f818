// maglev: Google's Maglev consistent hashing (Eisenbud et al., NSDI 2016), as Envoy's maglev
// policy: a lookup table of M = 65,537 entries (a prime) that instances fill in turn, each along
// its own permutation, so each owns about M/N entries (weights scale their entries). Pools above 655
// instances get the next prime above 100·N, the paper's bound for shares within 1% (Envoy asks
// you to raise table_size). A request goes to the entry at its key's hash mod M (hash-key.ts),
// stepping to the next entry while that instance is not a candidate. Cost O(1) per pick;
// O(M log M) to rebuild the table (hash-base.ts says when). No key: a random candidate.

import type { Algorithm, Candidate } from './algorithm.js';
import { HashBase } from './support/hash-base.js';
import type { RequestKey } from './support/hash-key.js';
import { derivedHash, hashText } from './support/hash.js';

const TABLE_SIZE = 65_537;
const ENTRIES_PER_INSTANCE = 100;

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

export function tableSizeFor(instanceCount: number): number {
  if (instanceCount * ENTRIES_PER_INSTANCE <= TABLE_SIZE) return TABLE_SIZE;
  let size = instanceCount * ENTRIES_PER_INSTANCE + 1;
  while (!isPrime(size)) size++;
  return size;
}

/**
 * Entries per candidate: one each, then the rest of the table in proportion to weight, by largest
 * remainder (equal weights: ⌊M/N⌋ or ⌈M/N⌉, earlier candidates taking the extra ones).
 */
function quotas(candidates: readonly Candidate[], size: number): Int32Array {
  const n = candidates.length;
  const totalWeight = candidates.reduce((sum, c) => sum + c.weight, 0);
  const spare = size - n;
  const exact = candidates.map((c) => (spare * c.weight) / totalWeight);
  const quota = Int32Array.from(exact, (x) => 1 + Math.floor(x));
  let left = size - quota.reduce((sum, q) => sum + q, 0);
  const byRemainder = exact.map((x, i) => i).sort((a, b) => exact[b]! - Math.floor(exact[b]!) - (exact[a]! - Math.floor(exact[a]!)) || a - b);
  for (const i of byRemainder) if (left-- > 0) quota[i]!++;
  return quota;
}

/**
 * Maglev's population: in rounds, each candidate with entries still due takes the next free entry
 * along its own permutation (offset, offset + skip, …, mod M). Every step fills an entry, so the
 * whole table costs O(M) turns plus the probing past taken entries.
 */
function fillTable(candidates: readonly Candidate[], size: number): Int32Array {
  const table = new Int32Array(size).fill(-1);
  const next = new Float64Array(candidates.length);
  const skip = new Float64Array(candidates.length);
  candidates.forEach((candidate, i) => {
    const idHash = hashText(candidate.id);
    next[i] = derivedHash(idHash, 0) % size;
    skip[i] = (derivedHash(idHash, 1) % (size - 1)) + 1;
  });
  const due = quotas(candidates, size);
  let active = candidates.map((_, i) => i);
  while (active.length > 0) {
    for (const i of active) {
      let entry = next[i]!;
      while (table[entry] !== -1) entry = (entry + skip[i]!) % size;
      table[entry] = candidates[i]!.index;
      next[i] = (entry + skip[i]!) % size;
      due[i]!--;
    }
    active = active.filter((i) => due[i]! > 0);
  }
  return table;
}

export function createMaglev(keyOf: RequestKey): Algorithm {
  const base = new HashBase();
  let table: Int32Array = new Int32Array(0);
  return {
    reset(candidates) {
      if (base.reset(candidates) && candidates.length > 0) table = fillTable(candidates, tableSizeFor(candidates.length));
    },
    pick(candidates, rng, request) {
      const key = keyOf(request);
      if (key < 0) return rng.int(candidates.length);
      const size = table.length;
      let entry = key % size;
      for (let step = 0; step < size; step++) {
        const position = base.positionIn(candidates, table[entry]!);
        if (position >= 0) return position;
        entry = entry + 1 === size ? 0 : entry + 1;
      }
      return rng.int(candidates.length); // Unreachable while the table covers the candidates.
    },
  };
}
