// One work unit of test, sweep and compare: a scenario at one seed, reduced to the numbers at its
// metric paths. Worker threads and the single-job path both call this, so they give the same numbers.

import { performance } from 'node:perf_hooks';
import { metricValue } from '../../report/machine/expectations.js';
import { toJsonSummary } from '../../report/machine/summary-json.js';
import { parseScenarioText } from '../../scenario/load.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import { runScenario } from '../../replay/run-replay.js';

/** A scenario as text (validated already) and the summary paths to read from each of its runs. */
export interface UnitSource {
  file: string;
  text: string;
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
  private readonly scenarios = new Map<number, ResolvedScenario>();

  constructor(private readonly sources: readonly UnitSource[]) {}

  /** Asynchronous for a replay, which reads its log as it runs; a simulated run finishes at once. */
  async evaluate(task: UnitTask): Promise<UnitOutcome> {
    const started = performance.now();
    const source = this.sources[task.source];
    if (source === undefined) throw new Error(`no unit source ${task.source}`);
    const { result } = await runScenario({ ...this.scenario(task.source, source), seed: task.seed });
    const summary = toJsonSummary(result) as unknown as Record<string, unknown>;
    // NaN (a mean over no responses) would print as null in JSON anyway: make it null everywhere.
    const values = source.metrics.map((metric) => {
      const value = metricValue(summary, metric);
      return value !== null && Number.isFinite(value) ? value : null;
    });
    return { values, ms: performance.now() - started };
  }

  /** Parsed once per thread: a sweep sends each grid point many seeds. */
  private scenario(index: number, source: UnitSource): ResolvedScenario {
    let scenario = this.scenarios.get(index);
    if (scenario === undefined) {
      const loaded = parseScenarioText(source.text, source.file);
      // The command validated every source before any unit ran: failing here is a bug, not input.
      if (!loaded.ok) throw new Error(`${source.file}: a validated scenario failed to load: ${loaded.errors[0]?.message ?? ''}`);
      scenario = loaded.scenario;
      this.scenarios.set(index, scenario);
    }
    return scenario;
  }
}
