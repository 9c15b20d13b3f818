// The NDJSON event log encoding: one event per line, keys in the order the event was built
// (`t` then `type` first), so the same run always gives the same bytes.

import type { SimEvent } from '../../model/run/events.js';

export function encodeEvent(event: SimEvent): string {
  return JSON.stringify(event);
}
