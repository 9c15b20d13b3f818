// Numbers in the tables of test, sweep and compare: plain digits, no grouping, at most six significant
// figures, so a column lines up with what --format json and csv print for the same value.

/** `2755`, `0.153`, `12.3457`; null (a metric that named nothing) as `-`. */
export function formatNumber(value: number | null): string {
  if (value === null) return '-';
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

/** `[low, high]` of an interval, or `-` when there is none (fewer than two values). */
export function formatInterval(interval: readonly [number, number] | null): string {
  return interval === null ? '-' : `[${formatNumber(interval[0])}, ${formatNumber(interval[1])}]`;
}
