// Log timestamps as epoch milliseconds: ISO 8601 (ALB, CLB, lbsim, nginx $time_iso8601) and the
// common-log form `10/Oct/2000:13:55:36 -0700` (nginx $time_local; HAProxy's dates, which have no zone: read as UTC).

import { daysFromCivil, parseIsoInstantMs } from '../scenario/instant.js';

const MONTHS: Record<string, number> = { Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12 };

/** Consecutive lines share their day: the epoch milliseconds of the last date seen (also for the byte parsers). */
let cachedDay = -1;
let cachedDayMs = 0;

export function dayMs(year: number, month: number, day: number): number {
  const key = (year * 100 + month) * 100 + day;
  if (key !== cachedDay) {
    cachedDay = key;
    cachedDayMs = daysFromCivil(year, month, day) * 86_400_000;
  }
  return cachedDayMs;
}

/** `.123456` (digits after the dot up to `end`) in milliseconds; NaN when a digit is not one. */
function fractionMs(text: string, dot: number, end: number): number {
  let value = 0;
  let scale = 1000;
  for (let i = dot + 1; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    scale /= 10;
    value += d * scale;
  }
  return value;
}

const digits = (text: string, from: number, count: number): number => {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
};

/** `2026-01-01T00:00:00.123456Z` fast; other zones and forms through the general parser; NaN if none. */
export function parseIsoTimestamp(text: string): number {
  return parseIsoTimestampAt(text, 0, text.length);
}

/** parseIsoTimestamp of `text.slice(start, end)`, without the slice on the fast path (a line's field in place). */
export function parseIsoTimestampAt(text: string, start: number, end: number): number {
  const at19 = text.charCodeAt(start + 19);
  if (end - start >= 20 && text.charCodeAt(start + 10) === 84 /* T */ && text.charCodeAt(end - 1) === 90 /* Z */ && at19 !== 43 && at19 !== 45) {
    const year = digits(text, start, 4);
    const month = digits(text, start + 5, 2);
    const day = digits(text, start + 8, 2);
    const hours = digits(text, start + 11, 2);
    const minutes = digits(text, start + 14, 2);
    const seconds = digits(text, start + 17, 2);
    const fraction = end - start > 21 && at19 === 46 ? fractionMs(text, start + 19, end - 1) : 0;
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31 && hours < 24 && minutes < 60 && seconds < 60 && !Number.isNaN(fraction + year)) {
      return dayMs(year, month, day) + ((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction;
    }
  }
  return parseIsoInstantMs(text.slice(start, end)) ?? Number.NaN;
}

const CLF = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?: ([+-])(\d{2})(\d{2}))?$/;

/** `10/Oct/2000:13:55:36 -0700` or `06/Feb/2009:12:14:14.655` (no zone: UTC); NaN if neither. */
export function parseClfTimestamp(text: string): number {
  const match = CLF.exec(text);
  if (match === null) return Number.NaN;
  const month = MONTHS[match[2]!];
  const [day, year, hours, minutes, seconds] = [match[1], match[3], match[4], match[5], match[6]].map(Number) as [number, number, number, number, number];
  if (month === undefined || day < 1 || day > 31 || hours > 23 || minutes > 59 || seconds > 59) return Number.NaN;
  const offsetMinutes = match[8] === undefined ? 0 : (match[8] === '-' ? -1 : 1) * (Number(match[9]) * 60 + Number(match[10]));
  const fractionMs = match[7] === undefined ? 0 : Number(`0${match[7]}`) * 1000;
  return dayMs(year, month, day) + ((hours * 60 + minutes - offsetMinutes) * 60 + seconds) * 1000 + fractionMs;
}
