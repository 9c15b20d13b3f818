// Reading an access-log line's fields in place from its bytes, for the formats with a byte parser:
// field bounds, ISO 8601 times, seconds, the request line's kind and the client's id, with the same
// arithmetic as the text parsers. Anything off the plain path (escapes, brackets, bytes past ASCII,
// unusual numbers or times) answers "use the text parser", which then decides, errors included.

import { mix32 } from '../model/algorithms/support/hash.js';
import { REPLAY_CLIENT_IDS } from '../model/traffic/replay-traffic.js';
import { hashKindBytes, type KindTable } from './kind-table.js';
import { dayMs } from './timestamps.js';

/** What a byte parser read from a line; reused line after line. */
export interface PlacedLine {
  timeMs: number;
  serviceMs: number;
  /** Client id as the feed computes it from the address, -1 for none. */
  client: number;
  /** Index in the feed's KindTable. */
  kind: number;
}

/** Fills `out` and returns true, or false when the line must go through the format's text parser. */
export type ByteLineParser = (bytes: Buffer, start: number, end: number, kinds: KindTable, out: PlacedLine) => boolean;

const MAX_FIELDS = 32;

/** Field bounds of the last line scanned (as FieldCursor's, quotes removed). */
export const fieldStarts = new Int32Array(MAX_FIELDS);
export const fieldEnds = new Int32Array(MAX_FIELDS);

/**
 * Bounds of up to `limit` space- or tab-separated fields, a field in double quotes holding spaces;
 * the count, or -1 for a line the text parser must read (a backslash in quotes, a bracket, a byte past ASCII).
 */
export function scanFields(bytes: Buffer, start: number, end: number, limit: number): number {
  let count = 0;
  let seen = 0;
  let i = start;
  while (i < end && count < limit) {
    const c = bytes[i]!;
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    if (c === 91 /* [ */) return -1;
    let j = i + 1;
    if (c === 34 /* " */) {
      while (j < end) {
        const d = bytes[j]!;
        if (d === 34) break;
        if (d === 92 /* \ */) return -1;
        seen |= d;
        j++;
      }
      fieldStarts[count] = i + 1;
      fieldEnds[count] = j;
      i = j + 1;
    } else {
      seen |= c;
      while (j < end) {
        const d = bytes[j]!;
        if (d === 32 || d === 9) break;
        seen |= d;
        j++;
      }
      fieldStarts[count] = i;
      fieldEnds[count] = j;
      i = j;
    }
    count++;
  }
  return seen >= 0x80 ? -1 : count;
}

const digits = (bytes: Buffer, from: number, count: number): number => {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
};

/** parseIsoTimestampAt's fast path (`2026-01-01T00:00:00.123456Z`) over bytes, same arithmetic; NaN off it. */
export function isoMsAt(bytes: Buffer, start: number, end: number): number {
  if (end - start < 20) return Number.NaN;
  const at19 = bytes[start + 19];
  if (bytes[start + 10] !== 84 /* T */ || bytes[end - 1] !== 90 /* Z */ || at19 === 43 || at19 === 45) return Number.NaN;
  const year = digits(bytes, start, 4);
  const month = digits(bytes, start + 5, 2);
  const day = digits(bytes, start + 8, 2);
  const hours = digits(bytes, start + 11, 2);
  const minutes = digits(bytes, start + 14, 2);
  const seconds = digits(bytes, start + 17, 2);
  let fraction = 0;
  if (end - start > 21 && at19 === 46 /* . */) {
    // As timestamps.ts's fractionMs: the same sums in the same order give the same double.
    let scale = 1000;
    for (let i = start + 20; i < end - 1; i++) {
      const d = bytes[i]! - 48;
      if (d < 0 || d > 9) return Number.NaN;
      scale /= 10;
      fraction += d * scale;
    }
  }
  if (month >= 1 && month <= 12 && day >= 1 && day <= 31 && hours < 24 && minutes < 60 && seconds < 60 && !Number.isNaN(year)) {
    return dayMs(year, month, day) + ((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction;
  }
  return Number.NaN;
}

const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * secondsToMs over bytes: `-`, `-1` and `` are -1; plain `123.456` (15 digits at most) is exact as
 * digits ÷ 10^decimals (two exact doubles, one rounding: the double Number() reads); NaN otherwise.
 */
export function secondsMsAt(bytes: Buffer, start: number, end: number): number {
  const length = end - start;
  if (length === 0 || (length === 1 && bytes[start] === 45) || (length === 2 && bytes[start] === 45 && bytes[start + 1] === 49)) return -1;
  let value = 0;
  let count = 0;
  let dot = -1;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c === 46 && dot < 0) {
      dot = i;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
    count++;
  }
  if (count === 0 || count > 15) return Number.NaN;
  return (value / POWERS_OF_TEN[dot < 0 ? 0 : end - dot - 1]!) * 1000;
}

/**
 * The kind of the request line `METHOD TARGET PROTOCOL` in [start, end) as splitRequestLine and
 * pathOf read it (no scheme or host, no query, a leading slash); -1 when it is not a request line.
 */
export function kindAt(bytes: Buffer, start: number, end: number, kinds: KindTable): number {
  let firstSpace = start;
  while (firstSpace < end && bytes[firstSpace] !== 32) firstSpace++;
  if (firstSpace === end || firstSpace === start) return -1;
  let slash = true;
  let pathStart = 0;
  let pathEnd = 0;
  if (!(firstSpace - start === 1 && bytes[start] === 45 /* - */)) {
    const targetStart = firstSpace + 1;
    let targetEnd = targetStart;
    while (targetEnd < end && bytes[targetEnd] !== 32) targetEnd++;
    pathStart = targetStart;
    let scheme = targetStart;
    while (scheme + 2 < targetEnd && !(bytes[scheme] === 58 && bytes[scheme + 1] === 47 && bytes[scheme + 2] === 47)) scheme++;
    if (scheme + 2 < targetEnd) {
      pathStart = scheme + 3;
      while (pathStart < targetEnd && bytes[pathStart] !== 47) pathStart++;
    }
    if (pathStart < targetEnd) {
      pathEnd = pathStart;
      while (pathEnd < targetEnd && bytes[pathEnd] !== 63 /* ? */) pathEnd++;
      slash = pathEnd === pathStart || bytes[pathStart] !== 47;
    } else pathStart = pathEnd = 0; // a scheme without a path, or an empty target: '/'
  }
  return kinds.indexOfBytes(bytes, start, firstSpace, slash, pathStart, pathEnd, hashKindBytes(bytes, start, firstSpace, slash, pathStart, pathEnd));
}

/** The client id of `address:port` in [start, end) as the feed computes it from hostOf's text; -1 for `-` or no address. */
export function clientAt(bytes: Buffer, start: number, end: number): number {
  if (end - start === 1 && bytes[start] === 45) return -1;
  let hostEnd = end - 1;
  while (hostEnd >= start && bytes[hostEnd] !== 58 /* : */) hostEnd--;
  if (hostEnd < start) hostEnd = end;
  if (hostEnd === start) return -1;
  let h = 0x811c9dc5;
  for (let i = start; i < hostEnd; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return mix32(h) % REPLAY_CLIENT_IDS;
}
