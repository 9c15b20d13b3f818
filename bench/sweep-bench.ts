// `npm run bench -- --sweep`: the parallel efficiency of a sweep on worker threads (issue 17).
// A sweep of 8 equal units with jobs 1 (inline) and jobs 2, each run in a fresh child process,
// in interleaved rounds; efficiency = T1 / (2 × T2) on the medians, target ≥ 85%.

import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixed } from './format.js';
import type { SweepChildReport } from './sweep-child.js';
import { median } from './summary.js';

const COMPILED = import.meta.url.endsWith('.js');
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_DIR = COMPILED ? path.resolve(BENCH_DIR, '..', '..', '..') : path.dirname(BENCH_DIR);
const CHILD_ARGS = COMPILED ? [path.join(BENCH_DIR, 'sweep-child.js')] : ['--import', 'tsx', path.join(BENCH_DIR, 'sweep-child.ts')];
/** A steady lesson: two instances, one slowed for 5 minutes, no gateway errors; each seed costs about the same. */
const LESSON = 'scenarios/slow-instance-raises-latency.json';
/** Eight equal units, so two workers get four each and neither waits on the other. */
const SWEEP_UNIT_COUNT = 8;
/** About 0.75 s of simulation per unit on this machine's cores (1.7 million requests), mid-way in the 0.5–1 s. */
const SWEEP_DURATION = '12h';
const TARGET_EFFICIENCY = 0.85;

function runChild(jobs: number): SweepChildReport {
  const child = spawnSync(process.execPath, [...CHILD_ARGS, String(jobs), String(SWEEP_UNIT_COUNT), SWEEP_DURATION, LESSON], { cwd: REPO_DIR, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`sweep child exited ${child.status ?? child.signal}: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as SweepChildReport;
}

const percent = (ratio: number) => `${fixed(ratio * 100, 1)}%`;
const runText = (report: SweepChildReport) =>
  `${fixed(report.wallS, 2)} s (CPU ${fixed(report.cpuS, 2)} s, units ${fixed(Math.min(...report.unitMs), 0)}–${fixed(Math.max(...report.unitMs), 0)} ms)`;

export function benchSweep(runs: number): void {
  const cores = availableParallelism();
  console.log(`Sweep: ${SWEEP_UNIT_COUNT} units (${LESSON} at Duration ${SWEEP_DURATION}, seeds 1–${SWEEP_UNIT_COUNT}) through runUnits, pool start-up included`);
  console.log(`  cores available: ${cores}`);
  const inline: SweepChildReport[] = [];
  const pooled: SweepChildReport[] = [];
  for (let round = 1; round <= runs; round++) {
    // Alternate which goes first, so neither always meets the machine just after the other.
    for (const jobs of round % 2 === 1 ? [1, 2] : [2, 1]) (jobs === 1 ? inline : pooled).push(runChild(jobs));
    const [t1, t2] = [inline[round - 1]!, pooled[round - 1]!];
    // The 1-minute load average after the round: other work on the machine takes cores from T2 first.
    const efficiencyText = cores < 2 ? '' : `, efficiency ${percent(t1.wallS / (2 * t2.wallS))}`;
    console.log(`  round ${round}/${runs}: T1 ${runText(t1)}, T2 ${runText(t2)}${efficiencyText}; load ${fixed(loadavg()[0]!, 2)}`);
  }
  const [t1, t2] = [median(inline.map((r) => r.wallS)), median(pooled.map((r) => r.wallS))];
  const sameNumbers = [...inline, ...pooled].every((r) => JSON.stringify(r.values) === JSON.stringify(inline[0]!.values));
  console.log(`  medians: T1 ${fixed(t1, 2)} s, T2 ${fixed(t2, 2)} s, speed-up T1/T2 ${fixed(t1 / t2, 2)}×`);
  console.log(`  every run gave the same numbers: ${sameNumbers ? 'yes' : 'NO'}`);
  if (cores < 2) {
    console.log(`  efficiency: cannot be measured with ${cores} core available (2 workers would share it)`);
    return;
  }
  // Two free cores cannot run T2 in less than half its CPU time, so this ratio bounds the efficiency
  // from above; unlike wall times it barely moves when other work takes the cores.
  const cpuRatio = median(inline.map((r) => r.cpuS)) / median(pooled.map((r) => r.cpuS));
  console.log(`  CPU time T1/T2 ${percent(cpuRatio)} (medians; the most two free cores could give)`);
  const efficiency = t1 / (2 * t2);
  console.log(`  efficiency T1/(2·T2) ${percent(efficiency)}; target ≥ ${percent(TARGET_EFFICIENCY)}: ${efficiency >= TARGET_EFFICIENCY ? 'met' : 'NOT met'}`);
}
