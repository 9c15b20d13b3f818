// `lbsim compare`: per metric the means of A and B over common seeds and the mean of the paired
// differences B − A with its Student-t 95% interval. Pairing removes the noise both runs share.

import { formatTable } from '../text/format.js';
import { formatInterval, formatNumber } from '../text/number-text.js';
import { meanInterval } from '../text/stats.js';

export interface CompareRow {
  metric: string;
  a: number | null;
  b: number | null;
  meanDifference: number | null;
  ci95: [number, number] | null;
}

/** `a[k][m]` and `b[k][m]`: metric m on the k-th common seed. A pair counts only when both have a value. */
export function compareRows(metrics: readonly string[], a: readonly (readonly (number | null)[])[], b: readonly (readonly (number | null)[])[]): CompareRow[] {
  return metrics.map((metric, m) => {
    const as = a.map((row) => row[m] ?? null);
    const bs = b.map((row) => row[m] ?? null);
    const differences = as.map((x, k) => {
      const y = bs[k] ?? null;
      return x === null || y === null ? null : y - x;
    });
    const paired = meanInterval(differences);
    return { metric, a: meanInterval(as).mean, b: meanInterval(bs).mean, meanDifference: paired.mean, ci95: paired.ci95 };
  });
}

export function renderCompareTable(rows: readonly CompareRow[], names: { a: string; b: string }, seeds: readonly number[]): string {
  const seedText = seeds.length === 1 ? `seed ${seeds[0]}` : `${seeds.length} common seeds (${seeds[0]}..${seeds.at(-1)})`;
  const header = ['metric', 'A (mean)', 'B (mean)', 'B - A', '95% CI of B - A', ''];
  const body = rows.map((row) => [row.metric, formatNumber(row.a), formatNumber(row.b), formatNumber(row.meanDifference), formatInterval(row.ci95), verdict(row)]);
  return [
    `compare A ${names.a} | B ${names.b} | ${seedText}`,
    'B - A: mean of the paired differences per seed; interval: 95%, Student t over the pairs',
    '',
    ...formatTable([header, ...body], ['l', 'r', 'r', 'r', 'r', 'l']),
    '',
  ].join('\n');
}

/** Whether the interval excludes zero: a difference the seeds cannot explain away. */
function verdict(row: CompareRow): string {
  if (row.ci95 === null) return '';
  if (row.ci95[0] > 0) return 'B higher';
  if (row.ci95[1] < 0) return 'B lower';
  return 'no clear difference';
}
