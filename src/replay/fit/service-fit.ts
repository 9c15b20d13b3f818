// Fits a service-time distribution to logged instance times by maximum likelihood, for each
// distribution the scenario format has (exponential, lognormal, uniform, constant), and ranks them by
// the Kolmogorov–Smirnov distance to a fixed-size uniform sample of the times (memory stays flat).

/** Uniform draws in [0, 1) for the reservoir: seeded, so the same log always gives the same fit. */
type Uniform = { next(): number };

const SAMPLE_SIZE = 20_000;

export type FittedDistribution =
  | { distribution: 'exponential'; meanMs: number }
  | { distribution: 'lognormal'; meanMs: number; sigma: number }
  | { distribution: 'uniform'; minMs: number; maxMs: number }
  | { distribution: 'constant'; meanMs: number };

export interface ServiceFit {
  count: number;
  meanMs: number;
  /** Best first: the smallest KS distance. */
  candidates: Array<{ fit: FittedDistribution; ks: number }>;
}

/** Running sums for the MLEs, plus a reservoir sample (Vitter's algorithm R) for the KS distance. */
export class ServiceTimes {
  count = 0;
  private sum = 0;
  private sumSquares = 0;
  private sumLog = 0;
  private sumLogSquares = 0;
  private minMs = Infinity;
  private maxMs = -Infinity;
  private readonly sample: number[] = [];

  constructor(private readonly rng: Uniform, private readonly sampleSize = SAMPLE_SIZE) {}

  add(ms: number): void {
    this.count++;
    this.sum += ms;
    this.sumSquares += ms * ms;
    const log = Math.log(ms);
    this.sumLog += log;
    this.sumLogSquares += log * log;
    if (ms < this.minMs) this.minMs = ms;
    if (ms > this.maxMs) this.maxMs = ms;
    if (this.sample.length < this.sampleSize) this.sample.push(ms);
    else {
      const slot = Math.floor(this.rng.next() * this.count);
      if (slot < this.sampleSize) this.sample[slot] = ms;
    }
  }

  get meanMs(): number {
    return this.sum / this.count;
  }

  /** Variance of the times (for comparing groups). */
  get varianceMs2(): number {
    return Math.max(0, this.sumSquares / this.count - this.meanMs ** 2);
  }

  fit(): ServiceFit {
    const sorted = Float64Array.from(this.sample).sort();
    const candidates = this.fits().map((fit) => ({ fit, ks: ksDistance(sorted, cdfOf(fit)) }));
    candidates.sort((a, b) => a.ks - b.ks);
    return { count: this.count, meanMs: this.meanMs, candidates };
  }

  /** The maximum-likelihood fit of each family that can describe these times. */
  private fits(): FittedDistribution[] {
    if (this.count === 0) return [];
    if (this.minMs === this.maxMs) return [{ distribution: 'constant', meanMs: this.minMs }];
    const fits: FittedDistribution[] = [
      { distribution: 'exponential', meanMs: this.meanMs },
      { distribution: 'uniform', minMs: this.minMs, maxMs: this.maxMs },
    ];
    // ln 0 is -∞: a log with zero times (rounded to its resolution) has no lognormal fit.
    if (this.minMs > 0) {
      const mu = this.sumLog / this.count;
      const sigma = Math.sqrt(Math.max(0, this.sumLogSquares / this.count - mu * mu));
      // The scenario gives a lognormal by its mean: E[X] = exp(mu + sigma²/2).
      if (sigma > 0) fits.push({ distribution: 'lognormal', meanMs: Math.exp(mu + (sigma * sigma) / 2), sigma });
    }
    return fits;
  }
}

function cdfOf(fit: FittedDistribution): (x: number) => number {
  switch (fit.distribution) {
    case 'exponential':
      return (x) => (x <= 0 ? 0 : 1 - Math.exp(-x / fit.meanMs));
    case 'uniform':
      return (x) => Math.min(1, Math.max(0, (x - fit.minMs) / (fit.maxMs - fit.minMs)));
    case 'constant':
      return (x) => (x < fit.meanMs ? 0 : 1);
    case 'lognormal': {
      const mu = Math.log(fit.meanMs) - (fit.sigma * fit.sigma) / 2;
      return (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / fit.sigma));
    }
  }
}

/** sup |F_n − F| over a sorted sample: at each point, just before and at the step. */
export function ksDistance(sorted: Float64Array, cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** Φ by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
