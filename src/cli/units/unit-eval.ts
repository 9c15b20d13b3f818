// One work unit of test, sweep and compare: a scenario at one seed, reduced to the numbers at its
// metric paths. Worker threads and the single-job path both call this, so they give the same numbers.

import { performance } from 'node:perf_hooks';
import { metricValue } from '../../report/machine/expectations.js';
import { toJsonSummary } from '../../report/machine/summary-json.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import { runScenario } from '../../replay/run-replay.js';

/**
 * A scenario the command has validated and resolved, and the summary paths to read from each of its
 * runs. It is plain data, so a worker thread receives a structured clone once, at its start, and
 * never parses a scenario (nor loads the parser and its schema library).
 */
export interface UnitSource {
  file: string;
  scenario: ResolvedScenario;
  metrics: string[];
}

export interface UnitTask {
  /** Index into the sources. */
  source: number;
  seed: number;
}

export interface UnitOutcome {
  /** One per metric of the source; null where the path names nothing in this run. */
  values: (number | null)[];
  /** Wall time of the run, for JUnit timings; never part of a result that must be reproducible. */
  ms: number;
}

export class UnitEvaluator {
  constructor(private readonly sources: readonly UnitSource[]) {}

  /** Asynchronous for a replay, which reads its log as it runs; a simulated run finishes at once. */
  async evaluate(task: UnitTask): Promise<UnitOutcome> {
    const started = performance.now();
    const source = this.sources[task.source];
    if (source === undefined) throw new Error(`no unit source ${task.source}`);
    const { result } = await runScenario({ ...source.scenario, seed: task.seed });
    const summary = toJsonSummary(result) as unknown as Record<string, unknown>;
    // NaN (a mean over no responses) would print as null in JSON anyway: make it null everywhere.
    const values = source.metrics.map((metric) => {
      const value = metricValue(summary, metric);
      return value !== null && Number.isFinite(value) ? value : null;
    });
    return { values, ms: performance.now() - started };
  }
}
