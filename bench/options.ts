// The command line of `npm run bench`: parses the mode flags, --workload and --runs, and prints the
// usage text (exiting) when an argument is unknown or malformed.

import { WORKLOADS } from './workloads.js';

const DEFAULT_RUNS = 3;

export interface Options {
  quick: boolean;
  /** Only the algorithm scale workloads (scale-… and pick-…). */
  scaleOnly: boolean;
  /** Only the live-mode rate measurement (real sockets, real time). */
  liveOnly: boolean;
  /** Only the replay throughput (a synthetic run against the replay of its log). */
  replayOnly: boolean;
  /** Only peak RSS replaying a ~100 MB and a ~1 GB log (minutes: generates both into /tmp). */
  replayRss: boolean;
  /** Only the parallel efficiency of a sweep on two worker threads. */
  sweepOnly: boolean;
  runs: number;
  workloads: string[];
}

export function parseArgs(argv: string[]): Options {
  const options: Options = { quick: false, scaleOnly: false, liveOnly: false, replayOnly: false, replayRss: false, sweepOnly: false, runs: DEFAULT_RUNS, workloads: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--scale') options.scaleOnly = true;
    else if (arg === '--live') options.liveOnly = true;
    else if (arg === '--replay') options.replayOnly = true;
    else if (arg === '--replay-rss') options.replayRss = true;
    else if (arg === '--sweep') options.sweepOnly = true;
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
      'usage: npm run bench -- [--quick] [--scale] [--live] [--replay] [--replay-rss] [--sweep] [--workload NAME]... [--runs N]',
      '  --quick          every simulated duration divided by 10',
      '  --scale          only the algorithm scale workloads (scale-… and pick-…)',
      '  --live           only live mode: real requests per second one machine plays faithfully',
      '  --replay         only the replay throughput: a synthetic run against the replay of its access log',
      '  --replay-rss     only peak RSS replaying a ~100 MB and a ~1 GB generated log (into /tmp; minutes)',
      '  --sweep          only a sweep of 8 equal units on 1 and on 2 worker threads: T1, T2, parallel efficiency',
      '  --workload NAME  only this workload (repeatable); one of:',
      ...WORKLOADS.map((workload) => `                     ${workload.name}: ${workload.description}`),
      `  --runs N         runs per measurement, median reported (default ${DEFAULT_RUNS})`,
      '',
    ].join('\n'),
  );
  process.exit(exitCode);
}
