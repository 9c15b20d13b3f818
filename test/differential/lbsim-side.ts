// The lbsim side of a differential case: the timeline scenario with the balancer settings the native
// config implies, events moved onto the balancer's clock, run by `lbsim run --events --log-requests`
// in a child process (async, so the concurrent real runs keep their timers), read into Observed.

import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repo } from '../helpers/cli.js';
import { nginxReason, RETRIED, type Answer, type Observed, type Transition } from './observations.js';
import type { BalancerKind } from './real-balancer.js';

const run = promisify(execFile);

interface TimelineEvent {
  At: string;
  [key: string]: unknown;
}

/** The timeline scenario (instances, traffic, events) the instances and lbsim both play. */
export function readTimeline(file: string): Record<string, unknown> & { Events: TimelineEvent[]; Duration: string } {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The scenario lbsim runs: the balancer part (from the native config) over the timeline. The
 * instances' clock started `shiftS` before the balancer's, so every event is `shiftS` earlier on
 * the balancer's clock, which is scenario time 0 for the client and for lbsim.
 */
export function lbsimScenario(timeline: ReturnType<typeof readTimeline>, balancerPart: Record<string, unknown>, shiftS: number): Record<string, unknown> {
  const events = timeline.Events.map((event) => ({ ...event, At: `${Math.round((parseFloat(event.At) - shiftS) * 1000)}ms` }));
  const { HealthCheck: _instancesHealthPath, ...rest } = timeline;
  return { ...rest, ...balancerPart, Events: events };
}

export interface LbsimObserved extends Observed {
  /** nginx: when lbsim let a disabled server be tried again (fail_timeout passed). */
  returnsS: number[];
  report: Record<string, unknown>;
}

export async function runLbsim(kind: BalancerKind, scenario: Record<string, unknown>, dir: string): Promise<LbsimObserved> {
  const file = join(dir, 'lbsim-scenario.json');
  const events = join(dir, 'lbsim-events.ndjson');
  writeFileSync(file, JSON.stringify(scenario, null, 2));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(repo, 'src/cli/main.ts'), 'run', file, '--format', 'json', '--events', events, '--log-requests'], {
    cwd: repo,
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ...readEvents(kind, readFileSync(events, 'utf8')), report: JSON.parse(stdout) };
}

interface LbsimEvent {
  t: number;
  type: string;
  request?: number;
  arrival?: number;
  status?: number | null;
  latency?: number;
  label?: string;
  attempts?: number;
  instance?: string;
  to?: string;
  reason?: string;
}

function readEvents(kind: BalancerKind, ndjson: string): Omit<LbsimObserved, 'report'> {
  const events = ndjson.split('\n').filter(Boolean).map((line) => JSON.parse(line) as LbsimEvent);
  const labels = new Map<number, string>();
  for (const event of events) if (event.type === 'gateway-error') labels.set(event.request!, event.label!);
  const answers: Answer[] = [];
  const transitions: Transition[] = [];
  const returnsS: number[] = [];
  for (const event of events) {
    if (event.type === 'request') {
      const status = event.status ?? 'error';
      const native = labels.get(event.request!);
      answers.push({
        id: event.request!,
        arrivalS: event.arrival!,
        status,
        label: native === undefined ? (event.attempts! > 1 ? RETRIED : '--') : kind === 'nginx' ? (nginxReason(native) ?? native) : native,
        latencyS: event.latency!,
      });
    }
    if (event.type === 'health') {
      if (kind === 'haproxy') transitions.push({ instance: event.instance!, to: event.to === 'InService' ? 'up' : 'down', atS: event.t });
      // nginx logs only the disable ("temporarily disabled"), not the trial or the return.
      else if (event.to === 'OutOfService' && /temporarily disabled/.test(event.reason ?? '')) transitions.push({ instance: event.instance!, to: 'down', atS: event.t });
      else if (event.to === 'InService' && /fail_timeout/.test(event.reason ?? '')) returnsS.push(event.t);
    }
  }
  return { answers: answers.sort((a, b) => a.arrivalS - b.arrivalS), transitions, returnsS };
}
