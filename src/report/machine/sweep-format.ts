// A sweep document for people (an aligned table) and for spreadsheets (CSV, one row per grid point
// and metric). Both show the mean and the Student-t 95% interval of the mean over seeds.

import { formatTable } from '../text/format.js';
import { formatNumber } from '../text/number-text.js';
import type { MeanInterval } from '../text/stats.js';
import type { SweepDocument } from './sweep-document.js';

/** A setting as it was given: strings bare, everything else as JSON. */
export const settingText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** `120.3 ± 14.2`: the mean and the half-width of its interval; only the mean below two values. */
export function meanText(interval: MeanInterval | undefined): string {
  if (interval === undefined || interval.mean === null) return '-';
  if (interval.ci95 === null) return formatNumber(interval.mean);
  return `${formatNumber(interval.mean)} ± ${formatNumber((interval.ci95[1] - interval.ci95[0]) / 2)}`;
}

export function renderSweepTable(document: SweepDocument): string {
  const paths = document.sets.map((set) => set.path);
  const header = [...paths, ...document.metrics];
  const rows = document.points.map((point) => [...paths.map((path) => settingText(point.settings[path])), ...document.metrics.map((metric) => meanText(point.metrics[metric]))]);
  const align = header.map((_, i) => (i < paths.length ? 'l' : 'r') as 'l' | 'r');
  const seeds = document.seeds;
  const seedText = seeds.length === 1 ? `seed ${seeds[0]}` : `${seeds.length} seeds (${seeds[0]}..${seeds.at(-1)})`;
  const lines = [
    `sweep ${document.scenario} | ${document.points.length} ${document.points.length === 1 ? 'point' : 'points'} × ${seedText}`,
    seeds.length === 1 ? 'one seed: each cell is its value (--seeds 2 or more for a confidence interval)' : 'each cell: mean ± half-width of the 95% confidence interval over seeds (Student t)',
  ];
  if (document.shard !== null) lines.push(`shard ${document.shard.index}/${document.shard.count}: ${document.units.length} of ${document.points.length * seeds.length} runs (lbsim merge combines the shards)`);
  return [...lines, '', ...formatTable([header, ...rows], align), ''].join('\n');
}

/** RFC 4180: quote a cell that holds a comma, a quote or a line break. */
function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvNumber = (value: number | null): string => (value === null ? '' : String(value));

export function renderSweepCsv(document: SweepDocument): string {
  const paths = document.sets.map((set) => set.path);
  const lines = [[...paths, 'metric', 'n', 'mean', 'ci95_low', 'ci95_high'].map(csvCell).join(',')];
  for (const point of document.points) {
    for (const metric of document.metrics) {
      const stats = point.metrics[metric];
      const cells = [...paths.map((path) => settingText(point.settings[path])), metric, String(stats?.n ?? 0), csvNumber(stats?.mean ?? null)];
      cells.push(csvNumber(stats?.ci95?.[0] ?? null), csvNumber(stats?.ci95?.[1] ?? null));
      lines.push(cells.map(csvCell).join(','));
    }
  }
  return lines.join('\n') + '\n';
}
