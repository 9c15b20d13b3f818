// One period of nginx's smooth weighted round robin for whole weights, played ahead so a pick is
// one array read: ΣW picks, after which nginx's current weights are all 0 again and it repeats.

/** Longest period played ahead (4 MB of positions); weighted-round-robin.ts uses heaps above it. */
export const PERIOD_MAX = 1 << 20;
/** Most period × distinct-weight steps a build may take (tens of milliseconds). */
const BUILD_STEPS_MAX = 1 << 22;

/**
 * nginx (ngx_http_upstream_get_peer): each pick adds every peer's weight to its current weight,
 * takes the peer with the largest (the earliest on ties) and subtracts ΣW from it. After t picks
 * peer i's current weight is t·w_i − ΣW·n_i (n_i its picks so far), so among peers of equal weight
 * the earliest of those picked least wins: they take turns in order. A step therefore compares one
 * front peer per distinct weight, not every peer: O(ΣW · distinct weights) in all. `weights` are
 * whole and positive (integer-weights.ts); returns the positions picked, or null above the caps.
 */
export function smoothSchedule(weights: Int32Array): Int32Array | null {
  const period = weights.reduce((sum, w) => sum + w, 0);
  const classes = weightClasses(weights);
  const count = classes.weight.length;
  if (period > PERIOD_MAX || period * count > BUILD_STEPS_MAX) return null;
  const { weight, start, members } = classes;
  // Per class: its front peer's current weight, and that peer's place in the class's turn order.
  const current = new Float64Array(count);
  const slot = new Int32Array(count);
  const schedule = new Int32Array(period);
  for (let t = 0; t < period; t++) {
    let best = 0;
    let bestKey = -Infinity;
    let bestPosition = 0;
    for (let c = 0; c < count; c++) {
      const key = (current[c] = current[c]! + weight[c]!);
      const position = members[start[c]! + slot[c]!]!;
      if (key > bestKey || (key === bestKey && position < bestPosition)) {
        best = c;
        bestKey = key;
        bestPosition = position;
      }
    }
    schedule[t] = bestPosition;
    // The next peer of that weight has not had this turn yet: its current weight is the front's
    // before nginx took ΣW off. Only when the turn wraps to the first peer is it ΣW lower.
    if (++slot[best]! === start[best + 1]! - start[best]!) {
      slot[best] = 0;
      current[best] = bestKey - period;
    }
  }
  return schedule;
}

/** Positions grouped by weight (first appearance order), each group in position order. */
function weightClasses(weights: Int32Array): { weight: Int32Array; start: Int32Array; members: Int32Array } {
  const classOf = new Map<number, number>();
  const sizes: number[] = [];
  for (const w of weights) {
    const c = classOf.get(w);
    if (c === undefined) classOf.set(w, sizes.push(1) - 1);
    else sizes[c]!++;
  }
  const weight = Int32Array.from(classOf.keys());
  const start = new Int32Array(sizes.length + 1);
  sizes.forEach((size, c) => (start[c + 1] = start[c]! + size));
  const fill = start.slice(0, sizes.length);
  const members = new Int32Array(weights.length);
  weights.forEach((w, position) => (members[fill[classOf.get(w)!]!++] = position));
  return { weight, start, members };
}
