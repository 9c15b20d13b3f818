// One differential case end to end: `lbsim instances` on loopback playing the timeline, the real
// balancer from its native config in front, the constant-rate client, then `lbsim run` of the same
// scenario on the balancer's clock; returns both sides' observations and the measured timing errors.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../live/nginx-config.js';
import { spawnInstances, type Served } from '../live/spawn-instances.js';
import { runConstantClient } from './constant-client.js';
import { configInstanceIds, lbsimScenario, readTimeline, runLbsim, type LbsimObserved, type Timeline } from './lbsim-side.js';
import { FIXTURES, writeNativeConfig } from './native-config.js';
import type { Observed } from './observations.js';
import { startBalancer, type BalancerKind, type RunningBalancer } from './real-balancer.js';
import { readHaproxy, readNginx } from './real-logs.js';

export interface DifferentialCase {
  name: string;
  kind: BalancerKind;
  /** A file in test/fixtures/differential: the real balancer's config, and lbsim's through `"Config"`. */
  template: string;
}

export interface CaseRun {
  real: Observed;
  lbsim: LbsimObserved;
  /** Instances' clock minus the balancer's: the shift applied to every event (s). */
  shiftS: number;
  /** Spawn to listening (ms). */
  balancerStartMs: number;
  /** The balancer's loop started within this many ms before it was first seen listening (probe spacing). */
  balancerStartUncertaintyMs: number;
  /** How time 0 was chosen. */
  t0Rule: string;
  /** Each fault's log line arrival after the earliest-implied instances clock (ms): the spread of their delays. */
  faultLateMs: number[];
  /** The client's worst send lateness and its 99th percentile (ms). */
  clientLateMs: number;
  clientLateP99Ms: number;
  ratePerS: number;
  durationS: number;
  timeline: Timeline;
}

const TIMELINE = join(FIXTURES, 'timeline.json');
/** The instances outlive the client by this much, so the last requests meet a live pool. */
const INSTANCES_EXTRA_S = 15;
const CLIENT_TIMEOUT_MS = 10_000;
/** The nginx configs keep the default fail_timeout. */
const NGINX_FAIL_TIMEOUT_S = 10;

/** "12s Events[1] hang start: s2": the timeline line `lbsim instances` writes when a change takes effect. */
const FAULT_LINE = /^(\S+) Events\[(\d+)\] \S+ (start|end):/;

/**
 * Scenario time 0 on the real clock. HAProxy: when it was first seen listening, as its check clock
 * starts with its loop. nginx: the next whole epoch second after that, because nginx counts
 * fail_timeout on its cached whole-second clock (lb-semantics.md §7 item 6) and lbsim's nginx counts
 * whole scenario seconds: with 0 on an epoch second the two clocks tick together. nginx does nothing
 * before the first request, so the wait changes nothing else.
 */
function timeZero(kind: BalancerKind, balancer: RunningBalancer): { t0Ms: number; t0Rule: string } {
  if (kind === 'haproxy') return { t0Ms: balancer.readyAtMs, t0Rule: 'first seen listening' };
  const nowMs = performance.now();
  const epochMs = Date.now();
  const t0Ms = nowMs + (Math.ceil(epochMs / 1000) * 1000 - epochMs);
  return { t0Ms, t0Rule: `the next epoch second (${((t0Ms - balancer.readyAtMs) / 1000).toFixed(3)} s after listening)` };
}

export async function runCase(c: DifferentialCase): Promise<CaseRun> {
  const dir = mkdtempSync(join(tmpdir(), `lbsim-diff-${c.kind}-`));
  const timeline = readTimeline(TIMELINE);
  const durationS = parseFloat(timeline.Duration);
  const ratePerS = timeline.Traffic.Rate;
  let served: Served | null = null;
  let balancer: RunningBalancer | null = null;
  try {
    const instancesFile = join(dir, 'instances.json');
    writeFileSync(instancesFile, JSON.stringify({ ...timeline, Duration: `${durationS + INSTANCES_EXTRA_S}s` }));
    served = await spawnInstances(instancesFile, 3);
    const faultLines: Array<{ atMs: number; index: number; phase: string }> = [];
    createInterface({ input: served.child.stderr! }).on('line', (text) => {
      const match = FAULT_LINE.exec(text);
      if (match) faultLines.push({ atMs: performance.now(), index: Number(match[2]), phase: match[3]! });
    });
    const listenPort = await freePort();
    const ports = served.instances.map((instance) => Number(new URL(instance.url).port));
    const config = writeNativeConfig(c.template, dir, { listenPort, instancePorts: ports });
    balancer = await startBalancer(c.kind, config, dir, listenPort);
    const { t0Ms, t0Rule } = timeZero(c.kind, balancer);
    const answers = await runConstantClient({ url: `http://127.0.0.1:${listenPort}`, t0Ms, ratePerS, durationS, timeoutMs: CLIENT_TIMEOUT_MS });
    // A balancer logs a request after its answer: let the last lines come before stopping it (one CI run lost one).
    await logsSettled(balancer.lines);
    await balancer.stop();
    const portToInstance = new Map(served.instances.map((instance, i) => [ports[i]!, instance.instanceId]));
    const real = c.kind === 'haproxy' ? readHaproxy(balancer.lines, answers, t0Ms) : readNginx(balancer.lines, answers, t0Ms, portToInstance, NGINX_FAIL_TIMEOUT_S);
    // Each line arrives a little after its change took effect, never before: the earliest implied
    // start of the instances' clock is the best estimate of it.
    const implied = faultLines.map((line) => {
      const event = timeline.Events[line.index]!;
      const atS = parseFloat(event.At) + (line.phase === 'end' ? parseFloat(String(event.Duration)) : 0);
      return line.atMs - atS * 1000;
    });
    const instancesT0Ms = Math.min(...implied);
    const faultLateMs = implied.map((ms) => ms - instancesT0Ms);
    const shiftS = (t0Ms - instancesT0Ms) / 1000;
    const configIds = configInstanceIds(config);
    const ids = new Map(timeline.Instances.map((instance, i) => [instance.InstanceId, configIds[i]!]));
    const names = new Map([...ids].map(([name, id]) => [id, name]));
    const lbsim = await runLbsim(c.kind, lbsimScenario(timeline, basename(config), ids, shiftS), dir, names);
    return {
      real,
      lbsim,
      shiftS,
      balancerStartMs: balancer.readyAtMs - balancer.spawnedAtMs,
      balancerStartUncertaintyMs: balancer.readyAtMs - balancer.notReadyAtMs,
      t0Rule,
      faultLateMs,
      clientLateMs: Math.max(...answers.map((answer) => answer.lateMs)),
      clientLateP99Ms: answers.map((answer) => answer.lateMs).sort((a, b) => a - b)[Math.floor(answers.length * 0.99)]!,
      ratePerS,
      durationS,
      timeline,
    };
  } finally {
    await balancer?.stop();
    await served?.stop();
    if (balancer) writeFileSync(join(dir, `${c.kind}.log`), balancer.lines.map((line) => `${line.atMs.toFixed(1)} ${line.text}`).join('\n'));
    // LBSIM_DIFF_KEEP=1 keeps the run's files (configs, scenario, logs, events) to look at.
    if (process.env.LBSIM_DIFF_KEEP === '1') console.log(`${c.name}: files kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until no line has arrived for LOG_QUIET_MS, at most LOG_WAIT_MAX_MS. */
async function logsSettled(lines: readonly unknown[]): Promise<void> {
  const startedAt = performance.now();
  let seen = lines.length;
  let quietSince = performance.now();
  while (performance.now() - startedAt < LOG_WAIT_MAX_MS) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    if (lines.length !== seen) [seen, quietSince] = [lines.length, performance.now()];
    else if (performance.now() - quietSince >= LOG_QUIET_MS) return;
  }
}

const LOG_QUIET_MS = 200;
const LOG_WAIT_MAX_MS = 2000;
