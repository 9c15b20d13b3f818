// consistent-hash: a hash ring with virtual nodes (Ketama, as nginx's `hash … consistent` and
// Envoy's ring_hash). Each instance owns about 160 points per unit of relative weight (the ring
// holds 1,024 to 4M points); a request goes to the owner of the first point at or after its key's
// hash (hash-key.ts), skipping instances that are not candidates, so removing one of N instances
// moves only its own keys, about 1/N of them. Cost O(1) expected per pick: a table of the first
// point in each of 65,536 hash ranges leaves a binary search over a few dozen points at most;
// O(V log V) to rebuild the ring (hash-base.ts says when). No key: a random candidate.

import type { Algorithm, Candidate } from './algorithm.js';
import { HashBase } from './hash-base.js';
import type { RequestKey } from './hash-key.js';
import { derivedHash, hashText } from './hash.js';

const POINTS_PER_WEIGHT = 160;
const RING_POINTS_MIN = 1024;
const RING_POINTS_MAX = 1 << 22;
/** Ring entries pack (hash, instance index) into one double: 32 + 21 bits. */
const INDEX_LIMIT = 1 << 21;
/** The bucket table indexes the ring by the top 16 bits of a hash. */
const BUCKET_SHIFT = 16;
const BUCKETS = 1 << (32 - BUCKET_SHIFT);

export function createConsistentHash(keyOf: RequestKey): Algorithm {
  const base = new HashBase();
  /** The ring, sorted: each point is hash · 2²¹ + owner's index, one number per point. */
  let points = new Float64Array(0);
  /** First point whose hash is in bucket b or later (b = hash >>> 16); one entry past the last bucket. */
  let bucketStart = new Int32Array(BUCKETS + 1);

  const build = (candidates: readonly Candidate[]): void => {
    const totalWeight = candidates.reduce((sum, c) => sum + c.weight, 0);
    const target = Math.min(RING_POINTS_MAX, Math.max(RING_POINTS_MIN, POINTS_PER_WEIGHT * candidates.length));
    const counts = candidates.map((c) => Math.max(1, Math.round((target * c.weight) / totalWeight)));
    const packed = new Float64Array(counts.reduce((sum, n) => sum + n, 0));
    let at = 0;
    candidates.forEach((candidate, i) => {
      if (candidate.index >= INDEX_LIMIT) throw new Error(`consistent-hash: pool larger than ${INDEX_LIMIT} instances`);
      const idHash = hashText(candidate.id);
      for (let k = 0; k < counts[i]!; k++) packed[at++] = derivedHash(idHash, k) * INDEX_LIMIT + candidate.index;
    });
    // Equal hashes (rare) fall to the lower instance index: the packing sorts them so.
    points = packed.sort();
    bucketStart = new Int32Array(BUCKETS + 1);
    let point = 0;
    for (let b = 0; b <= BUCKETS; b++) {
      while (point < points.length && Math.floor(points[point]! / INDEX_LIMIT) >>> BUCKET_SHIFT < b) point++;
      bucketStart[b] = point;
    }
  };

  /** First point whose hash is ≥ key, wrapping to 0: a binary search inside the key's bucket. */
  const firstPoint = (key: number): number => {
    const bucket = key >>> BUCKET_SHIFT;
    const least = key * INDEX_LIMIT;
    let lo = bucketStart[bucket]!;
    let hi = bucketStart[bucket + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (points[mid]! < least) lo = mid + 1;
      else hi = mid;
    }
    return lo === points.length ? 0 : lo;
  };

  return {
    reset(candidates) {
      if (base.reset(candidates) && candidates.length > 0) build(candidates);
    },
    pick(candidates, rng, request) {
      const key = keyOf(request);
      if (key < 0) return rng.int(candidates.length);
      let point = firstPoint(key);
      for (let step = 0; step < points.length; step++) {
        const position = base.positionIn(candidates, points[point]! % INDEX_LIMIT);
        if (position >= 0) return position;
        point = point + 1 === points.length ? 0 : point + 1;
      }
      return rng.int(candidates.length); // Unreachable while the ring covers the candidates.
    },
  };
}
