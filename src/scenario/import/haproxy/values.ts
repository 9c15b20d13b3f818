// HAProxy's value syntax: times (configuration.txt §2.4: an integer with us, ms, s, m, h or d, and
// milliseconds when no unit is given, as parse_time_err() reads them) and plain integers; scenario durations out.

const MS_PER_UNIT: Record<string, number> = { us: 0.001, ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export const TIME_EXPECTED = 'an integer with an optional unit us, ms (the default), s, m, h or d';

/** Milliseconds, or null when HAProxy would reject the text. */
export function parseHaproxyTimeMs(text: string): number | null {
  const match = /^(\d+)(us|ms|s|m|h|d)?$/.exec(text);
  if (match === null) return null;
  return Number(match[1]) * MS_PER_UNIT[match[2] ?? 'ms']!;
}

export function parseInteger(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

/** A scenario duration: whole seconds as a number, anything finer as a string with a unit. */
export function scenarioDuration(ms: number): number | string {
  if (ms % 1000 === 0) return ms / 1000;
  return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`;
}

/** How the file's time reads in a note: `2s`, `1500ms`. */
export function shownMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
