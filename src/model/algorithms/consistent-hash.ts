// consistent-hash: a hash ring with virtual nodes (Ketama), sized as Envoy's ring_hash sizes it
// (ring-size.ts); a request goes to the owner of the first point at or after its key's hash,
// skipping instances that are not candidates, so removing one of N moves only its keys, about 1/N.

import type { Algorithm, Candidate } from './algorithm.js';
import { HashBase } from './support/hash-base.js';
import type { RequestKey } from './support/hash-key.js';
import { derivedHash, hashText } from './support/hash.js';
import { ringCounts } from './support/ring-size.js';

/** Sorting packs (hash, instance index) into one double: 32 + 21 bits. */
const INDEX_LIMIT = 1 << 21;
/** Bucket index bits: about one ring point per bucket, between 2^8 and 2^20 buckets. */
const BUCKET_BITS_MIN = 8;
const BUCKET_BITS_MAX = 20;

/**
 * Cost O(1) expected per pick: a bucket index by the top bits of the hash, sized to about one point
 * per bucket, leaves a binary search over a point or two; O(V log V) to rebuild the ring of V
 * points (hash-base.ts says when). No key: a random candidate.
 */
export function createConsistentHash(keyOf: RequestKey): Algorithm {
  const base = new HashBase();
  /** The ring, sorted by hash: each point's hash and its owner's instance index. */
  let hashes = new Uint32Array(0);
  let owners = new Int32Array(0);
  /** First point whose hash is in bucket b or later (b = hash >>> shift); one entry past the last bucket. */
  let bucketStart = new Int32Array((1 << BUCKET_BITS_MIN) + 1);
  let shift = 32 - BUCKET_BITS_MIN;

  const build = (candidates: readonly Candidate[]): void => {
    const counts = ringCounts(candidates.map((c) => c.weight));
    const packed = new Float64Array(counts.reduce((sum, n) => sum + n, 0));
    let at = 0;
    candidates.forEach((candidate, i) => {
      if (candidate.index >= INDEX_LIMIT) throw new Error(`consistent-hash: pool larger than ${INDEX_LIMIT} instances`);
      const idHash = hashText(candidate.id);
      for (let k = 0; k < counts[i]!; k++) packed[at++] = derivedHash(idHash, k) * INDEX_LIMIT + candidate.index;
    });
    // Equal hashes (rare) fall to the lower instance index: the packing sorts them so.
    packed.sort();
    hashes = new Uint32Array(packed.length);
    owners = new Int32Array(packed.length);
    for (let p = 0; p < packed.length; p++) {
      const hash = Math.floor(packed[p]! / INDEX_LIMIT);
      hashes[p] = hash;
      owners[p] = packed[p]! - hash * INDEX_LIMIT;
    }
    const bits = Math.min(BUCKET_BITS_MAX, Math.max(BUCKET_BITS_MIN, Math.ceil(Math.log2(packed.length))));
    shift = 32 - bits;
    bucketStart = new Int32Array((1 << bits) + 1);
    let point = 0;
    for (let b = 0; b < bucketStart.length; b++) {
      while (point < hashes.length && hashes[point]! >>> shift < b) point++;
      bucketStart[b] = point;
    }
  };

  /** First point whose hash is ≥ key, wrapping to 0: a binary search inside the key's bucket. */
  const firstPoint = (key: number): number => {
    const bucket = key >>> shift;
    let lo = bucketStart[bucket]!;
    let hi = bucketStart[bucket + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (hashes[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo === hashes.length ? 0 : lo;
  };

  return {
    reset(candidates) {
      if (base.reset(candidates) && candidates.length > 0) build(candidates);
    },
    pick(candidates, rng, request) {
      const key = keyOf(request);
      if (key < 0) return rng.int(candidates.length);
      let point = firstPoint(key);
      for (let step = 0; step < owners.length; step++) {
        const position = base.positionIn(candidates, owners[point]!);
        if (position >= 0) return position;
        point = point + 1 === owners.length ? 0 : point + 1;
      }
      return rng.int(candidates.length); // Unreachable while the ring covers the candidates.
    },
  };
}
