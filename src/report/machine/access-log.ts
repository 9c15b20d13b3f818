// Classic ELB access-log lines (lb-semantics.md §1.4) from `request` events. Synthetic where the
// model has no data: client addresses come from the request id, byte counts are 0 (not modelled).
// Timestamps are formatted by arithmetic so this layer stays free of the wall-clock API.

import type { RequestEvent } from '../../model/run/events.js';
import type { BalancerConfig, ListenerConfig } from '../../model/config.js';

export interface AccessLogContext {
  loadBalancerName: string;
  /** The first listener: its port and protocol stand for every request (the model has one front end). */
  listener: ListenerConfig;
  /** Epoch milliseconds (UTC) that simulated time 0 maps to. */
  startEpochMs: number;
}

export function accessLogContext(balancer: BalancerConfig, startEpochMs: number): AccessLogContext {
  const listener = balancer.listeners[0];
  if (!listener) throw new Error('a balancer needs at least one listener');
  return { loadBalancerName: balancer.name, listener, startEpochMs };
}

/** What CLB logs for a negotiated TLS front end; a fixed, plausible pair (the model has no TLS). */
const SSL_FIELDS = 'ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2';

/**
 * One access-log line, without the newline. The timestamp is when the balancer received the
 * request (start + `arrival`), as AWS documents it; lines are written as requests finish, so, as
 * in real CLB logs, a slow request's line comes after lines with later timestamps.
 */
export function formatAccessLogLine(event: RequestEvent, context: AccessLogContext): string {
  const { listener } = context;
  const http = listener.protocol === 'HTTP' || listener.protocol === 'HTTPS';
  const tls = listener.protocol === 'HTTPS' || listener.protocol === 'SSL';
  const scheme = listener.protocol === 'HTTPS' ? 'https' : 'http';
  const name = token(context.loadBalancerName);
  return [
    accessLogTimestamp(context.startEpochMs, event.arrival),
    name,
    clientAddress(event.request),
    backendField(event, listener.instancePort),
    timingFields(event),
    // TCP/SSL listeners log no HTTP status codes (§1.4).
    http ? String(event.status) : '-',
    http ? (event.backendStatus === null ? '-' : String(event.backendStatus)) : '-',
    '0', // received_bytes: not modelled
    '0', // sent_bytes: not modelled
    http ? `"${token(event.method)} ${scheme}://${name}:${listener.loadBalancerPort}${token(event.path)} HTTP/1.1"` : '"- - - "',
    http ? '"lbsim"' : '"-"',
    tls ? SSL_FIELDS : '- -',
  ].join(' ');
}

/**
 * `instance:port` when the request reached an instance that answered; `-` when CLB could not send it
 * (no instance, connection refused or timed out) or the instance closed the connection first
 * (UpstreamReset, KeepAliveRace). For ResponseTimeout AWS says the field "can also be" `-`: we write
 * `-`. §1.4 lists no `-` case for a malformed response, which did reach an instance: we name it.
 */
function backendField(event: RequestEvent, instancePort: number): string {
  if (event.instance === null) return '-';
  return event.reason === null || event.reason === 'MalformedResponse' ? `${event.instance}:${instancePort}` : '-';
}

/**
 * request, backend and response processing times. The model has no balancer-side latency, so the
 * balancer's own two are 0 and the backend's is the whole latency. Gateway errors write `-1 -1 -1`:
 * AWS documents -1 when the request could not be dispatched, and says they "can also be" -1 after
 * an idle timeout; we always write -1 there, and for the undocumented malformed-response case.
 */
function timingFields(event: RequestEvent): string {
  if (event.reason !== null) return '-1 -1 -1';
  return `0.000000 ${event.latency.toFixed(6)} 0.000000`;
}

/**
 * A synthetic, deterministic client address: the low 16 bits of the request id give `10.0.x.y`,
 * the bits above give the port (1024 and up), so ids below 2^16 × 64,512 never share an address.
 */
export function clientAddress(requestId: number): string {
  const host = requestId % 65536;
  const port = 1024 + (Math.floor(requestId / 65536) % 64512);
  return `10.0.${host >>> 8}.${host & 0xff}:${port}`;
}

/** A value safe inside a space-separated, quoted log line: whitespace, quotes and controls percent-encoded. */
function token(value: string): string {
  return value.replace(/[\s"\\\u0000-\u001f\u007f]/g, (c) => encodeURIComponent(c));
}

/** `start + t` as ISO 8601 with microseconds; `t` is seconds already rounded to the microsecond. */
export function accessLogTimestamp(startEpochMs: number, tSeconds: number): string {
  const micros = Math.round(tSeconds * 1e6);
  const wholeMs = Math.floor(micros / 1000);
  // Split before adding so epoch microseconds never need more than 2^53.
  return formatIsoMicros(startEpochMs + wholeMs, micros - wholeMs * 1000);
}

const MS_PER_DAY = 86_400_000;

/**
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ` for an integer epoch-milliseconds instant plus 0–999 microseconds.
 * Years outside 0–9999 use the expanded form (`+010000`, `-000001`), as ISO 8601 and JavaScript do.
 */
export function formatIsoMicros(epochMs: number, extraMicros = 0): string {
  const days = Math.floor(epochMs / MS_PER_DAY);
  const msOfDay = epochMs - days * MS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const hours = Math.floor(msOfDay / 3_600_000);
  const minutes = Math.floor((msOfDay % 3_600_000) / 60_000);
  const seconds = Math.floor((msOfDay % 60_000) / 1000);
  const fraction = (msOfDay % 1000) * 1000 + extraMicros;
  const yearText = year >= 0 && year <= 9999 ? pad(year, 4) : (year < 0 ? '-' : '+') + pad(Math.abs(year), 6);
  return `${yearText}-${pad(month, 2)}-${pad(day, 2)}T${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(fraction, 6)}Z`;
}

/**
 * Proleptic Gregorian year, month (1–12) and day (1–31) of a count of days since 1970-01-01, by
 * Howard Hinnant's civil_from_days: shift to years starting 1 March (the leap day comes last), then
 * split into 400-year eras of 146,097 days.
 */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
