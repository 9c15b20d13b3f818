// `lbsim compare A B --seeds N`: both scenarios on the same seeds (common random numbers: the same
// named RNG streams draw the same numbers), reporting per metric A, B and the paired difference B − A.

import { compareRows, renderCompareTable } from '../../report/machine/compare-rows.js';
import { formatScenarioError } from '../../scenario/errors.js';
import { loadScenarioFile } from '../../scenario/load.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import { ExitCode } from '../exit-codes.js';
import { InvalidScenario } from '../load-scenario.js';
import { chooseMetrics } from '../metric-options.js';
import { parseBaseSeed, parseJobs, parseSeeds, seedList } from '../numeric-options.js';
import type { UnitTask } from '../units/unit-eval.js';
import { defaultJobs, runUnits } from '../units/unit-pool.js';
import { unitProgressFor } from '../units/unit-progress.js';

export interface CompareOptions {
  seeds?: string;
  seed?: string;
  jobs?: string;
  metric?: string[];
  format: 'text' | 'json';
}

export async function compareCommand(fileA: string, fileB: string, options: CompareOptions): Promise<number> {
  const seedCount = parseSeeds(options.seeds);
  const jobs = parseJobs(options.jobs, defaultJobs());
  const [a, b] = loadBoth(fileA, fileB);
  const metrics = chooseMetrics(options.metric, [a, b]);
  // A's seeds for both: B's own Seed would break the pairing.
  const seeds = seedList(parseBaseSeed(options.seed, seedCount) ?? a.seed, seedCount);
  const sources = [
    { file: fileA, scenario: a, metrics },
    { file: fileB, scenario: b, metrics },
  ];
  const tasks: UnitTask[] = seeds.flatMap((seed) => [
    { source: 0, seed },
    { source: 1, seed },
  ]);
  const progress = unitProgressFor('comparing', tasks.length);
  let values: (number | null)[][];
  try {
    const outcomes = await runUnits(sources, tasks, { jobs, ...(progress ? { onProgress: (done: number) => progress.update(done, tasks.length) } : {}) });
    values = outcomes.map((outcome) => outcome.values);
  } finally {
    progress?.stop();
  }
  const rows = compareRows(
    metrics,
    values.filter((_, i) => i % 2 === 0),
    values.filter((_, i) => i % 2 === 1),
  );
  process.stdout.write(options.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : renderCompareTable(rows, { a: fileA, b: fileB }, seeds));
  return ExitCode.ok;
}

/** Both files validated before either runs; the errors of both printed. */
function loadBoth(fileA: string, fileB: string): [ResolvedScenario, ResolvedScenario] {
  const loaded = [fileA, fileB].map((file) => loadScenarioFile(file));
  const errors = loaded.flatMap((result) => (result.ok ? [] : result.errors.map(formatScenarioError)));
  if (errors.length > 0) throw new InvalidScenario(errors);
  const [a, b] = loaded.map((result) => (result.ok ? result.scenario : null));
  return [a!, b!];
}
