// `npm run bench`: runs every workload in its own child process several times, prints the runs,
// a table of medians and the three targets (vs the bare loop, vs SimPy, memory at 10× duration).
// A benchmark, not a test: it exits 0 whatever the figures are.

import os from 'node:os';
import { findSimPy } from './children.js';
import { benchLiveRates } from './live-rate.js';
import { fixed } from './format.js';
import { parseArgs, type Options } from './options.js';
import { planFor, SIMPY_WORKLOAD } from './plan.js';
import { runRounds } from './rounds.js';
import { printSameWorkloadCheck } from './same-workload.js';
import { printScaleTable } from './scale-table.js';
import { printMedians, summariseAll } from './summary.js';
import { printTargets } from './targets.js';
import { benchReplayRss, benchReplayThroughput } from './replay-bench.js';
import { benchSweep } from './sweep-bench.js';

function printHeader(options: Options): void {
  const cpus = os.cpus();
  console.log('lbsim benchmark');
  console.log(`date:     ${new Date().toISOString()}`);
  console.log(`node:     ${process.version} (${process.platform} ${process.arch})`);
  console.log(`cpu:      ${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`);
  // Other work on the machine skews wall times; the 1-minute load average at start shows it.
  console.log(`load:     ${fixed(os.loadavg()[0]!, 2)} (1-minute average at start)`);
  console.log(`mode:     ${options.quick ? 'quick (durations ÷ 10)' : 'full'}, ${options.runs} run(s) per measurement, median reported`);
  console.log('');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  printHeader(options);
  if (options.liveOnly) return benchLiveRates();
  if (options.replayOnly) return benchReplayThroughput(options.runs, options.quick);
  if (options.replayRss) return benchReplayRss();
  if (options.sweepOnly) return benchSweep(options.runs);
  const plan = planFor(options);

  const simpyPlanned = plan.some((m) => m.workload === SIMPY_WORKLOAD);
  const python = simpyPlanned ? findSimPy() : null;
  const measured = plan.filter((m) => m.workload !== SIMPY_WORKLOAD || python !== null);
  if (simpyPlanned) {
    console.log(python ? `SimPy: ${python.command} (${python.api === 'simpy3' ? 'import simpy' : 'SimPy.Simulation, SimPy 2'})` : 'SimPy: not available (install Debian python3-simpy)');
    console.log('');
  }

  const runs = runRounds(measured, python, options.runs);
  const summaries = summariseAll(measured, runs);
  printMedians(summaries, options.runs);
  printScaleTable(summaries);
  printSameWorkloadCheck(summaries);
  printTargets(summaries, simpyPlanned);
  console.log('Peak RSS is the whole child process (Node included); requests are arrivals in the simulated span.');
  // A full run (no workload or scale selection) also measures replay against its synthetic run.
  if (options.workloads.length === 0 && !options.scaleOnly) {
    console.log('');
    benchReplayThroughput(options.runs, options.quick);
  }
}

await main();
