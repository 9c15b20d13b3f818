// One differential case end to end: `lbsim instances` on loopback playing the timeline, the real
// balancer from its native config in front, the constant-rate client, then `lbsim run` of the same
// scenario on the balancer's clock; returns both sides' observations and the measured timing errors.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../live/nginx-config.js';
import { spawnInstances, type Served } from '../live/spawn-instances.js';
import { runConstantClient } from './constant-client.js';
import { lbsimScenario, readTimeline, runLbsim, type LbsimObserved } from './lbsim-side.js';
import { FIXTURES, writeNativeConfig } from './native-config.js';
import type { Observed } from './observations.js';
import { startBalancer, type BalancerKind, type RunningBalancer } from './real-balancer.js';
import { readHaproxy, readNginx } from './real-logs.js';

export interface DifferentialCase {
  name: string;
  kind: BalancerKind;
  /** A file in test/fixtures/differential. */
  template: string;
  /** The scenario fields the config implies (profile, checks, timeouts, retries). */
  balancerPart: Record<string, unknown>;
}

export interface CaseRun {
  real: Observed;
  lbsim: LbsimObserved;
  /** Instances' clock minus the balancer's: the shift applied to every event (s). */
  shiftS: number;
  /** Spawn to listening (ms): an upper bound on how late the balancer's own clock started. */
  balancerReadyMs: number;
  /** How late each fault took effect on the instances, measured from their own log lines (ms). */
  faultLateMs: number[];
  /** The client's worst send lateness (ms). */
  clientLateMs: number;
  ratePerS: number;
  durationS: number;
  timeline: ReturnType<typeof readTimeline>;
}

const TIMELINE = join(FIXTURES, 'timeline.json');
/** The instances outlive the client by this much, so the last requests meet a live pool. */
const INSTANCES_EXTRA_S = 15;
const CLIENT_TIMEOUT_MS = 10_000;

/** "12s Events[1] hang start: s2": the timeline line `lbsim instances` writes when a change takes effect. */
const FAULT_LINE = /^(\S+) Events\[(\d+)\] \S+ (start|end):/;

export async function runCase(c: DifferentialCase): Promise<CaseRun> {
  const dir = mkdtempSync(join(tmpdir(), `lbsim-diff-${c.kind}-`));
  const timeline = readTimeline(TIMELINE);
  const durationS = parseFloat(timeline.Duration);
  const ratePerS = (timeline.Traffic as { Rate: number }).Rate;
  let served: Served | null = null;
  let balancer: RunningBalancer | null = null;
  try {
    const instancesFile = join(dir, 'instances.json');
    writeFileSync(instancesFile, JSON.stringify({ ...timeline, Duration: `${durationS + INSTANCES_EXTRA_S}s` }));
    served = await spawnInstances(instancesFile, 3);
    // The pool's time 0 is just before its lines are written; reading them costs a pipe hop (~ms).
    const instancesT0Ms = performance.now();
    const faultLines: Array<{ atMs: number; index: number; phase: string }> = [];
    createInterface({ input: served.child.stderr! }).on('line', (text) => {
      const match = FAULT_LINE.exec(text);
      if (match) faultLines.push({ atMs: performance.now(), index: Number(match[2]), phase: match[3]! });
    });
    const listenPort = await freePort();
    const ports = served.instances.map((instance) => Number(new URL(instance.url).port));
    const config = writeNativeConfig(c.template, dir, { listenPort, instancePorts: ports });
    balancer = await startBalancer(c.kind, config, dir, listenPort);
    const t0Ms = balancer.spawnedAtMs;
    const shiftS = (t0Ms - instancesT0Ms) / 1000;
    const answers = await runConstantClient({ url: `http://127.0.0.1:${listenPort}`, t0Ms, ratePerS, durationS, timeoutMs: CLIENT_TIMEOUT_MS });
    await balancer.stop();
    const portToInstance = new Map(served.instances.map((instance, i) => [ports[i]!, instance.instanceId]));
    const real = c.kind === 'haproxy' ? readHaproxy(balancer.lines, answers, t0Ms) : readNginx(balancer.lines, answers, t0Ms, portToInstance);
    const faultLateMs = faultLines.map((line) => {
      const event = timeline.Events[line.index]!;
      const atS = parseFloat(event.At) + (line.phase === 'end' ? parseFloat(String(event.Duration)) : 0);
      return line.atMs - (instancesT0Ms + atS * 1000);
    });
    const lbsim = await runLbsim(c.kind, lbsimScenario(timeline, c.balancerPart, shiftS), dir);
    return {
      real,
      lbsim,
      shiftS,
      balancerReadyMs: balancer.readyAfterMs,
      faultLateMs,
      clientLateMs: Math.max(...answers.map((answer) => answer.lateMs)),
      ratePerS,
      durationS,
      timeline,
    };
  } finally {
    await balancer?.stop();
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
