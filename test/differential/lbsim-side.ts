// The lbsim side of a differential case: a scenario that references the same native config the real
// balancer runs ("Config"), with the timeline's traffic and events moved onto the balancer's clock, run
// by `lbsim run --events --log-requests` in a child process (async: the concurrent real runs keep their timers).

import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { importConfigFile } from '../../src/scenario/import/config-file.js';
import { lbsimArgv, repo } from '../helpers/cli.js';
import { nginxReason, RETRIED, type Answer, type Observed, type Transition } from './observations.js';
import type { BalancerKind } from './real-balancer.js';

const run = promisify(execFile);

interface TimelineEvent {
  At: string;
  Instance: string | string[];
  Duration?: string;
  [key: string]: unknown;
}

export interface Timeline {
  Name: string;
  Description: string;
  Seed: number;
  Duration: string;
  Traffic: { Rate: number; Arrival: string };
  Instances: Array<{ InstanceId: string; [key: string]: unknown }>;
  Events: TimelineEvent[];
  [key: string]: unknown;
}

/** The timeline scenario (instances, traffic, events) the instances and lbsim both play; times in seconds ("5s"). */
export function readTimeline(file: string): Timeline {
  return JSON.parse(readFileSync(file, 'utf8')) as Timeline;
}

/**
 * The scenario lbsim runs: `"Config": {"File": ...}` names the same filled native config the real
 * balancer runs (lbsim imports it: profile, checks, timeouts, retries, algorithm, servers), with the
 * timeline's duration, seed, traffic, service times and events over it. The config names its
 * servers (`s1`, or an address for nginx): `ids` maps the timeline's names to them. The instances'
 * clock started `shiftS` before the balancer's, so every event is `shiftS` earlier on the balancer's
 * clock, which is scenario time 0 for the client and for lbsim.
 */
export function lbsimScenario(timeline: Timeline, configFileName: string, ids: Map<string, string>, shiftS: number): Record<string, unknown> {
  const rename = (id: unknown): unknown => (Array.isArray(id) ? id.map(rename) : (ids.get(String(id)) ?? id));
  const events = timeline.Events.map((event) => ({ ...event, Instance: rename(event.Instance), At: `${Math.round((parseFloat(event.At) - shiftS) * 1000)}ms` }));
  const instances = timeline.Instances.map((instance) => ({ ...instance, InstanceId: rename(instance.InstanceId) }));
  return {
    Name: timeline.Name,
    Description: timeline.Description,
    Seed: timeline.Seed,
    Duration: timeline.Duration,
    Config: { File: configFileName },
    Traffic: timeline.Traffic,
    Instances: instances,
    Events: events,
  };
}

/** The server names the config gives, in file order, as lbsim's import reads them. */
export function configInstanceIds(configFile: string): string[] {
  const outcome = importConfigFile(configFile, {});
  if (!outcome.ok) throw new Error(`lbsim cannot import ${configFile}:\n${outcome.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`).join('\n')}`);
  return (outcome.config.scenario['Instances'] as Array<{ InstanceId: string }>).map((instance) => instance.InstanceId);
}

export interface LbsimObserved extends Observed {
  /** nginx: when lbsim let a disabled server be tried again (fail_timeout passed). */
  returnsS: number[];
  report: Record<string, unknown>;
}

/** Runs the scenario from `dir` (where the config is); `names` maps lbsim's instance ids back to the timeline's. */
export async function runLbsim(kind: BalancerKind, scenario: Record<string, unknown>, dir: string, names: Map<string, string>): Promise<LbsimObserved> {
  const file = join(dir, 'lbsim-scenario.json');
  const events = join(dir, 'lbsim-events.ndjson');
  writeFileSync(file, JSON.stringify(scenario, null, 2));
  const { stdout } = await run(process.execPath, lbsimArgv('run', file, '--format', 'json', '--events', events, '--log-requests'), {
    cwd: repo,
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const observed = readEvents(kind, readFileSync(events, 'utf8'));
  const named = observed.transitions.map((t) => ({ ...t, instance: names.get(t.instance) ?? t.instance }));
  return { ...observed, transitions: named, report: JSON.parse(stdout) };
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
        lateS: 0,
      });
    }
    if (event.type === 'health') {
      if (kind === 'haproxy') transitions.push({ instance: event.instance!, to: event.to === 'InService' ? 'up' : 'down', atS: event.t });
      // nginx logs only the disable ("temporarily disabled"), also when a trial after fail_timeout
      // fails; lbsim writes that as a trial ("one request is trying it") with no success after it.
      else if (event.to === 'OutOfService' && /temporarily disabled/.test(event.reason ?? '')) transitions.push({ instance: event.instance!, to: 'down', atS: event.t });
      else if (event.to === 'OutOfService' && /trying it/.test(event.reason ?? '') && !trialSucceeded(events, event)) transitions.push({ instance: event.instance!, to: 'down', atS: event.t });
      else if (event.to === 'InService' && /fail_timeout/.test(event.reason ?? '')) returnsS.push(event.t);
    }
  }
  return { answers: answers.sort((a, b) => a.arrivalS - b.arrivalS), transitions, returnsS };
}

/** Whether the next health event of the trial's instance is its success. */
function trialSucceeded(events: LbsimEvent[], trial: LbsimEvent): boolean {
  const after = events.slice(events.indexOf(trial) + 1);
  const next = after.find((e) => e.type === 'health' && e.instance === trial.instance);
  return next !== undefined && next.to === 'InService' && /succeeded/.test(next.reason ?? '');
}
