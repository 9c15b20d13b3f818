// nginx access logs: `combined` followed by `$request_time $upstream_response_time` unless the
// scenario gives the `log_format` string. nginx writes a line when the request ends, so arrival is
// the logged time minus $request_time; the instance's time is the last $upstream_response_time
// ("-": nginx answered itself, e.g. 502 with no live upstream).

import { splitFields } from '../fields.js';
import { pathOf, secondsToMs, splitRequestLine, type LineParser, type ParsedLine } from '../log-record.js';
import { parseClfTimestamp, parseIsoTimestamp } from '../timestamps.js';

export const DEFAULT_NGINX_LOG_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_response_time';

/** Where each variable this reader uses sits among a line's fields. */
interface FieldMap {
  count: number;
  position: Map<string, number>;
}

const TIME_VARIABLES = ['$time_local', '$time_iso8601', '$msec'];

/** The positions of whole-field variables in a log_format; a field mixing text and variables is skipped. */
export function compileLogFormat(format: string): FieldMap | string {
  const fields = splitFields(format);
  const position = new Map<string, number>();
  fields.forEach((field, i) => {
    if (/^\$[a-z_0-9]+$/.test(field)) position.set(field, i);
  });
  if (!TIME_VARIABLES.some((name) => position.has(name))) return 'the log format has no $time_local, $time_iso8601 or $msec field';
  if (!position.has('$request') && !position.has('$request_uri') && !position.has('$uri')) return 'the log format has no $request, $request_uri or $uri field';
  return { count: fields.length, position };
}

function timeOf(fields: string[], map: FieldMap): number {
  const at = (name: string) => fields[map.position.get(name) ?? -1];
  const local = at('$time_local');
  if (local !== undefined) return parseClfTimestamp(local);
  const iso = at('$time_iso8601');
  if (iso !== undefined) return parseIsoTimestamp(iso);
  const msec = at('$msec');
  return msec === undefined ? Number.NaN : Number(msec) * 1000;
}

/** `$upstream_*` lists are written "0.002, 0.248": one field, not two. */
function joinLists(fields: string[]): string[] {
  if (!fields.some((field) => field.endsWith(','))) return fields;
  const joined: string[] = [];
  for (const field of fields) {
    const last = joined.length - 1;
    if (last >= 0 && joined[last]!.endsWith(',')) joined[last] += ` ${field}`;
    else joined.push(field);
  }
  return joined;
}

/** The parser for one log_format (already checked by compileLogFormat). */
export function nginxParser(format: string | null): LineParser {
  const compiled = compileLogFormat(format ?? DEFAULT_NGINX_LOG_FORMAT);
  if (typeof compiled === 'string') throw new Error(`nginx log format: ${compiled}`);
  const map = compiled;
  const at = (fields: string[], name: string) => fields[map.position.get(name) ?? -1];
  return (line: string): ParsedLine => {
    const fields = joinLists(splitFields(line));
    if (fields.length < map.count) return `expected ${map.count} fields (the log format), found ${fields.length}`;
    const endMs = timeOf(fields, map);
    if (Number.isNaN(endMs)) return 'the time field is not a time';
    const totalText = at(fields, '$request_time');
    const totalMs = totalText === undefined ? 0 : secondsToMs(totalText);
    if (Number.isNaN(totalMs)) return `$request_time: not a number: ${JSON.stringify(totalText)}`;
    const upstream = at(fields, '$upstream_response_time');
    // Several upstreams tried: "0.002, 0.012" (or "x : y" across upstream groups); the last one answered.
    const serviceMs = upstream === undefined ? -1 : secondsToMs(upstream.split(/[,:]/).pop()!.trim());
    if (Number.isNaN(serviceMs)) return `$upstream_response_time: not a number: ${JSON.stringify(upstream)}`;
    const requestText = at(fields, '$request');
    const request = requestText !== undefined ? splitRequestLine(requestText) : { method: at(fields, '$request_method') ?? 'GET', path: pathOf(at(fields, '$request_uri') ?? at(fields, '$uri') ?? '/') };
    if (request === null) return `$request: not "METHOD URI PROTOCOL": ${JSON.stringify(requestText)}`;
    return { timeMs: endMs - Math.max(0, totalMs), method: request.method, path: request.path, client: at(fields, '$remote_addr') ?? '', serviceMs };
  };
}
