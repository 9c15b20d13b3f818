// `--access-log FILE`: Classic ELB access-log lines, one per finished request, written as the run
// goes; and `--access-log-start`, the wall-clock instant simulated time 0 maps to.

import type { RequestEvent } from '../../model/run/events.js';
import type { BalancerConfig } from '../../model/config.js';
import { accessLogContext, formatAccessLogLine, type AccessLogContext } from '../../report/machine/access-log.js';
import { UsageError } from '../exit-codes.js';
import { LineFile } from './line-file.js';

export const DEFAULT_ACCESS_LOG_START = '2026-01-01T00:00:00Z';

export class AccessLogFile {
  private readonly file: LineFile;
  private readonly context: AccessLogContext;

  /** Opens (and truncates) the file now: a bad path is exit 2 before the run starts. */
  constructor(path: string, balancer: BalancerConfig, startEpochMs: number) {
    this.context = accessLogContext(balancer, startEpochMs);
    this.file = new LineFile(path, '--access-log');
  }

  write(event: RequestEvent): void {
    this.file.writeLine(formatAccessLogLine(event, this.context));
  }

  close(): void {
    this.file.close();
  }
}

// A date, or a date and time with an explicit zone: without one, parsing would use the machine's
// time zone and the same command would write different logs on different machines.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** The last instant whose year still has four digits, as access-log readers expect. */
const LAST_EPOCH_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const FIRST_EPOCH_MS = utcMidnight(0, 1, 1).getTime();

/** Epoch milliseconds of an ISO 8601 instant; usage error (exit 2) unless it is a real one whose run ends by year 9999. */
export function parseAccessLogStart(value: string, durationMs: number): number {
  const epochMs = parseIsoInstant(value);
  if (epochMs === null) {
    throw new UsageError(
      `--access-log-start: expected an ISO 8601 time such as "${DEFAULT_ACCESS_LOG_START}" (a date, or a date and time ending in Z or an offset like +02:00), got "${value}"`,
    );
  }
  if (epochMs < FIRST_EPOCH_MS || epochMs + durationMs > LAST_EPOCH_MS) {
    throw new UsageError(`--access-log-start: out of range (the run must fall between year 0000 and 9999), got "${value}"`);
  }
  return epochMs;
}

function parseIsoInstant(value: string): number | null {
  const match = ISO_INSTANT.exec(value);
  if (!match) return null;
  const [year, month, day, hours = 0, minutes = 0, seconds = 0] = match.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)));
  const ms = match[7] === undefined ? 0 : Number(match[7].padEnd(3, '0'));
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const offsetMinutes = zoneOffsetMinutes(match[8]);
  if (offsetMinutes === null) return null;
  const date = utcMidnight(year!, month!, day!);
  date.setUTCHours(hours, minutes, seconds, ms);
  // A day past the month's end (February 30) rolls over: the fields no longer match.
  if (date.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day) return null;
  return date.getTime() - offsetMinutes * 60_000;
}

/** setUTCFullYear, not Date.UTC, which maps years 0–99 to 1900–1999. `month` is 1–12. */
function utcMidnight(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/** Minutes east of UTC for `Z`, `+hh:mm` or `-hh:mm` (no zone: a date alone, which ISO reads as UTC). */
function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}
