// Number, time and text formatting shared by the report renderers. Locale-free on purpose:
// golden reports must be byte-identical on every machine, whatever its ICU data says.

import { formatMs, type Millis } from '../../sim/time.js';

/** `12000` → `12,000`. Non-integers keep up to `fractionDigits` decimals. */
export function formatCount(value: number, fractionDigits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  const sign = value < 0 ? '-' : '';
  const fixed = Math.abs(value).toFixed(fractionDigits);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${fraction}`;
}

/** `part / total` as `77.6%`; an empty total gives `0.0%` rather than NaN. */
export function formatPercent(part: number, total: number, fractionDigits = 1): string {
  if (total <= 0) return `${(0).toFixed(fractionDigits)}%`;
  return `${((100 * part) / total).toFixed(fractionDigits)}%`;
}

/**
 * A duration or latency for humans: `48ms`, `1.92s`, `60s`, `60.4s`, `4m00s`. Under 100 s it stays
 * in seconds, because timeouts and health-check settings are configured in seconds; longer
 * spans use the kernel's form so logs and reports agree.
 */
export function formatDuration(ms: Millis): string {
  const abs = Math.abs(ms);
  if (!Number.isFinite(ms) || abs < 1000 || abs >= 100_000) return formatMs(ms);
  const seconds = abs / 1000;
  return `${ms < 0 ? '-' : ''}${Number(seconds.toFixed(seconds < 10 ? 2 : 1))}s`;
}

/**
 * A moment on the run's clock: always `XmYYs` under an hour (`0m00s`, `2m43s`) and `XhYYmZZs`
 * above, so columns of times line up. Rounded to the nearest second.
 */
export function formatClock(ms: Millis): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? '-' : '';
  const totalSeconds = Math.round(Math.abs(ms) / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours === 0) return `${sign}${minutes}m${pad2(seconds)}s`;
  return `${sign}${hours}h${pad2(minutes)}m${pad2(seconds)}s`;
}

/** A compact axis label: `0m`, `2m`, `30s`, `1m30s`, `1h`, `1h30m`. */
export function formatTick(ms: Millis): string {
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return minutes === 0 ? `${hours}h` : `${hours}h${pad2(minutes)}m`;
  if (seconds === 0) return `${minutes}m`;
  return minutes === 0 ? `${seconds}s` : `${minutes}m${pad2(seconds)}s`;
}

/** `20` → `20 req/s`; fractional rates keep up to two decimals (`0.5 req/s`). */
export function formatRate(requestsPerSecond: number): string {
  const text = Number.isInteger(requestsPerSecond) ? formatCount(requestsPerSecond) : String(Number(requestsPerSecond.toFixed(2)));
  return `${text} req/s`;
}

/** `["i-1"]` → `i-1`; `["i-1","i-2","i-3"]` → `i-1, i-2 and i-3`. */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Greedy word wrap; a word longer than the width gets a line of its own rather than being cut. */
export function wrapText(text: string, widthColumns: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (line.length === 0) line = word;
    else if (line.length + 1 + word.length <= widthColumns) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/** `1` → `1 request`, `2` → `2 requests`, with thousands separators. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/**
 * Lays rows out in columns. Alignment per column: 'l' pads right, 'r' pads left. The last
 * column is never padded, so lines carry no trailing spaces (golden files stay clean).
 */
export function formatTable(rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[], gap = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        if (align[i] === 'r') return cell.padStart(width);
        return i === row.length - 1 ? cell : cell.padEnd(width);
      })
      .join(gap)
      .replace(/\s+$/, ''),
  );
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
