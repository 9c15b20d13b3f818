// Runs one measurement in a child process, so its peak RSS is its own: bench/worker for the
// simulator and the bare loop, bench/simpy_reference.py under whichever Python has SimPy.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './plan.js';
import type { WorkerReport } from './worker.js';

// `npm run bench` compiles src/ and bench/ with tsc and runs the JavaScript, as the `lbsim`
// binary runs; started through tsx instead, it runs the TypeScript sources directly.
const COMPILED = import.meta.url.endsWith('.js');
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_DIR = COMPILED ? path.resolve(BENCH_DIR, '..', '..', '..') : path.dirname(BENCH_DIR);
const WORKER_ARGS = COMPILED ? [path.join(BENCH_DIR, 'worker.js')] : ['--import', 'tsx', path.join(BENCH_DIR, 'worker.ts')];
const SIMPY_PATH = path.join(REPO_DIR, 'bench', 'simpy_reference.py');

export interface RunReport extends WorkerReport {
  /** SimPy only: which API and version ran. */
  api?: string;
}

export interface Python {
  command: string;
  /** Passed to simpy_reference.py: which SimPy generation this interpreter has. */
  api: 'simpy3' | 'simpy2';
}

function lastJsonLine(stdout: string): unknown {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}

export function runNodeWorker(measurement: Measurement): RunReport | string {
  const child = spawnSync(process.execPath, [...WORKER_ARGS, measurement.workload, String(measurement.durationS)], {
    cwd: REPO_DIR,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) return `worker exited ${child.status ?? child.signal}: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  return lastJsonLine(child.stdout) as RunReport;
}

/** The brief's order: Debian's interpreter first, then whatever python3 is on PATH; SimPy 3+ before SimPy 2. */
export function findSimPy(): Python | null {
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

export function runSimPy(python: Python, measurement: Measurement): RunReport | string {
  const child = spawnSync(python.command, [SIMPY_PATH, '--duration-s', String(measurement.durationS), '--api', python.api], {
    cwd: REPO_DIR,
    encoding: 'utf8',
  });
  if (child.status !== 0) return `SimPy exited ${child.status ?? child.signal}: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  const report = lastJsonLine(child.stdout) as RunReport;
  // The script does not count events; leave it at zero rather than guess SimPy's internals.
  return { ...report, eventsExecuted: 0 };
}
