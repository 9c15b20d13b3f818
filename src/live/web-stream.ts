// The web app's streaming run: the simulation runs in slices with a turn of the event loop between
// them, so each slice's progress line is flushed to the page (and other requests are served) while
// it runs. Answers NDJSON: `progress` lines, then one `result` line (or an `error` line if it failed).

import { setImmediate as nextTurn } from 'node:timers/promises';
import { runScenarioInSlices, type Checked } from './web-run.js';

export const NDJSON = 'application/x-ndjson';

export type StreamLine =
  | { type: 'progress'; simulated: number; total: number }
  | { type: 'result'; summary: unknown }
  | { type: 'error'; message: string };

const line = (value: StreamLine): string => `${JSON.stringify(value)}\n`;

/** Seconds, as the JSON summary gives times. */
const seconds = (ms: number): number => ms / 1000;

/**
 * The NDJSON lines of one run of a checked scenario. Stopping the iteration (the client went away)
 * stops the simulation at the next slice.
 */
export async function* streamRun(checked: Extract<Checked, { ok: true }>): AsyncGenerator<string, void, void> {
  const run = runScenarioInSlices(checked, null);
  try {
    for (;;) {
      const step = run.next();
      if (step.done === true) {
        yield line({ type: 'result', summary: step.value.summary });
        return;
      }
      yield line({ type: 'progress', simulated: seconds(step.value.simulatedMs), total: seconds(step.value.totalMs) });
      await nextTurn();
    }
  } catch (error) {
    yield line({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
