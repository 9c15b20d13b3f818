// Weights as the smallest whole numbers in the same ratio (5, 1, 1 stay; 0.5, 1.25 become 2, 5),
// which is what a smooth round-robin period needs; null when there are none small enough.

/** Denominators tried per weight: slow start's 10% floor is 1/10, a Weight of 1.25 is 5/4. */
const DENOMINATOR_MAX = 1000;
/** A scaled weight this close to a whole number (relative) counts as whole: float noise, not a share. */
const WHOLE_TOLERANCE = 1e-9;

const isWhole = (x: number): boolean => Math.round(x) >= 1 && Math.abs(x - Math.round(x)) <= WHOLE_TOLERANCE * x;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The least q ≤ DENOMINATOR_MAX that makes weight · q whole, or 0. */
function denominatorOf(weight: number): number {
  for (let q = 1; q <= DENOMINATOR_MAX; q++) if (isWhole(weight * q)) return q;
  return 0;
}

/**
 * Whole numbers k_i with k_i / Σk = w_i / Σw (to 1e-9) and no common factor, found by scaling every
 * weight by one common denominator of at most DENOMINATOR_MAX; null when the weights need a larger
 * one (irrational-looking ramps) or Σk would exceed `sumMax`.
 */
export function integerRatios(weights: readonly number[], sumMax: number): Int32Array | null {
  let scale = 1;
  for (const weight of weights) {
    if (!(weight > 0 && Number.isFinite(weight))) return null;
    if (isWhole(weight * scale)) continue;
    const q = denominatorOf(weight);
    if (q === 0) return null;
    scale = (scale / gcd(scale, q)) * q;
    if (scale > DENOMINATOR_MAX) return null;
  }
  const scaled = weights.map((weight) => Math.round(weight * scale));
  const common = scaled.reduce(gcd, 0);
  let sum = 0;
  for (const k of scaled) if ((sum += k / common) > sumMax) return null;
  return Int32Array.from(scaled, (k) => k / common);
}
