// lbsim's own output replayed: `--access-log` lines (Classic ELB format, time 0 at
// --access-log-start) or `--events` NDJSON, whose `request` events (with --log-requests) give the
// arrival and latency in simulated seconds from 0. Other events are not requests and are skipped.

import type { ParsedLine } from '../log-record.js';
import { parseClbLine } from './aws.js';

interface RequestEventFields {
  type?: unknown;
  arrival?: unknown;
  latency?: unknown;
  reason?: unknown;
  method?: unknown;
  path?: unknown;
}

export function parseLbsimLine(line: string): ParsedLine {
  if (!line.startsWith('{')) return parseClbLine(line);
  let event: RequestEventFields;
  try {
    event = JSON.parse(line) as RequestEventFields;
  } catch {
    return 'not JSON (an --events line) nor an access-log line';
  }
  if (event.type !== 'request') return null;
  if (typeof event.arrival !== 'number' || typeof event.latency !== 'number') return 'a request event without numeric "arrival" and "latency"';
  return {
    timeMs: event.arrival * 1000,
    method: typeof event.method === 'string' ? event.method : 'GET',
    path: typeof event.path === 'string' ? event.path : '/',
    client: '',
    // An answer from an instance (no gateway-error reason) took the whole latency there.
    serviceMs: event.reason === null ? event.latency * 1000 : -1,
  };
}
