// One measured run in its own process, so peak RSS belongs to this workload alone:
// `node build/bench/bench/worker.js <workload> <durationSeconds>` (after `tsc -p tsconfig.bench.json`) prints one JSON line;
// `node --import tsx bench/worker.ts …` runs the sources directly.

import { performance } from 'node:perf_hooks';
import { simulate } from '../src/simulate.js';
import { runBareLoop } from './bare-loop.js';
import { runPicks } from './pick-cost.js';
import { SCALE_RATE_PER_S } from './scale-workloads.js';
import { BENCH_SEED, findWorkload, RR_100X10K } from './workloads.js';

export interface WorkerReport {
  workload: string;
  durationS: number;
  /** Requests that arrived during the simulated duration. */
  requests: number;
  completed: number;
  eventsExecuted: number;
  wallS: number;
  meanLatencyMs: number;
  peakRssMiB: number;
  /**
   * Simulator runs: the same setup simulated for 0 s afterwards in the same process (wiring the pool,
   * starting checks, building the result), so a run's per-request cost can be read without its one-off
   * per-instance cost. Measured warm, it is if anything low, which leaves the per-request figure high.
   */
  setupS?: number;
}

function main(): void {
  const [name, durationText] = process.argv.slice(2);
  const workload = name === undefined ? undefined : findWorkload(name);
  const durationS = Number(durationText);
  if (!workload || workload.engine === 'simpy' || !(durationS > 0)) {
    process.stderr.write('usage: worker <simulator or bare workload> <durationSeconds>\n');
    process.exit(2);
  }
  const durationMs = durationS * 1000;

  let report: Omit<WorkerReport, 'peakRssMiB'>;
  let measureSetup: (() => number) | null = null;
  if (workload.engine === 'picks') {
    const picks = Math.round(durationS * SCALE_RATE_PER_S);
    const { wallS } = runPicks(workload.picks!.algorithm, workload.picks!.size, picks);
    report = { workload: workload.name, durationS, requests: picks, completed: picks, eventsExecuted: 0, wallS, meanLatencyMs: 0 };
  } else if (workload.engine === 'bare') {
    const startMs = performance.now();
    const result = runBareLoop({ seed: BENCH_SEED, durationMs, ...RR_100X10K });
    const wallS = (performance.now() - startMs) / 1000;
    report = {
      workload: workload.name,
      durationS,
      requests: result.arrivals,
      completed: result.completed,
      eventsExecuted: result.eventsExecuted,
      wallS,
      meanLatencyMs: result.meanLatencyMs,
    };
  } else {
    // Building the setup is not part of the run; everything simulate() does is.
    const setup = workload.build!(durationMs);
    const startMs = performance.now();
    const result = simulate(setup);
    const wallS = (performance.now() - startMs) / 1000;
    measureSetup = () => {
      const setupOnly = workload.build!(0);
      const setupStartMs = performance.now();
      simulate(setupOnly);
      return (performance.now() - setupStartMs) / 1000;
    };
    report = {
      workload: workload.name,
      durationS,
      requests: result.requests.total,
      completed: result.latency.count,
      eventsExecuted: result.stats.eventsExecuted,
      wallS,
      meanLatencyMs: result.latency.meanMs,
    };
  }
  // maxRSS is in KiB.
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  // After the peak RSS is read: the setup-only run must not count in the workload's memory.
  const setupS = measureSetup?.();
  process.stdout.write(`${JSON.stringify({ ...report, peakRssMiB, ...(setupS === undefined ? {} : { setupS }) })}\n`);
}

main();
