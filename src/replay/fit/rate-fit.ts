// The arrival rate of a log: requests per minute from the first request, and whether a constant
// Poisson rate explains the counts (index-of-dispersion test). If not, the rate as a Pattern with one
// step per minute. The last, partial minute counts at its own length.

const MINUTE_MS = 60_000;
/** One-sided 1 % point of the standard normal: the dispersion test rejects a constant rate above it. */
const Z_CRITICAL = 2.326;

export interface RateFit {
  requests: number;
  /** From the first request to the last. */
  spanMs: number;
  /** Mean requests per second over the span. */
  rate: number;
  /** Requests per second in each minute; the last one over its own length. */
  perMinute: number[];
  /** The dispersion statistic as a standard normal score (Wilson–Hilferty); null with fewer than 3 whole minutes. */
  dispersionZ: number | null;
  varies: boolean;
}

export class MinuteCounts {
  private readonly counts: number[] = [];
  private lastMs = 0;
  requests = 0;

  /** `atMs`: from the first request, in time order. */
  add(atMs: number): void {
    const minute = Math.floor(atMs / MINUTE_MS);
    while (this.counts.length <= minute) this.counts.push(0);
    this.counts[minute]!++;
    this.lastMs = atMs;
    this.requests++;
  }

  fit(): RateFit {
    const spanMs = this.lastMs;
    const whole = Math.floor(spanMs / MINUTE_MS);
    const perMinute = this.counts.map((count, i) => (i < whole ? count / 60 : count / Math.max(1, (spanMs - i * MINUTE_MS) / 1000)));
    const dispersionZ = dispersionScore(this.counts.slice(0, whole));
    return {
      requests: this.requests,
      spanMs,
      rate: spanMs > 0 ? this.requests / (spanMs / 1000) : this.requests,
      perMinute,
      dispersionZ,
      varies: dispersionZ !== null && dispersionZ > Z_CRITICAL,
    };
  }
}

/**
 * Σ(c − c̄)²/c̄ over k whole minutes is χ² with k − 1 degrees of freedom when the rate is constant
 * (Poisson counts: variance = mean); Wilson–Hilferty turns it into a normal score.
 */
export function dispersionScore(counts: readonly number[]): number | null {
  const k = counts.length;
  if (k < 3) return null;
  const mean = counts.reduce((a, b) => a + b, 0) / k;
  if (mean === 0) return null;
  const chi2 = counts.reduce((sum, c) => sum + (c - mean) ** 2, 0) / mean;
  const df = k - 1;
  const scale = 2 / (9 * df);
  return (Math.cbrt(chi2 / df) - (1 - scale)) / Math.sqrt(scale);
}
