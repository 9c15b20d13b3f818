// ISO 8601 instants ("2026-03-01T10:00:00.250Z", "+02:00" offsets) as epoch milliseconds, by
// arithmetic: this layer stays free of the wall-clock API. Used by Traffic.Replay's From and To.

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (month 1–12), by Howard Hinnant's
 * days_from_civil: years start on 1 March so the leap day comes last, in 400-year eras.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month !== 2 || day <= 28 || leap;
}

/** Epoch milliseconds (fractions kept) of an instant with an explicit zone, or null. */
export function parseIsoInstantMs(text: string): number | null {
  const match = ISO_INSTANT.exec(text);
  if (match === null) return null;
  const [year, month, day, hours, minutes] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  const seconds = match[6] === undefined ? 0 : Number(match[6]);
  if (!isRealDate(year, month, day) || hours > 23 || minutes > 59 || seconds > 59) return null;
  const fractionMs = match[7] === undefined ? 0 : Number(`0.${match[7]}`) * 1000;
  const zone = match[8]!;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const [zoneHours, zoneMinutes] = [Number(digits.slice(0, 2)), Number(digits.slice(2, 4))];
    if (zoneHours > 23 || zoneMinutes > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  }
  const dayMs = daysFromCivil(year, month, day) * 86_400_000;
  return dayMs + ((hours * 60 + minutes - offsetMinutes) * 60 + seconds) * 1000 + fractionMs;
}
