// Simulated time: every instant and duration in the core is a number of milliseconds (float).
// Floats, not integers, because Poisson arrivals at 10,000 req/s are 0.1 ms apart.

export type Millis = number;

export const MS_PER_SECOND = 1000;

/** Seconds rounded to the microsecond, so logs stay short and byte-stable. */
export function msToSecondsRounded(ms: Millis): number {
  return Math.round(ms * 1000) / 1e6;
}

/** Human form used in reports: `850ms`, `42.5s`, `2m03s`, `1h05m`. */
export function formatMs(ms: Millis): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${trimNumber(abs, abs < 10 ? 2 : 0)}ms`;
  const totalSeconds = abs / 1000;
  if (totalSeconds < 60) return `${sign}${trimNumber(totalSeconds, totalSeconds < 10 ? 2 : 1)}s`;
  const wholeSeconds = Math.round(totalSeconds);
  if (wholeSeconds < 3600) {
    const minutes = Math.floor(wholeSeconds / 60);
    return `${sign}${minutes}m${pad2(wholeSeconds % 60)}s`;
  }
  const hours = Math.floor(wholeSeconds / 3600);
  return `${sign}${hours}h${pad2(Math.floor((wholeSeconds % 3600) / 60))}m`;
}

function trimNumber(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
