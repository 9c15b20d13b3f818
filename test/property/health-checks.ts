// Health beliefs walked through a run's event log: a belief changes only on a probe result for that
// instance at that instant (in its direction, after the reference's thresholds), a passive result
// (nginx max_fails / fail_timeout) on that instance then, or the instance joining or leaving the pool.

import { expect } from 'vitest';
import type { HealthState } from '../../src/model/config.js';
import type { ProfileName } from '../../src/model/outcome.js';
import type { HealthCheckEvent, HealthEvent, SimEvent } from '../../src/model/run/events.js';
import type { Attempt } from './attempt-ledger.js';
import { Problems } from './problems.js';
import { NGINX_FAIL_TIMEOUT_S } from './reference-answers.js';

export interface HealthLimits {
  profile: ProfileName;
  /** The document's HealthCheck block is used (every profile but open-source nginx). */
  activeChecks: boolean;
  http: boolean;
  intervalMs: number;
  timeoutMs: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  /** The balancer's nodes (one per zone for AWS, one for a proxy). */
  nodes: readonly string[];
  /** Instance ids with the belief each node starts with (OutOfService when not registered at the start). */
  initial: ReadonlyMap<string, HealthState>;
  /** Times (s) each instance joined or left the pool: register/deregister events and deploy batches. */
  membership: ReadonlyArray<{ t: number; instance: string; registered: boolean }>;
}

/** §6 simulator note 1: CLB exactly 200, ALB matcher default 200, Envoy 200, HAProxy and NGINX Plus 2xx/3xx. */
const PASSING: Record<ProfileName, readonly [number, number]> = {
  'aws-clb': [200, 200],
  'aws-alb': [200, 200],
  envoy: [200, 200],
  haproxy: [200, 399],
  nginx: [200, 399],
};
const SAME_INSTANT_S = 1e-6;
const FAILED_ENDS = new Set(['refused', 'race', 'reset', 'malformed', 'timeout', 'connect-timeout']);

/** Each probe result: passed by the reference's rule, within Timeout, a timeout exactly at Timeout. */
export function checkProbes(events: readonly SimEvent[], limits: HealthLimits): void {
  const probes = events.filter((event): event is HealthCheckEvent => event.type === 'health-check');
  // Open-source nginx has passive checks only (§5.1).
  if (!limits.activeChecks) return void expect(probes).toEqual([]);
  const [low, high] = PASSING[limits.profile];
  const problems = new Problems();
  for (const probe of probes) {
    const status = /^(?:status )?(\d{3})$/.exec(probe.detail);
    const passes = status === null ? probe.detail === 'connected' : Number(status[1]) >= low && Number(status[1]) <= high;
    const where = () => `${limits.profile} probe of ${probe.instance} at ${probe.t}s: ${probe.result} ${probe.detail} in ${probe.latency}s`;
    problems.check(probe.result === (passes ? 'pass' : 'fail'), where);
    problems.check(limits.http || status === null, () => `${where()}: a TCP check has no status`);
    problems.check(probe.latency <= limits.timeoutMs / 1000 + SAME_INSTANT_S, () => `${where()}: longer than Timeout`);
    problems.check(probe.detail !== 'timeout' || Math.abs(probe.latency - limits.timeoutMs / 1000) <= SAME_INSTANT_S, () => `${where()}: a timeout before Timeout`);
  }
  problems.assertNone('probe results');
}

interface View {
  belief: HealthState;
  /** Probe results since it last joined or left the pool, oldest first. */
  results: boolean[];
  /** The latest probe result and its time (s). */
  lastProbe: { t: number; passed: boolean } | null;
  /** Joined the pool and not transitioned since (ALB's `initial`: one pass is enough, §2.1). */
  joining: boolean;
}

export function checkBeliefs(events: readonly SimEvent[], attempts: readonly Attempt[], limits: HealthLimits): void {
  const problems = new Problems();
  const views = new Map<string, View>();
  for (const node of limits.nodes) for (const [instance, belief] of limits.initial) views.set(`${node}/${instance}`, { belief, results: [], lastProbe: null, joining: false });
  const view = (node: string, instance: string): View => views.get(`${node}/${instance}`)!;
  const attemptsOn = new Map<string, Attempt[]>();
  for (const attempt of attempts) (attemptsOn.get(attempt.instance) ?? attemptsOn.set(attempt.instance, []).get(attempt.instance)!).push(attempt);
  const membership = [...limits.membership].sort((a, b) => a.t - b.t);
  for (const event of events) {
    // Membership changes up to this instant reset every node's counting for the instance.
    while (membership.length > 0 && membership[0]!.t <= event.t + SAME_INSTANT_S) {
      const change = membership.shift()!;
      for (const [key, seen] of views) if (key.endsWith(`/${change.instance}`)) Object.assign(seen, { results: [], joining: change.registered });
    }
    if (event.type === 'health-check') {
      const seen = view(event.node, event.instance);
      seen.results.push(event.result === 'pass');
      seen.lastProbe = { t: event.t, passed: event.result === 'pass' };
    }
    if (event.type !== 'health') continue;
    const seen = view(event.node, event.instance);
    const where = () => `${limits.profile} ${event.node}/${event.instance} ${event.from}→${event.to} at ${event.t}s (${event.reason})`;
    problems.check(event.from === seen.belief && event.to !== event.from, () => `${where()}: believed ${seen.belief} before`);
    const cause = causeOf(event, seen, attemptsOn.get(event.instance) ?? [], limits);
    problems.check(cause !== null, () => `${where()}: no probe, passive result or membership change explains it`);
    if (cause === 'probe') problems.check(thresholdsMet(event, seen, limits), () => `${where()}: without the thresholds' run of results (${seen.results.join(',')})`);
    seen.belief = event.to;
    seen.joining = false;
  }
  problems.assertNone('health beliefs');
}

type Cause = 'membership' | 'probe' | 'passive';

function causeOf(change: HealthEvent, seen: View, attempts: readonly Attempt[], limits: HealthLimits): Cause | null {
  const at = (t: number) => Math.abs(t - change.t) <= SAME_INSTANT_S;
  const joined = limits.membership.find((m) => m.instance === change.instance && at(m.t));
  // Leaving is OutOfService everywhere; joining is InService at once only where no check must pass
  // first: HAProxy starts a server UP (§4.1), open-source nginx has no checks (§5.1).
  if (joined && (joined.registered ? change.to === 'InService' && ['haproxy', 'nginx'].includes(limits.profile) : change.to === 'OutOfService')) return 'membership';
  // The probe result is logged just before the change it makes.
  if (seen.lastProbe !== null && at(seen.lastProbe.t) && seen.lastProbe.passed === (change.to === 'InService')) return 'probe';
  // A one-server group is never marked down (§5.1).
  if (limits.profile === 'nginx' && limits.initial.size > 1 && passiveExplains(change, attempts, at)) return 'passive';
  return null;
}

/**
 * nginx (§5.1, §5.2): a failed attempt disables the peer (max_fails 1), and so does the one request
 * let through after fail_timeout; a success brings it back, and so does fail_timeout passing, on
 * whole seconds (§7 item 6): at floor(last charge) + fail_timeout + 1 s.
 */
function passiveExplains(change: HealthEvent, attempts: readonly Attempt[], at: (t: number) => boolean): boolean {
  if (change.to === 'OutOfService') {
    return attempts.some((a) => (a.end !== null && FAILED_ENDS.has(a.end) && at(a.endMs! / 1000)) || at(a.startMs / 1000));
  }
  if (attempts.some((a) => a.end === 'answered' && at(a.endMs! / 1000))) return true;
  const charges = attempts.flatMap((a) => [a.startMs, ...(a.end !== null && FAILED_ENDS.has(a.end) ? [a.endMs!] : [])]);
  return Number.isInteger(change.t) && charges.some((ms) => Math.floor(ms / 1000) + NGINX_FAIL_TIMEOUT_S + 1 === change.t);
}

/** §1.1 / §2.1 consecutive thresholds (AWS), §4.1 HAProxy's rise from DOWN. */
function thresholdsMet(change: HealthEvent, seen: View, limits: HealthLimits): boolean {
  const all = (n: number, passed: boolean) => seen.results.length >= n && seen.results.slice(-n).every((result) => result === passed);
  const { profile, healthyThreshold, unhealthyThreshold } = limits;
  if (change.to === 'OutOfService') return profile === 'aws-clb' || profile === 'aws-alb' ? all(unhealthyThreshold, false) : true;
  if (profile === 'aws-clb' || profile === 'haproxy') return all(healthyThreshold, true);
  if (profile === 'aws-alb') return all(seen.joining ? 1 : healthyThreshold, true);
  return true;
}
