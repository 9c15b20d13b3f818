// Means and 95% confidence intervals over seeds for sweep and compare. Seeds are few (3–30), so the
// interval uses Student's t, not the normal 1.96, which would be too narrow for small samples.

/** Mean, sample count and the 95% interval of the mean; null parts when there are too few values. */
export interface MeanInterval {
  n: number;
  mean: number | null;
  /** [low, high]; null below two values, where a spread cannot be estimated. */
  ci95: [number, number] | null;
}

/** Mean and Student-t 95% interval of the values that are numbers (null: the metric named nothing). */
export function meanInterval(values: readonly (number | null)[]): MeanInterval {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: null, ci95: null };
  const mean = xs.reduce((sum, x) => sum + x, 0) / n;
  if (n < 2) return { n, mean, ci95: null };
  const variance = xs.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1);
  const half = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { n, mean, ci95: [mean - half, mean + half] };
}

const quantileCache = new Map<number, number>();

/** The 0.975 quantile of Student's t with `df` degrees of freedom (12.706 for 1, → 1.960). */
export function tQuantile975(df: number): number {
  const cached = quantileCache.get(df);
  if (cached !== undefined) return cached;
  // Two-sided tail 0.05: the t where I_{df/(df+t²)}(df/2, 1/2) = 0.05; that is decreasing in t.
  let low = 0;
  let high = 1e4;
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const mid = (low + high) / 2;
    if (incompleteBeta(df / (df + mid * mid), df / 2, 0.5) > 0.05) low = mid;
    else high = mid;
  }
  const t = (low + high) / 2;
  quantileCache.set(df, t);
  return t;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, nine coefficients: ~15 significant digits). */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < c.length; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The regularized incomplete beta function I_x(a, b), by its continued fraction. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast only below this point; above it, use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a).
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** Lentz's method for the continued fraction of I_x(a, b). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const term of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + term * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + term / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}
