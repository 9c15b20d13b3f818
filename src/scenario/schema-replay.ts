// `Traffic.Replay` (arrivals read from access logs) as a zod schema, its cross-field rules, and the
// `ServiceTime: "FromLog"` shorthand. The files themselves are read outside the core (src/replay/).

import { z } from 'zod';
import { REPLAY_FORMATS } from '../model/config.js';
import { parseDurationMs } from './duration.js';
import type { JsonPath } from './errors.js';
import type { Findings, Rule } from './findings.js';
import { parseIsoInstantMs } from './instant.js';
import { duration, list, nonEmptyString, numberWhere, object, oneOf, refined } from './schema-parts.js';

export const MAX_REPLAY_SPEED = 1000;
export const MAX_REORDER_WINDOW_MS = 10 * 60_000;
const BOUND_TEXT = 'an ISO 8601 instant with a zone ("2026-03-01T10:00:00Z") or a duration from the log\'s first request';

/** An instant (From/To) or an offset: which one, in milliseconds; null when it is neither. */
export function replayBound(value: unknown): { epochMs: number } | { offsetMs: number } | null {
  if (typeof value === 'string' && /^\d{4}-/.test(value)) {
    const epochMs = parseIsoInstantMs(value);
    return epochMs === null ? null : { epochMs };
  }
  const offsetMs = parseDurationMs(value);
  return offsetMs === null ? null : { offsetMs };
}

const bound = refined(z.union([z.number(), z.string()], { error: BOUND_TEXT }), BOUND_TEXT, (value) =>
  replayBound(value) === null ? (typeof value === 'string' && /^\d{4}-/.test(value) ? 'not a real instant with a zone' : 'not an instant or a duration') : null,
);

const logFile = nonEmptyString('a log file, relative to the scenario file');

export const replaySchema = object({
  File: z.union([logFile, list(logFile, 'a list of log files in time order', 1)], { error: 'a log file or a list of log files' }),
  Format: oneOf(REPLAY_FORMATS, 'log format'),
  LogFormat: nonEmptyString('an nginx log_format string, e.g. "$remote_addr [$time_local] \\"$request\\" $status $request_time"').optional(),
  From: bound.optional(),
  To: bound.optional(),
  Speed: numberWhere(`a number > 0 and ≤ ${MAX_REPLAY_SPEED}`, (n) => n > 0 && n <= MAX_REPLAY_SPEED).optional(),
  ReorderWindow: duration('a duration ≥ 0 and ≤ 10m', (ms) => ms >= 0 && ms <= MAX_REORDER_WINDOW_MS).optional(),
});

/** Drawn-traffic keys a replay has no use for: the log gives arrivals, paths and clients. */
const DRAWN_TRAFFIC_KEYS = ['Rate', 'Arrival', 'Pattern', 'Requests', 'Clients'] as const;

/** Replay's own rules: LogFormat only for nginx, From before To, and no drawn-traffic keys beside it. */
export const replayRule: Rule = (f) => {
  const base = ['Traffic', 'Replay'];
  if (!f.has(base)) return;
  for (const key of DRAWN_TRAFFIC_KEYS) {
    if (f.has(['Traffic', key])) f.add({ path: ['Traffic', key], message: 'not used with Replay: the log gives the arrivals', anchor: 'key' });
  }
  const logFormat = [...base, 'LogFormat'];
  if (f.has(logFormat) && f.usable([...base, 'Format']) && f.at([...base, 'Format']) !== 'nginx') {
    f.add({ path: logFormat, message: 'only the nginx format takes a LogFormat', anchor: 'key' });
  } else if (f.has(logFormat) && f.clean(logFormat)) {
    logFormatRule(f, logFormat);
  }
  boundOrderRule(f, [...base, 'From'], [...base, 'To']);
};

/** A replay needs each line's time and request: the format must log them as whole fields. */
function logFormatRule(f: Findings, path: JsonPath): void {
  const format = String(f.at(path));
  const has = (name: string) => new RegExp(`(^|[\\s"\\[])\\$${name}($|[\\s"\\]])`).test(format);
  const missing = [
    ['time_local', 'time_iso8601', 'msec'].some(has) ? null : '$time_local, $time_iso8601 or $msec',
    ['request', 'request_uri', 'uri'].some(has) ? null : '$request, $request_uri or $uri',
  ].filter((text) => text !== null);
  if (missing.length > 0) f.withActual(path, { message: `no ${missing.join(' and no ')} as a field of its own`, anchor: 'value', expected: 'a log_format with the request\'s time and request' });
}

function boundOrderRule(f: Findings, fromPath: JsonPath, toPath: JsonPath): void {
  if (!f.has(fromPath) || !f.has(toPath) || !f.clean(fromPath) || !f.clean(toPath)) return;
  const [from, to] = [replayBound(f.at(fromPath)), replayBound(f.at(toPath))];
  if (from === null || to === null) return;
  if ('epochMs' in from !== 'epochMs' in to) {
    f.withActual(toPath, { message: 'give From and To the same way: both instants or both durations', anchor: 'value' });
    return;
  }
  const [a, b] = 'epochMs' in from ? [from.epochMs, (to as { epochMs: number }).epochMs] : [from.offsetMs, (to as { offsetMs: number }).offsetMs];
  if (b <= a) f.withActual(toPath, { message: 'must be after From', anchor: 'value', expected: `> ${JSON.stringify(f.at(fromPath))}` });
}

/** `ServiceTime: "FromLog"` is `{"FromLog": true}` with the default distribution for requests the log gives no time. */
export function expandServiceTimeShorthand(raw: unknown): unknown {
  if (!isRecord(raw) || !Array.isArray(raw['Instances'])) return raw;
  const instances = raw['Instances'] as unknown[];
  if (!instances.some((entry) => isRecord(entry) && entry['ServiceTime'] === 'FromLog')) return raw;
  return {
    ...raw,
    Instances: instances.map((entry) => (isRecord(entry) && entry['ServiceTime'] === 'FromLog' ? { ...entry, ServiceTime: { FromLog: true } } : entry)),
  };
}

/** FromLog reads the replayed log: without Traffic.Replay there is none. */
export const fromLogRule: Rule = (f) => {
  if (f.has(['Traffic', 'Replay'])) return;
  f.list(['Instances']).forEach((_, i) => {
    const path = ['Instances', i, 'ServiceTime', 'FromLog'];
    if (f.at(path) === true) f.add({ path: ['Instances', i, 'ServiceTime'], message: 'FromLog needs Traffic.Replay: only a replayed log gives service times', anchor: 'value' });
  });
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
