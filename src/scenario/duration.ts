// Durations as a scenario file writes them: a number of seconds, or a string with a unit.
// One parser for every duration key, so "30", 30 and "30s" mean the same thing everywhere.

const MS_PER_UNIT: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

// A unit-less string counts as seconds, like a bare number. No exponent or sign.
const DURATION_PATTERN = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d)?\s*$/;
// Compound forms ("1m30s", "2h15m", "1m30.5s") as the reports print times: each unit once,
// largest first, so a copied report time pastes straight into a scenario.
const COMPOUND_PATTERN = /^\s*(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?\s*$/;
const COMPOUND_UNITS = ['d', 'h', 'm', 's', 'ms'] as const;

/** Milliseconds for a duration value, or null when it is not a duration or is negative. */
export function parseDurationMs(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? value * MS_PER_UNIT.s! : null;
  }
  if (typeof value !== 'string') return null;
  const match = DURATION_PATTERN.exec(value);
  if (match === null) return parseCompoundMs(value);
  const amount = Number(match[1]);
  const perUnitMs = MS_PER_UNIT[match[2] ?? 's']!;
  const ms = amount * perUnitMs;
  return Number.isFinite(ms) ? ms : null;
}

function parseCompoundMs(value: string): number | null {
  const match = COMPOUND_PATTERN.exec(value);
  if (match === null) return null;
  let ms = 0;
  let parts = 0;
  COMPOUND_UNITS.forEach((unit, i) => {
    const amount = match[i + 1];
    if (amount === undefined) return;
    ms += Number(amount) * MS_PER_UNIT[unit]!;
    parts++;
  });
  return parts >= 2 && Number.isFinite(ms) ? ms : null;
}

/** True for values that would be durations but for a minus sign, so messages can say "out of range". */
export function isNegativeDuration(value: unknown): boolean {
  if (typeof value === 'number') return value < 0;
  return typeof value === 'string' && value.trim().startsWith('-') && parseDurationMs(value.trim().slice(1)) !== null;
}

/** The shortest exact spelling in the largest whole unit: 600000 → "10m", 1500 → "1.5s", 250 → "250ms". */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return '0s';
  for (const unit of ['d', 'h', 'm'] as const) {
    const perUnitMs = MS_PER_UNIT[unit]!;
    if (ms % perUnitMs === 0) return `${ms / perUnitMs}${unit}`;
  }
  return ms >= 1_000 || ms % 1 !== 0 ? `${ms / 1_000}s` : `${ms}ms`;
}
