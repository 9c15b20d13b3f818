// `lbsim sweep FILE --set PATH=v1,v2,… --seeds N`: every combination of the settings × seeds, run
// on worker threads, aggregated per grid point; `--shard i/n` runs a fixed slice for `lbsim merge`.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { withoutByteOrderMark } from '../../scenario/byte-order-mark.js';
import { renderSweepCsv, renderSweepTable } from '../../report/machine/sweep-format.js';
import { inShard, sweepDocument, unitIndex, type SweepDescriptor, type SweepDocument, type SweepUnit } from '../../report/machine/sweep-document.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { loadOrExit } from '../load-scenario.js';
import { chooseMetrics } from '../metric-options.js';
import { parseBaseSeed, parseJobs, parseSeeds, parseShard, seedList, type Shard } from '../numeric-options.js';
import { buildGrid, parseSet, type GridPoint } from '../units/sweep-grid.js';
import type { UnitTask } from '../units/unit-eval.js';
import { defaultJobs, runUnits } from '../units/unit-pool.js';
import { unitProgressFor } from '../units/unit-progress.js';

export type SweepFormat = 'table' | 'json' | 'csv';

export interface SweepOptions {
  set?: string[];
  metric?: string[];
  seeds?: string;
  seed?: string;
  jobs?: string;
  shard?: string;
  format?: SweepFormat;
}

export async function sweepCommand(file: string, options: SweepOptions): Promise<number> {
  const seedCount = parseSeeds(options.seeds);
  const shard = parseShard(options.shard);
  const format = options.format ?? (shard === null ? 'table' : 'json');
  if (shard !== null && format !== 'json') throw new UsageError(`--shard: a shard's output is the input of lbsim merge and is JSON; drop --format ${format}`);
  const sets = (options.set ?? []).map(parseSet);
  const jobs = parseJobs(options.jobs, defaultJobs());
  const base = loadOrExit(file);
  const text = readFileSync(file, 'utf8');
  // The file loaded, so it is strict JSON (after an optional byte-order mark).
  const grid = buildGrid(JSON.parse(withoutByteOrderMark(text)) as unknown, sets, file);
  const descriptor: SweepDescriptor = {
    scenario: file,
    scenarioSha256: createHash('sha256').update(text).digest('hex'),
    sets: sets.map((set) => ({ path: set.path, values: set.values })),
    seeds: seedList(parseBaseSeed(options.seed, seedCount) ?? base.seed, seedCount),
    metrics: chooseMetrics(options.metric, grid.map((point) => point.scenario)),
  };
  const document = sweepDocument(descriptor, shard, await runSweepUnits(file, grid, descriptor, shard, jobs));
  process.stdout.write(render(document, format));
  return ExitCode.ok;
}

/** This shard's units (all of them unsharded), computed on the worker threads. */
async function runSweepUnits(file: string, grid: readonly GridPoint[], descriptor: SweepDescriptor, shard: Shard | null, jobs: number): Promise<SweepUnit[]> {
  const tasks: UnitTask[] = [];
  grid.forEach((_, point) => {
    descriptor.seeds.forEach((seed, k) => {
      if (inShard(unitIndex(point, k, descriptor.seeds.length), shard)) tasks.push({ source: point, seed });
    });
  });
  const sources = grid.map((point) => ({ file, scenario: point.scenario, metrics: descriptor.metrics }));
  const progress = unitProgressFor('sweeping', tasks.length);
  try {
    const outcomes = await runUnits(sources, tasks, { jobs, ...(progress ? { onProgress: (done: number) => progress.update(done, tasks.length) } : {}) });
    return tasks.map((task, i) => ({ point: task.source, seed: task.seed, values: outcomes[i]!.values }));
  } finally {
    progress?.stop();
  }
}

export function render(document: SweepDocument, format: SweepFormat): string {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  if (format === 'csv') return renderSweepCsv(document);
  return renderSweepTable(document);
}
