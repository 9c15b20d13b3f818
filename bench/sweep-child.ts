// One timed sweep for `npm run bench -- --sweep`, in its own process so nothing is warm:
// `sweep-child JOBS UNITS DURATION LESSON.json` runs the lesson with that Duration at seeds 1…UNITS
// through runUnits and prints one JSON line.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { chooseMetrics } from '../src/cli/metric-options.js';
import { runUnits } from '../src/cli/units/unit-pool.js';
import { parseScenarioText } from '../src/scenario/load.js';

export interface SweepChildReport {
  jobs: number;
  /** The whole runUnits call, worker start-up and teardown included: what a user waits for. */
  wallS: number;
  /** CPU time of every thread of the process during that call: what the pool costs beyond the units, whatever else runs on the machine. */
  cpuS: number;
  /** Each unit's own run time, in task order. */
  unitMs: number[];
  /** Each unit's metric values, to check that the thread count changes no number. */
  values: (number | null)[][];
}

async function main(): Promise<void> {
  const [jobsText, unitsText, duration, file] = process.argv.slice(2);
  const [jobs, unitCount] = [Number(jobsText), Number(unitsText)];
  if (!Number.isInteger(jobs) || jobs < 1 || !Number.isInteger(unitCount) || unitCount < 1 || file === undefined) {
    process.stderr.write('usage: sweep-child JOBS UNITS DURATION LESSON.json\n');
    process.exit(2);
  }
  const document = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const text = JSON.stringify({ ...document, Duration: duration });
  // Validated before the clock starts, as lbsim sweep validates every grid point before any unit runs.
  const loaded = parseScenarioText(text, file);
  if (!loaded.ok) throw new Error(`${file}: ${loaded.errors.map((e) => e.message).join('; ')}`);
  const sources = [{ file, scenario: loaded.scenario, metrics: chooseMetrics(undefined, [loaded.scenario]) }];
  const tasks = Array.from({ length: unitCount }, (_, i) => ({ source: 0, seed: i + 1 }));
  const [startMs, startCpu] = [performance.now(), process.cpuUsage()];
  const outcomes = await runUnits(sources, tasks, { jobs });
  const wallS = (performance.now() - startMs) / 1000;
  const cpu = process.cpuUsage(startCpu);
  const report: SweepChildReport = { jobs, wallS, cpuS: (cpu.user + cpu.system) / 1e6, unitMs: outcomes.map((o) => o.ms), values: outcomes.map((o) => o.values) };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
