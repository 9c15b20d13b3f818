// `lbsim test PATH…`: validates every scenario first (all errors at once, exit 2), then runs each over
// its seeds in worker threads, prints one row per Expect assertion, writes JUnit XML, exits 0 or 1.

import { junitXml, type JunitSuite } from '../../report/machine/junit-xml.js';
import { formatNumber } from '../../report/text/number-text.js';
import { assertionLabel, checkAssertions, failureText, renderTestTable, type AssertionResult } from '../../report/machine/test-results.js';
import { formatScenarioError } from '../../scenario/errors.js';
import { loadScenarioFile } from '../../scenario/load.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import { ExitCode } from '../exit-codes.js';
import { LineFile } from '../output/line-file.js';
import { InvalidScenario } from '../load-scenario.js';
import { parseBaseSeed, parseJobs, parseQuantile, parseSeeds, seedList } from '../numeric-options.js';
import { expandScenarioPaths } from '../scenario-files.js';
import type { UnitOutcome, UnitSource, UnitTask } from '../units/unit-eval.js';
import { defaultJobs, runUnits } from '../units/unit-pool.js';
import { unitProgressFor } from '../units/unit-progress.js';

export interface TestOptions {
  seeds?: string;
  seed?: string;
  quantile?: string;
  junit?: string;
  jobs?: string;
}

interface LoadedFile {
  file: string;
  scenario: ResolvedScenario;
}

interface Tested extends LoadedFile {
  seeds: number[];
  results: AssertionResult[];
  seconds: number;
}

export async function testCommand(paths: readonly string[], options: TestOptions): Promise<number> {
  const seedCount = parseSeeds(options.seeds);
  const quantile = parseQuantile(options.quantile);
  const baseSeed = parseBaseSeed(options.seed, seedCount);
  const jobs = parseJobs(options.jobs, defaultJobs());
  const loaded = loadAll(expandScenarioPaths(paths));
  // Opened before the runs: an unwritable path costs nothing but the message.
  const junit = options.junit === undefined ? null : new LineFile(options.junit, '--junit');
  const withExpect = loaded.filter((entry) => entry.scenario.expect.length > 0);
  const seeds = withExpect.map((entry) => seedList(baseSeed ?? entry.scenario.seed, seedCount));
  let tested: Tested[];
  try {
    tested = await runAll(withExpect, seeds, quantile, jobs);
  } catch (error) {
    junit?.close();
    throw error;
  }
  const results = tested.flatMap((entry) => entry.results);
  const withoutExpect = loaded.filter((entry) => entry.scenario.expect.length === 0).map((entry) => entry.file);
  process.stdout.write(renderTestTable(results, withoutExpect));
  if (junit !== null) {
    junit.writeLine(junitXml(junitSuites(tested, loaded)).trimEnd());
    junit.close();
  }
  return results.every((result) => result.passed) ? ExitCode.ok : ExitCode.expectationsFailed;
}

/** Every file is validated before anything runs, and every error of every file is printed. */
function loadAll(files: readonly string[]): LoadedFile[] {
  const errors: string[] = [];
  const loaded: LoadedFile[] = [];
  let invalid = 0;
  for (const file of files) {
    const result = loadScenarioFile(file);
    if (!result.ok) {
      invalid++;
      errors.push(...result.errors.map(formatScenarioError));
    } else {
      loaded.push({ file, scenario: result.scenario });
    }
  }
  if (invalid > 0) {
    const which = files.length === 1 ? 'the file is invalid' : `${invalid} of ${files.length} files are invalid`;
    throw new InvalidScenario([...errors, `${which}; nothing was run`]);
  }
  return loaded;
}

async function runAll(entries: readonly LoadedFile[], seeds: readonly number[][], quantile: number, jobs: number): Promise<Tested[]> {
  const sources: UnitSource[] = entries.map((entry) => ({ file: entry.file, scenario: entry.scenario, metrics: entry.scenario.expect.map((e) => e.metric) }));
  const tasks: UnitTask[] = seeds.flatMap((list, source) => list.map((seed) => ({ source, seed })));
  const progress = unitProgressFor('testing', tasks.length);
  let outcomes: UnitOutcome[];
  try {
    outcomes = await runUnits(sources, tasks, { jobs, ...(progress ? { onProgress: (done: number) => progress.update(done, tasks.length) } : {}) });
  } finally {
    progress?.stop();
  }
  let at = 0;
  return entries.map((entry, i) => {
    const list = seeds[i]!;
    const mine = outcomes.slice(at, (at += list.length));
    const results = checkAssertions(entry.file, entry.scenario.expect, list, mine.map((outcome) => outcome.values), quantile);
    return { ...entry, seeds: list, results, seconds: mine.reduce((sum, outcome) => sum + outcome.ms, 0) / 1000 };
  });
}

function junitSuites(tested: readonly Tested[], loaded: readonly LoadedFile[]): JunitSuite[] {
  const byFile = new Map(tested.map((entry) => [entry.file, entry]));
  return loaded.map((entry): JunitSuite => {
    const run = byFile.get(entry.file);
    const classname = entry.scenario.name;
    if (run === undefined) return { name: entry.file, timeSeconds: 0, cases: [{ classname, name: '(no Expect block)', failure: null, skipped: 'the scenario has no Expect assertions' }] };
    const cases = run.results.map((result) => ({
      classname,
      name: `${assertionLabel(result)} ${result.expected}`,
      failure: result.passed ? null : { message: failureText(result), details: seedLines(result) },
    }));
    return { name: entry.file, timeSeconds: run.seconds, cases };
  });
}

/** The value on every seed, for the body of a JUnit failure. */
function seedLines(result: AssertionResult): string {
  return result.seeds.map((seed, k) => `seed ${seed}: ${formatNumber(result.values[k] ?? null)} ${result.heldBySeed[k] ? 'held' : 'failed'}`).join('\n');
}
