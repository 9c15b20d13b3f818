// Closed forms the balancing validation compares with: Erlang C (M/M/c), the GI/M/1 root for
// round robin's Erlang-N arrivals, and Mitzenmacher's supermarket fixed point for d choices.

/** Erlang C: the probability that an arrival waits in M/M/c with offered load a = λ/μ. */
export function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - a / c);
  return last / (sum + last);
}

/** M/M/c mean time in system, in units of the mean service time, at per-server load ρ. */
export function mmcMeanSojourn(c: number, rho: number): number {
  return erlangC(c, c * rho) / (c * (1 - rho)) + 1;
}

/**
 * E_k/M/1 (one queue of round robin over k servers fed by Poisson arrivals: every k-th arrival,
 * so Erlang-k gaps). GI/M/1: σ solves σ = A*(μ(1−σ)) with A*(s) = (kλ/(kλ+s))^k, λ the queue's
 * arrival rate; the time in system is exponential with mean 1/(μ(1−σ)). Units: mean service = 1.
 */
export function erlangArrivalsMeanSojourn(k: number, rho: number): number {
  // Fixed-point iteration from 0 increases monotonically to the root in (0, 1) when ρ < 1.
  let sigma = 0;
  for (let i = 0; i < 100_000; i++) {
    const next = ((k * rho) / (k * rho + (1 - sigma))) ** k;
    if (Math.abs(next - sigma) < 1e-15) break;
    sigma = next;
  }
  return 1 / (1 - sigma);
}

/**
 * The supermarket model (Mitzenmacher 1996; Vvedenskaya, Dobrushin, Karpelevich 1996): N → ∞
 * single-server queues, each arrival joins the shortest of d sampled at random. The fraction of
 * queues with at least i jobs is s_i = λ^((d^i − 1)/(d − 1)); by Little's law the mean time in
 * system is Σ_{i≥1} s_i / λ (units: mean service = 1).
 */
export function supermarketMeanSojourn(d: number, rho: number): number {
  let sum = 0;
  for (let i = 1; i < 64; i++) {
    const s = rho ** ((d ** i - 1) / (d - 1));
    sum += s;
    if (s < 1e-18) break;
  }
  return sum / rho;
}

/** Two-sided Student t quantiles at 99.9% (0.9995) by degrees of freedom. */
export const T_999: Record<number, number> = { 3: 12.924, 4: 8.61, 5: 6.869, 6: 5.959, 7: 5.408, 8: 5.041, 9: 4.781, 14: 4.14, 19: 3.883 };

/** Mean and the 99.9% half-width of the mean of independent replications. */
export function replicationInterval(values: number[]): { mean: number; halfWidth: number } {
  const n = values.length;
  const mean = values.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  return { mean, halfWidth: (T_999[n - 1]! * sd) / Math.sqrt(n) };
}
