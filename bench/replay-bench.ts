// The replay benchmark (`npm run bench -- --replay`, and at the end of a full run): a synthetic run
// against the replay of its own access log on the same pool, parsing included (target: ≤ 1.5×); and
// with `--replay-rss`, peak RSS replaying a ~100 MB and a ~1 GB log (target: ≤ 1.5×). Logs go to /tmp.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixed } from './format.js';
import { generateLog } from './generate-log.js';
import type { ReplayWorkerReport } from './replay-worker.js';
import { LOG_START, REPLAY_BENCH_RATE_PER_S, writeReplay, writeTruth } from './replay-scenarios.js';
import { median } from './summary.js';

const COMPILED = import.meta.url.endsWith('.js');
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const WORKER_ARGS = COMPILED ? [path.join(BENCH_DIR, 'replay-worker.js')] : ['--import', 'tsx', path.join(BENCH_DIR, 'replay-worker.ts')];
const TARGET_RATIO = 1.5;
/** Seconds of the bench workload per 100 MB of its access log (about 148 bytes a line at 5,000 req/s). */
const SECONDS_PER_100MB = 135;

function runWorker(mode: ReplayWorkerReport['mode'], scenario: string): ReplayWorkerReport {
  const child = spawnSync(process.execPath, [...WORKER_ARGS, mode, scenario], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`replay worker exited ${child.status ?? child.signal}: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as ReplayWorkerReport;
}

function prepare(dir: string, durationS: number): { truth: string; replay: string; log: string; megabytes: number } {
  const truth = writeTruth(dir, durationS);
  const log = path.join(dir, `bench-${durationS}s.log`);
  generateLog(truth, log, { start: LOG_START });
  return { truth, replay: writeReplay(dir, durationS, log), log, megabytes: statSync(log).size / 1e6 };
}

/** Throughput: synthetic and replay runs interleaved, medians compared. */
export function benchReplayThroughput(runs: number, quick: boolean): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'lbsim-bench-replay-'));
  try {
    const durationS = quick ? 20 : 100;
    const files = prepare(dir, durationS);
    const synthetic: ReplayWorkerReport[] = [];
    const replayed: ReplayWorkerReport[] = [];
    for (let round = 0; round < runs; round++) {
      synthetic.push(runWorker('synthetic', files.truth));
      replayed.push(runWorker('replay', files.replay));
    }
    const [syntheticS, replayS] = [median(synthetic.map((r) => r.wallS)), median(replayed.map((r) => r.wallS))];
    console.log(`Replay: ${durationS} s at ${REPLAY_BENCH_RATE_PER_S.toLocaleString('en-US')} req/s, 10 instances; the log (Classic ELB format) is ${fixed(files.megabytes, 1)} MB`);
    console.log(`  synthetic run  ${fixed(syntheticS, 2)} s  (${Math.round(synthetic[0]!.requests / syntheticS).toLocaleString('en-US')} req/wall-s, peak RSS ${fixed(median(synthetic.map((r) => r.peakRssMiB)), 1)} MiB)`);
    console.log(`  replay of it   ${fixed(replayS, 2)} s  (${Math.round(replayed[0]!.requests / replayS).toLocaleString('en-US')} req/wall-s, peak RSS ${fixed(median(replayed.map((r) => r.peakRssMiB)), 1)} MiB), reading and parsing included`);
    console.log(`  per round (synthetic / replay s): ${synthetic.map((r, i) => `${fixed(r.wallS, 2)} / ${fixed(replayed[i]!.wallS, 2)}`).join(', ')}`);
    const ratio = replayS / syntheticS;
    console.log(`  target replay ≤ ${TARGET_RATIO}× synthetic: ${fixed(ratio, 2)}× ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Memory: the replay of a ~100 MB and of a ~1 GB log, peak RSS compared. */
export function benchReplayRss(): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'lbsim-bench-replay-rss-'));
  try {
    const reports = [1, 10].map((hundreds) => {
      const files = prepare(dir, SECONDS_PER_100MB * hundreds);
      const report = runWorker('replay', files.replay);
      console.log(`Replay of a ${fixed(files.megabytes, 0)} MB log: ${report.requests.toLocaleString('en-US')} requests in ${fixed(report.wallS, 1)} s, peak RSS ${fixed(report.peakRssMiB, 1)} MiB`);
      rmSync(files.log, { force: true });
      return report;
    });
    const ratio = reports[1]!.peakRssMiB / reports[0]!.peakRssMiB;
    console.log(`  target RSS(1 GB) ≤ ${TARGET_RATIO}× RSS(100 MB): ${fixed(ratio, 2)}× ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
