// nginx time values as ngx_parse_time (src/core/ngx_parse.c) reads them: parts like "1h 30m" in
// order y M w d h m s ms, each at most once, separated by spaces; a bare number is seconds.

/**
 * `seconds`: directives nginx keeps in whole seconds (fail_timeout, slow_start), where "ms" is an
 * error. `milliseconds`: the msec directives (proxy_*_timeout, keepalive_timeout), where nginx
 * starts past "y" and "M", so those two are errors there.
 */
export type TimeResolution = 'seconds' | 'milliseconds';

export const TIME_EXPECTED: Record<TimeResolution, string> = {
  seconds: 'a whole number with an optional unit y, M, w, d, h, m or s (e.g. 10s, 1m 30s)',
  milliseconds: 'a whole number with an optional unit w, d, h, m, s or ms (e.g. 500ms, 60s, 1m 30s)',
};

const UNITS: ReadonlyArray<{ suffix: string; ms: number }> = [
  { suffix: 'y', ms: 365 * 86_400_000 },
  { suffix: 'M', ms: 30 * 86_400_000 },
  { suffix: 'w', ms: 7 * 86_400_000 },
  { suffix: 'd', ms: 86_400_000 },
  { suffix: 'h', ms: 3_600_000 },
  { suffix: 'm', ms: 60_000 },
  { suffix: 's', ms: 1_000 },
  { suffix: 'ms', ms: 1 },
];
// nginx keeps the total in a signed 32-bit int of the unit it parses into.
const MAX_TOTAL = 2_147_483_647;

/** Milliseconds, or null when nginx would reject the value ("invalid value" or "too large"). */
export function parseNginxTimeMs(text: string, resolution: TimeResolution): number | null {
  const parts = text.split(' ').filter((part) => part !== '');
  if (parts.length === 0) return null;
  // Index into UNITS of the last unit seen; each part must use a smaller unit than the one before.
  let step = resolution === 'milliseconds' ? 1 : -1;
  let totalMs = 0;
  for (const part of parts) {
    const match = /^(\d+)(ms|y|M|w|d|h|m|s)?$/.exec(part);
    if (match === null) return null;
    const amount = Number(match[1]);
    const unit = match[2];
    if (unit === undefined) {
      // A bare number is seconds, allowed after any unit ("1h 30" is 90 minutes).
      totalMs += amount * 1_000;
      step = UNITS.length;
    } else {
      const index = UNITS.findIndex((u) => u.suffix === unit);
      if (unit === 'ms' && resolution === 'seconds') return null;
      if (index <= step) return null;
      step = index;
      totalMs += amount * UNITS[index]!.ms;
    }
  }
  const total = resolution === 'seconds' ? totalMs / 1_000 : totalMs;
  if (total > MAX_TOTAL) return null;
  return totalMs;
}
