// The replay benchmark's scenarios: a synthetic run (the "truth") whose access log is replayed, and
// the replay of that log on the same pool with ServiceTime FromLog, written as scenario files.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPLAY_BENCH_RATE_PER_S = 5_000;
const INSTANCE_COUNT = 10;
export const LOG_START = '2026-01-01T00:00:00Z';

function base(durationS: number): Record<string, unknown> {
  return {
    LoadBalancerName: 'bench',
    Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }],
    HealthCheck: { Target: 'TCP:80', Interval: 30, Timeout: 5 },
    Duration: durationS,
    Seed: 1,
    Balancing: { Algorithm: 'round-robin' },
  };
}

/** 10 instances of 8 workers at 70% load (500 req/s each × 11.2 ms mean = 5.6 busy workers), three paths. */
export function writeTruth(dir: string, durationS: number): string {
  const path = join(dir, `truth-${durationS}s.json`);
  const scenario = {
    ...base(durationS),
    Instances: [{ InstanceId: 'i', Count: INSTANCE_COUNT, Concurrency: 8, Backlog: 100_000, ServiceTime: { Distribution: 'exponential', Mean: '11.2ms' } }],
    Traffic: { Rate: REPLAY_BENCH_RATE_PER_S, Requests: [{ Path: '/products' }, { Path: '/cart' }, { Method: 'POST', Path: '/checkout' }] },
  };
  writeFileSync(path, JSON.stringify(scenario));
  return path;
}

export function writeReplay(dir: string, durationS: number, logFile: string): string {
  const path = join(dir, `replay-${durationS}s.json`);
  const scenario = {
    ...base(durationS),
    Instances: [{ InstanceId: 'i', Count: INSTANCE_COUNT, Concurrency: 8, Backlog: 100_000, ServiceTime: 'FromLog' }],
    Traffic: { Replay: { File: logFile, Format: 'clb', From: LOG_START } },
  };
  writeFileSync(path, JSON.stringify(scenario));
  return path;
}
