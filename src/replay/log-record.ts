// What a parser makes of one access-log line: when the request arrived, what it asked for, who sent
// it and how long the instance took. Parsers return a record or the reason the line is not one.

export interface LogRecord {
  /** When the balancer received the request: epoch milliseconds for dated logs, seconds × 1000 from 0 for lbsim's event log. */
  timeMs: number;
  method: string;
  /** The path without scheme, host or query string. */
  path: string;
  /** The client's address without its port; '' when the log has none. */
  client: string;
  /** The instance's processing time; -1 when the balancer answered the request itself (no backend time). */
  serviceMs: number;
}

/** A line that is no request at all (a comment, an event other than a request): skipped, not counted as bad. */
export const NOT_A_REQUEST = null;

export type ParsedLine = LogRecord | string | typeof NOT_A_REQUEST;

export type LineParser = (line: string) => ParsedLine;

/** `GET http://host:80/a/b?x=1 HTTP/1.1` → method and `/a/b`; null when it is not a request line. */
export function splitRequestLine(request: string): { method: string; path: string } | null {
  const firstSpace = request.indexOf(' ');
  if (firstSpace <= 0) return null;
  const method = request.slice(0, firstSpace);
  const secondSpace = request.indexOf(' ', firstSpace + 1);
  const target = request.slice(firstSpace + 1, secondSpace < 0 ? request.length : secondSpace);
  if (method === '-') return { method: '-', path: '/' };
  return { method, path: pathOf(target) };
}

/** The path of an absolute URL or an origin-form target, without its query string. */
export function pathOf(target: string): string {
  let start = 0;
  const scheme = target.indexOf('://');
  if (scheme >= 0) {
    const slash = target.indexOf('/', scheme + 3);
    if (slash < 0) return '/';
    start = slash;
  }
  const query = target.indexOf('?', start);
  const path = target.slice(start, query < 0 ? target.length : query);
  return path.startsWith('/') ? path : `/${path}`;
}

/** `10.0.0.1:4321` → `10.0.0.1`; IPv6 keeps its colons (the port is after the last one). */
export function hostOf(address: string): string {
  if (address === '-') return '';
  const colon = address.lastIndexOf(':');
  return colon < 0 ? address : address.slice(0, colon);
}

/** Seconds as a log writes them (`0.048`) in milliseconds; -1 for `-1`, `-` and anything negative. */
export function secondsToMs(text: string): number {
  if (text === '-' || text === '') return -1;
  const seconds = Number(text);
  if (!Number.isFinite(seconds)) return Number.NaN;
  return seconds < 0 ? -1 : seconds * 1000;
}
