// Reduces each measurement's runs to medians and prints them as the benchmark's main table.

import type { RunReport } from './children.js';
import { fixed, integer, table } from './format.js';
import type { Measurement } from './plan.js';

export interface Summary {
  measurement: Measurement;
  runs: RunReport[];
  requests: number;
  wallS: number;
  requestsPerS: number;
  eventsPerS: number;
  peakRssMiB: number;
  meanLatencyMs: number;
  /** Median setup-only seconds (simulator runs; see WorkerReport.setupS). */
  setupS?: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function summarise(measurement: Measurement, runs: RunReport[]): Summary {
  return {
    measurement,
    runs,
    requests: median(runs.map((run) => run.requests)),
    wallS: median(runs.map((run) => run.wallS)),
    requestsPerS: median(runs.map((run) => run.requests / run.wallS)),
    eventsPerS: median(runs.map((run) => run.eventsExecuted / run.wallS)),
    peakRssMiB: median(runs.map((run) => run.peakRssMiB)),
    meanLatencyMs: median(runs.map((run) => run.meanLatencyMs)),
    ...(runs.every((run) => run.setupS !== undefined) ? { setupS: median(runs.map((run) => run.setupS!)) } : {}),
  };
}

/** Measurements with no successful run get no summary, so every later section skips them. */
export function summariseAll(measured: Measurement[], runs: Map<string, RunReport[]>): Map<string, Summary> {
  const summaries = new Map<string, Summary>();
  for (const m of measured) {
    const done = runs.get(m.label)!;
    if (done.length > 0) summaries.set(m.label, summarise(m, done));
  }
  return summaries;
}

export function printMedians(summaries: Map<string, Summary>, roundCount: number): void {
  console.log(`Medians of ${roundCount} run(s):`);
  console.log(
    table(
      ['workload', 'simulated', 'requests', 'wall s', 'req/wall-s', 'events/wall-s', 'peak RSS MiB', 'mean latency ms'],
      [...summaries.values()].map((s) => [
        s.measurement.label,
        `${integer.format(s.measurement.durationS)} s`,
        integer.format(s.requests),
        fixed(s.wallS, 2),
        integer.format(s.requestsPerS),
        s.eventsPerS > 0 ? integer.format(s.eventsPerS) : 'n/a',
        fixed(s.peakRssMiB, 1),
        fixed(s.meanLatencyMs, 3),
      ]),
      [false, true, true, true, true, true, true, true],
    ),
  );
  console.log('');
}
