// `npm run bench`: runs every workload in its own child process several times, prints the runs,
// a table of medians and the three targets (vs the bare loop, vs SimPy, memory at 10× duration).
// A benchmark, not a test: it exits 0 whatever the figures are.

import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerReport } from './worker.js';
import { RR_100X10K, WORKLOADS } from './workloads.js';

// `npm run bench` compiles src/ and bench/ with tsc and runs the JavaScript, as the `lbsim`
// binary runs; started through tsx instead, it runs the TypeScript sources directly.
const COMPILED = import.meta.url.endsWith('.js');
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_DIR = COMPILED ? path.resolve(BENCH_DIR, '..', '..', '..') : path.dirname(BENCH_DIR);
const WORKER_ARGS = COMPILED ? [path.join(BENCH_DIR, 'worker.js')] : ['--import', 'tsx', path.join(BENCH_DIR, 'worker.ts')];
const SIMPY_PATH = path.join(REPO_DIR, 'bench', 'simpy_reference.py');

const DEFAULT_RUNS = 3;
const QUICK_FACTOR = 0.1;

const TARGET_VS_BARE_MIN = 0.4;
const TARGET_VS_SIMPY_MIN = 10;
const TARGET_MEMORY_RATIO_MAX = 1.5;

interface Measurement {
  /** Unique label in the output. */
  label: string;
  workload: string;
  durationS: number;
}

// The headline workload runs at 1,000 s; its 100 s twin (-short) exists for the memory ratio.
const PLAN: Measurement[] = [
  { label: 'rr-100x10k', workload: 'rr-100x10k', durationS: 1000 },
  { label: 'bare-100x10k', workload: 'bare-100x10k', durationS: 1000 },
  { label: 'rr-100x10k-short', workload: 'rr-100x10k', durationS: 100 },
  { label: 'rr-100x10k-http-health', workload: 'rr-100x10k-http-health', durationS: 100 },
  // 20 req/s is tiny, so a long simulated span gives it a million requests to time.
  { label: 'lor-2x20', workload: 'lor-2x20', durationS: 50_000 },
  // SimPy is about two orders slower: a short span, compared as a rate (requests per wall second).
  { label: 'simpy-100x10k', workload: 'simpy-100x10k', durationS: 20 },
];

interface RunReport extends WorkerReport {
  /** SimPy only: which API and version ran. */
  api?: string;
}

interface Options {
  quick: boolean;
  runs: number;
  workloads: string[];
}

function parseArgs(argv: string[]): Options {
  const options: Options = { quick: false, runs: DEFAULT_RUNS, workloads: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--workload') options.workloads.push(argv[++i] ?? '');
    else if (arg.startsWith('--workload=')) options.workloads.push(arg.slice('--workload='.length));
    else if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg.startsWith('--runs=')) options.runs = Number(arg.slice('--runs='.length));
    else if (arg === '--help' || arg === '-h') usage(0);
    else usage(2, `unknown argument: ${arg}`);
  }
  for (const name of options.workloads) {
    if (!WORKLOADS.some((workload) => workload.name === name)) usage(2, `unknown workload: ${name}`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) usage(2, '--runs needs a positive integer');
  return options;
}

function usage(exitCode: number, problem?: string): never {
  if (problem) process.stderr.write(`bench: ${problem}\n`);
  process.stderr.write(
    [
      'usage: npm run bench -- [--quick] [--workload NAME]... [--runs N]',
      '  --quick          every simulated duration divided by 10',
      '  --workload NAME  only this workload (repeatable); one of:',
      ...WORKLOADS.map((workload) => `                     ${workload.name}: ${workload.description}`),
      `  --runs N         runs per measurement, median reported (default ${DEFAULT_RUNS})`,
      '',
    ].join('\n'),
  );
  process.exit(exitCode);
}

// ---------------------------------------------------------------------------------------------
// Child processes

function lastJsonLine(stdout: string): unknown {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}

function runNodeWorker(measurement: Measurement): RunReport | string {
  const child = spawnSync(process.execPath, [...WORKER_ARGS, measurement.workload, String(measurement.durationS)], {
    cwd: REPO_DIR,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) return `worker exited ${child.status ?? child.signal}: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  return lastJsonLine(child.stdout) as RunReport;
}

interface Python {
  command: string;
  /** Passed to simpy_reference.py: which SimPy generation this interpreter has. */
  api: 'simpy3' | 'simpy2';
}

/** The brief's order: Debian's interpreter first, then whatever python3 is on PATH; SimPy 3+ before SimPy 2. */
function findSimPy(): Python | null {
  const interpreters = ['/usr/bin/python3', 'python3'];
  const probes: Array<[Python['api'], string]> = [
    ['simpy3', 'import simpy'],
    ['simpy2', 'from SimPy import Simulation'],
  ];
  for (const [api, code] of probes) {
    for (const command of interpreters) {
      const child = spawnSync(command, ['-c', code], { encoding: 'utf8' });
      if (child.status === 0) return { command, api };
    }
  }
  return null;
}

function runSimPy(python: Python, measurement: Measurement): RunReport | string {
  const child = spawnSync(python.command, [SIMPY_PATH, '--duration-s', String(measurement.durationS), '--api', python.api], {
    cwd: REPO_DIR,
    encoding: 'utf8',
  });
  if (child.status !== 0) return `SimPy exited ${child.status ?? child.signal}: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  const report = lastJsonLine(child.stdout) as RunReport;
  // The script does not count events; leave it at zero rather than guess SimPy's internals.
  return { ...report, eventsExecuted: 0 };
}

// ---------------------------------------------------------------------------------------------
// Formatting

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const fixed = (value: number, digits: number) => value.toFixed(digits);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function table(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((cell, c) => Math.max(cell.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (rightAligned[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** Mean sojourn time of an E_k/M/1 queue (round-robin turns Poisson arrivals into Erlang-k gaps). */
function erlangQueueMeanLatencyMs(k: number, perQueueRatePerMs: number, meanServiceMs: number): number {
  const serviceRatePerMs = 1 / meanServiceMs;
  // sigma = A*(mu(1 - sigma)), A* the Laplace transform of the Erlang-k gap; iteration converges for load < 1.
  let sigma = 0.5;
  for (let i = 0; i < 10_000; i++) {
    sigma = Math.pow((k * perQueueRatePerMs) / (k * perQueueRatePerMs + serviceRatePerMs * (1 - sigma)), k);
  }
  return 1 / (serviceRatePerMs * (1 - sigma));
}

// ---------------------------------------------------------------------------------------------

interface Summary {
  measurement: Measurement;
  runs: RunReport[];
  requests: number;
  wallS: number;
  requestsPerS: number;
  eventsPerS: number;
  peakRssMiB: number;
  meanLatencyMs: number;
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
  };
}

function verdict(passed: boolean): string {
  return passed ? 'PASS' : 'MISS';
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const scale = options.quick ? QUICK_FACTOR : 1;
  const plan = PLAN.filter((m) => options.workloads.length === 0 || options.workloads.includes(m.workload)).map((m) => ({
    ...m,
    durationS: m.durationS * scale,
  }));

  const cpus = os.cpus();
  console.log('lbsim benchmark');
  console.log(`date:     ${new Date().toISOString()}`);
  console.log(`node:     ${process.version} (${process.platform} ${process.arch})`);
  console.log(`cpu:      ${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`);
  // Other work on the machine skews wall times; the 1-minute load average at start shows it.
  console.log(`load:     ${fixed(os.loadavg()[0]!, 2)} (1-minute average at start)`);
  console.log(`mode:     ${options.quick ? 'quick (durations ÷ 10)' : 'full'}, ${options.runs} run(s) per measurement, median reported`);
  console.log('');

  const python = plan.some((m) => m.workload === 'simpy-100x10k') ? findSimPy() : null;
  const measured = plan.filter((m) => m.workload !== 'simpy-100x10k' || python !== null);
  if (plan.some((m) => m.workload === 'simpy-100x10k')) {
    console.log(python ? `SimPy: ${python.command} (${python.api === 'simpy3' ? 'import simpy' : 'SimPy.Simulation, SimPy 2'})` : 'SimPy: not available (install Debian python3-simpy)');
    console.log('');
  }

  // Rounds interleave the measurements so slow drift of the machine spreads over all of them.
  const runs = new Map<string, RunReport[]>(measured.map((m) => [m.label, []]));
  console.log('Runs (wall time covers the simulation only, not process start-up):');
  for (let round = 1; round <= options.runs; round++) {
    for (const m of measured) {
      const outcome = m.workload === 'simpy-100x10k' ? runSimPy(python!, m) : runNodeWorker(m);
      const prefix = `  ${m.label.padEnd(24)} ${(integer.format(m.durationS) + ' s').padStart(9)}  run ${round}/${options.runs}:`;
      if (typeof outcome === 'string') {
        console.log(`${prefix} FAILED ${outcome}`);
        continue;
      }
      runs.get(m.label)!.push(outcome);
      const eventsText = outcome.eventsExecuted > 0 ? `, ${integer.format(outcome.eventsExecuted / outcome.wallS)} events/s` : '';
      console.log(
        `${prefix} ${integer.format(outcome.requests)} req in ${fixed(outcome.wallS, 2)} s = ${integer.format(outcome.requests / outcome.wallS)} req/s${eventsText}, peak RSS ${fixed(outcome.peakRssMiB, 1)} MiB${outcome.api ? ` [${outcome.api}]` : ''}`,
      );
    }
  }
  console.log('');

  const summaries = new Map<string, Summary>();
  for (const m of measured) {
    const done = runs.get(m.label)!;
    if (done.length > 0) summaries.set(m.label, summarise(m, done));
  }

  console.log(`Medians of ${options.runs} run(s):`);
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

  const full = summaries.get('rr-100x10k');
  const bare = summaries.get('bare-100x10k');
  const short = summaries.get('rr-100x10k-short');
  const simpy = summaries.get('simpy-100x10k');

  // Same workload check: the three engines should see the same queues.
  const perQueueRatePerMs = RR_100X10K.ratePerS / 1000 / RR_100X10K.instanceCount;
  const theoryMs = erlangQueueMeanLatencyMs(RR_100X10K.instanceCount, perQueueRatePerMs, RR_100X10K.meanServiceMs);
  console.log('Same-workload check (mean latency, ms):');
  console.log(`  E_${RR_100X10K.instanceCount}/M/1 theory at 70% load:   ${fixed(theoryMs, 3)}`);
  const againstTheory = (s: Summary | undefined, what: string) => {
    if (!s) return;
    const diffPercent = (100 * (s.meanLatencyMs - theoryMs)) / theoryMs;
    console.log(`  ${what.padEnd(32)} ${fixed(s.meanLatencyMs, 3)}  (${diffPercent >= 0 ? '+' : ''}${fixed(diffPercent, 2)}% vs theory)`);
  };
  againstTheory(full, `full simulator, ${full ? integer.format(full.measurement.durationS) : ''} s:`);
  againstTheory(bare, `bare loop, ${bare ? integer.format(bare.measurement.durationS) : ''} s:`);
  againstTheory(simpy, `SimPy, ${simpy ? integer.format(simpy.measurement.durationS) : ''} s:`);
  if (full && bare) {
    const diffPercent = (100 * Math.abs(full.meanLatencyMs - bare.meanLatencyMs)) / bare.meanLatencyMs;
    console.log(`  full vs bare: ${fixed(diffPercent, 3)}% apart${diffPercent < 3 ? ' (agree)' : ' (DISAGREE: the workloads differ)'}`);
  }
  console.log('');

  console.log('Targets:');
  if (full && bare) {
    // Each round runs both back to back, so a per-round ratio cancels most of the machine's
    // drift between rounds; its median is the figure judged against the target.
    const perRound = full.runs
      .map((run, i) => (bare.runs[i] ? run.requests / run.wallS / (bare.runs[i]!.requests / bare.runs[i]!.wallS) : NaN))
      .filter((ratio) => Number.isFinite(ratio));
    const ratio = median(perRound);
    console.log(
      `  full simulator / bare loop throughput:   ${fixed(ratio, 3)}  (median of per-round ratios ${perRound.map((r) => fixed(r, 3)).join(', ')}; ratio of medians ${fixed(full.requestsPerS / bare.requestsPerS, 3)}; target >= ${TARGET_VS_BARE_MIN})  ${verdict(ratio >= TARGET_VS_BARE_MIN)}`,
    );
  } else {
    console.log('  full simulator / bare loop throughput:   n/a (needs rr-100x10k and bare-100x10k)');
  }
  if (full && simpy) {
    const ratio = full.requestsPerS / simpy.requestsPerS;
    console.log(
      `  full simulator / SimPy throughput:       ${fixed(ratio, 2)}  (${integer.format(full.requestsPerS)} / ${integer.format(simpy.requestsPerS)} req/s; SimPy over ${integer.format(simpy.measurement.durationS)} s simulated, rates compared; target >= ${TARGET_VS_SIMPY_MIN})  ${verdict(ratio >= TARGET_VS_SIMPY_MIN)}`,
    );
  } else if (full && plan.some((m) => m.workload === 'simpy-100x10k')) {
    console.log('  full simulator / SimPy throughput:       n/a (SimPy not available)');
  } else {
    console.log('  full simulator / SimPy throughput:       n/a (needs rr-100x10k and simpy-100x10k)');
  }
  if (full && short) {
    const ratio = full.peakRssMiB / short.peakRssMiB;
    console.log(
      `  peak RSS at 10× duration:                ${fixed(ratio, 3)}  (${fixed(full.peakRssMiB, 1)} MiB at ${integer.format(full.measurement.durationS)} s / ${fixed(short.peakRssMiB, 1)} MiB at ${integer.format(short.measurement.durationS)} s; target <= ${TARGET_MEMORY_RATIO_MAX})  ${verdict(ratio <= TARGET_MEMORY_RATIO_MAX)}`,
    );
  } else {
    console.log('  peak RSS at 10× duration:                n/a (needs rr-100x10k at both durations)');
  }
  console.log('');
  console.log('Peak RSS is the whole child process (Node included); requests are arrivals in the simulated span.');
}

main();
