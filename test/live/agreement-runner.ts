// Plays lessons live side by side (each on its own free ports; they mostly wait on timers), half of
// them in a child process so that both cores carry the per-request CPU, then simulates each at
// SPREAD_SEEDS seeds and compares. The simulations run after every live run has ended, so their CPU
// time never delays a live timer.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLive } from '../../src/live/run/live-run.js';
import type { SimulationSetup } from '../../src/model/config.js';
import type { RunResult } from '../../src/model/run/result.js';
import { compareLiveToSpread, DEFAULT_SAME_ON_WIRE, renderAgreement, SPREAD_SEEDS, type AgreementCheck } from '../../src/report/machine/live-agreement.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { simulate, simulateSeeds } from '../../src/simulate.js';
import { applyPlan, planFor, type LessonPlan } from './agreement-plan.js';

export interface LessonAgreement {
  lesson: string;
  speed: number;
  setup: SimulationSetup;
  live: RunResult;
  checks: AgreementCheck[];
  failed: AgreementCheck[];
  /** The checks as a table, for a failure message. */
  table: string;
}

/** One lesson to play: as written, or with its health checks broken on purpose (every probe passes). */
export interface LessonRun {
  lesson: string;
  probesAlwaysPass?: boolean;
}

export function allLessons(): string[] {
  return readdirSync('scenarios')
    .filter((file) => file.endsWith('.json') && file !== 'schema.json')
    .map((file) => file.replace(/\.json$/, ''))
    .sort();
}

export function lessonSetup(lesson: string): { plan: LessonPlan; setup: SimulationSetup } {
  const loaded = loadScenarioFile(`scenarios/${lesson}.json`);
  if (!loaded.ok) throw new Error(`${lesson}: ${loaded.errors.map((e) => e.message).join('; ')}`);
  const plan = planFor(lesson);
  return { plan, setup: applyPlan(loaded.scenario, plan) };
}

/** The first live run of a process is slower while its code compiles: a short one first, not a lesson's to pay for. */
async function warmUp(): Promise<void> {
  const { setup } = lessonSetup('crash-caught-by-health-checks');
  await runLive({ ...setup, durationMs: 10_000 }, { speed: 10 });
}

/** The lessons live at once in this process after a warm-up, then each compared with its seeds' spread. */
export async function playAndCompare(runs: readonly LessonRun[]): Promise<LessonAgreement[]> {
  await warmUp();
  // Every run's clock starts once all of them listen: setting up the later ones must not stall the first.
  let waiting = runs.length;
  let release: () => void = () => undefined;
  const allReady = new Promise<void>((resolve) => (release = resolve));
  const ready = () => {
    if (--waiting === 0) release();
    return allReady;
  };
  const lives = await Promise.all(runs.map(({ lesson, probesAlwaysPass }) => {
    const { setup, plan } = lessonSetup(lesson);
    return runLive(setup, { speed: plan.speed, probesAlwaysPass, ready });
  }));
  return runs.map((run, i) => compareLesson(run.lesson, lives[i]!));
}

const CHILD = join(import.meta.dirname, 'agreement-child.ts');

/** The runs in a child process (agreement-child.ts), their agreements read back as JSON. */
async function inChild(runs: readonly LessonRun[]): Promise<LessonAgreement[]> {
  const dir = await mkdtemp(join(tmpdir(), 'lbsim-agreement-'));
  const out = join(dir, 'results.json');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, out, JSON.stringify(runs)], { cwd: join(import.meta.dirname, '..', '..'), stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`agreement child exited with ${code}: ${stderr}`);
    return JSON.parse(readFileSync(out, 'utf8')) as LessonAgreement[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Every run live, in two child processes at once (one per core: the per-request CPU is what limits
 * how many lessons one process plays side by side), each then simulating and comparing its own.
 * Keyed by lesson, with ` (probes always pass)` after the broken ones.
 */
export async function playLessons(runs: readonly LessonRun[]): Promise<Map<string, LessonAgreement>> {
  const halves = splitByAttempts(runs).filter((half) => half.length > 0);
  const results = (await Promise.all(halves.map(inChild))).flat();
  const ordered = halves.flat();
  return new Map(ordered.map((run, i) => [runName(run), results[i]!]));
}

/**
 * Two halves of about the same CPU: each attempt costs the proxy and an instance their work, so the
 * runs go, heaviest first, to the half with fewer attempts so far (the seed's own simulation counts them).
 */
function splitByAttempts(runs: readonly LessonRun[]): [LessonRun[], LessonRun[]] {
  const halves: [LessonRun[], LessonRun[]] = [[], []];
  const load = [0, 0];
  const weighed = runs.map((run) => ({ run, attempts: simulate(lessonSetup(run.lesson).setup).requests.attempts }));
  for (const { run, attempts } of weighed.sort((a, b) => b.attempts - a.attempts)) {
    const lighter = load[0]! <= load[1]! ? 0 : 1;
    halves[lighter].push(run);
    load[lighter] = load[lighter]! + attempts;
  }
  return halves;
}

export function runName(run: LessonRun): string {
  return run.probesAlwaysPass === true ? `${run.lesson} (probes always pass)` : run.lesson;
}

function compareLesson(lesson: string, live: RunResult): LessonAgreement {
  const { setup, plan } = lessonSetup(lesson);
  const sameOnWire = plan.sameOnWire ? [plan.sameOnWire.reasons, ...DEFAULT_SAME_ON_WIRE] : DEFAULT_SAME_ON_WIRE;
  const checks = compareLiveToSpread(simulateSeeds(setup, SPREAD_SEEDS), live, { speed: plan.speed, sameOnWire });
  const exempt = new Set(plan.differs?.checks ?? []);
  const failed = checks.filter((check) => !check.passed && !exempt.has(check.name));
  return { lesson, speed: plan.speed, setup, live, checks, failed, table: renderAgreement(checks, SPREAD_SEEDS).join('\n') };
}

/** One line per lesson for the log: the figures a reader wants first. */
export function summaryLine(agreement: LessonAgreement): string {
  const figure = (name: string) => agreement.checks.find((check) => check.name === name)!;
  const [errors, latency] = [figure('gateway errors'), figure('mean latency')];
  const facts = agreement.live.live;
  const real = ((facts?.realMs ?? 0) / 1000).toFixed(1);
  const machine = facts ? `; loop delay ${facts.loopDelayMs.toFixed(1)} ms, ${facts.late} of ${facts.sent} sent late` : '';
  const { plan } = lessonSetup(agreement.lesson);
  const differs = plan.differs ? ` (not asserted: ${plan.differs.checks.join(', ')}: ${plan.differs.why})` : '';
  return `${agreement.lesson} at speed ${agreement.speed} (${real} s real): errors ${errors.simulated} simulated, ${errors.live} live; mean latency ${latency.simulated} simulated, ${latency.live} live; ${agreement.failed.length} of ${agreement.checks.length} checks differ${machine}${differs}`;
}
