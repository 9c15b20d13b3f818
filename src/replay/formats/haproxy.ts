// HAProxy `option httplog` lines, with or without the syslog prefix:
// `client:port [request date] frontend backend/server TR/Tw/Tc/Tr/Ta status bytes ... "GET /path HTTP/1.1"`.
// The date is when the request began (HAProxy ≥ 1.9's %tr; older: the accept date), with no zone: read as UTC.
// The instance's time is Tr (until the server's response headers); -1 when no server answered.

import { splitFields } from '../fields.js';
import { hostOf, splitRequestLine, type ParsedLine } from '../log-record.js';
import { parseClfTimestamp } from '../timestamps.js';

const CLIENT = /^[0-9a-fA-F.:]+:\d+$/;
const TIMERS = /^(-?\d+)\/(-?\d+)\/(-?\d+)\/(-?\d+)\/\+?(-?\d+)$/;

export function parseHaproxyLine(line: string): ParsedLine {
  const fields = splitFields(line);
  // The syslog prefix varies (date, host, process[pid]:): start at the client address before a [date].
  let at = 0;
  while (at < fields.length - 1 && !(CLIENT.test(fields[at]!) && !Number.isNaN(parseClfTimestamp(fields[at + 1]!)))) at++;
  if (at >= fields.length - 1) return 'no "client:port [date]" pair (HAProxy httplog)';
  const timeMs = parseClfTimestamp(fields[at + 1]!);
  const server = fields[at + 3] ?? '';
  const timers = TIMERS.exec(fields[at + 4] ?? '');
  if (timers === null) return `expected the timers TR/Tw/Tc/Tr/Ta after ${JSON.stringify(server)}, found ${JSON.stringify(fields[at + 4] ?? '')}`;
  const connectMs = Number(timers[3]);
  const responseMs = Number(timers[4]);
  const noServer = server.endsWith('<NOSRV>') || connectMs < 0 || responseMs < 0;
  // The request is the last field ("%{+Q}r" ends httplog's format).
  const requestText = fields[fields.length - 1]!;
  const request = requestText === '<BADREQ>' ? { method: '-', path: '/' } : splitRequestLine(requestText);
  if (request === null) return `no "METHOD URI PROTOCOL" request field, found ${JSON.stringify(requestText)}`;
  return { timeMs, method: request.method, path: request.path, client: hostOf(fields[at]!), serviceMs: noServer ? -1 : responseMs };
}
