// How many points each instance gets on the consistent-hash ring: Envoy's ring_hash sizing
// (source/extensions/load_balancing_policies/ring_hash/ring_hash_lb.cc), defaults included.

/** Envoy's minimum_ring_size default: the ring holds at least this many points. */
export const RING_SIZE_MIN = 1024;
/** Envoy's maximum_ring_size default (8M), which it also enforces as a limit. */
export const RING_SIZE_MAX = 8 * 1024 * 1024;

/**
 * Points per instance. Envoy scales the weights so the lightest instance gets a whole number of
 * points and the ring at least RING_SIZE_MIN (points per unit of weight = ⌈w_min/ΣW · 1024⌉ / w_min,
 * so equal weights share ⌈1024/N⌉ each: 103 for 10 instances, 1 each beyond 1,024), capped at
 * RING_SIZE_MAX in all, then hands out points by running sums so fractions carry to the next
 * instance. lbsim adds one rule: at least one point each, which Envoy's cap can take away.
 *
 * nginx's ketama gives 160 points per unit of weight whatever N (1.6M points for 10,000
 * instances); Envoy's sizing bounds the ring instead, at a cost: when a newcomer rebuilds the ring
 * of a pool under 1,024 instances, ⌈1024/N⌉ changes and keys move between the old instances too.
 */
export function ringCounts(weights: readonly number[]): Int32Array {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const lightest = weights.reduce((least, w) => Math.min(least, w), Infinity);
  const perWeight = Math.min(Math.ceil((lightest / total) * RING_SIZE_MIN) / lightest, RING_SIZE_MAX / total);
  const counts = new Int32Array(weights.length);
  let placed = 0;
  let target = 0;
  weights.forEach((weight, i) => {
    target += perWeight * weight;
    // Envoy adds points while placed < target, i.e. up to ⌈target⌉.
    const next = Math.max(placed + 1, Math.ceil(target));
    counts[i] = next - placed;
    placed = next;
  });
  return counts;
}
