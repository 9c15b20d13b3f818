// The web app's streaming run: the simulation runs in slices with a turn of the event loop between
// them, so each slice's progress line is flushed to the page (and other requests are served) while
// it runs. Answers NDJSON: `progress` lines, then one `result` line (or an `error` line if it failed).

import { setImmediate as nextTurn } from 'node:timers/promises';
import { RUN_SLICES, RunTimedOut, type RunSlot } from './web-limits.js';
import { runScenarioInSlices, type Checked, type WebRun } from './web-run.js';

export const NDJSON = 'application/x-ndjson';

export type StreamLine =
  | { type: 'progress'; simulated: number; total: number }
  | { type: 'result'; summary: unknown }
  | { type: 'error'; message: string };

const line = (value: StreamLine): string => `${JSON.stringify(value)}\n`;

/** Seconds, as the JSON summary gives times. */
const seconds = (ms: number): number => ms / 1000;

/**
 * The NDJSON lines of one run of a checked scenario, within `slot`'s time. Stopping the iteration (the
 * client went away) stops the simulation at the next slice; the slot is free before the last line is sent.
 */
export async function* streamRun(checked: Extract<Checked, { ok: true }>, slot: RunSlot): AsyncGenerator<string, void, void> {
  const run = runScenarioInSlices(checked, null, RUN_SLICES);
  let last: StreamLine;
  try {
    for (;;) {
      const step = run.next();
      if (step.done === true) {
        last = { type: 'result', summary: (step.value satisfies WebRun).summary };
        break;
      }
      yield line({ type: 'progress', simulated: seconds(step.value.simulatedMs), total: seconds(step.value.totalMs) });
      if (slot.expired()) throw new RunTimedOut(slot.timeoutMs);
      await nextTurn();
    }
  } catch (error) {
    last = { type: 'error', message: error instanceof Error ? error.message : String(error) };
  } finally {
    slot.end();
  }
  yield line(last);
}
