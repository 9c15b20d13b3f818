// The range a figure of one more run may take, from the same figure over simulated seeds: the seeds'
// 2.5–97.5 % range, widened for the number of figures a suite checks, then by a stated allowance.

export interface SpreadRange {
  /** The seeds' 2.5 % and 97.5 % quantiles. */
  seedLow: number;
  seedHigh: number;
  /** What one more run may show: the range widened (statistically, then by the allowances). */
  low: number;
  high: number;
}

export const SPREAD_LOW = 0.025;
export const SPREAD_HIGH = 0.975;

/**
 * One figure leaves the 2.5–97.5 % range in one run of twenty, and the agreement tests check about
 * 150 figures a run: that range alone would fail most runs. Each side is pushed out by this many times
 * half the range's width. For a normal spread the range is ±1.96 σ and, widened by the whole
 * half-width, ±3.92 σ: one chance in 11,000 per figure, about 1.4 % per run of 150 figures. Figures
 * that every seed shows alike have no width to widen: only the stated allowances apply to them.
 */
export const STATISTICAL_WIDENING = 1;

/** `allowBelow`/`allowAbove`: how much further the figure may go for a stated, non-statistical reason. */
export function spreadRange(values: readonly number[], allowBelow: number, allowAbove: number): SpreadRange {
  if (values.length === 0) throw new Error('spreadRange needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  const seedLow = quantile(sorted, SPREAD_LOW);
  const seedHigh = quantile(sorted, SPREAD_HIGH);
  const widening = (STATISTICAL_WIDENING * (seedHigh - seedLow)) / 2;
  return { seedLow, seedHigh, low: seedLow - widening - allowBelow, high: seedHigh + widening + allowAbove };
}

/** Linear interpolation between order statistics (R's type 7, numpy's default). */
export function quantile(sorted: readonly number[], p: number): number {
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}
