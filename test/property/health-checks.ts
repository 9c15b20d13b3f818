// Health beliefs walked through a run's event log: a belief changes only on a probe result for that
// instance at that instant (in its direction, after the reference's thresholds for that profile), a
// passive result (nginx max_fails / fail_timeout, walked from the test's own attempts) on that
// instance through that node then, or the instance joining or leaving the pool.

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
/** Attempt ends nginx charges to the peer: `error`, `timeout` and `invalid_header` (§5.2); a cut is the balancer's doing. */
const FAILED_ENDS = new Set(['refused', 'race', 'reset', 'malformed', 'timeout', 'connect-timeout']);
/** A probe's detail when an HTTP answer came: `200`, or `status 503` for a failing one. */
const HTTP_ANSWER = /^(?:status )?(\d{3})$/;

/** Each probe result: passed by the reference's rule, within Timeout, a timeout exactly at Timeout. */
export function checkProbes(events: readonly SimEvent[], limits: HealthLimits): void {
  const probes = events.filter((event): event is HealthCheckEvent => event.type === 'health-check');
  // Open-source nginx has passive checks only (§5.1).
  if (!limits.activeChecks) return void expect(probes).toEqual([]);
  const [low, high] = PASSING[limits.profile];
  const problems = new Problems();
  for (const probe of probes) {
    const status = HTTP_ANSWER.exec(probe.detail);
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
  /** The latest probe result, its time (s), and whether an HTTP answer came (a status, passing or not). */
  lastProbe: { t: number; passed: boolean; answered: boolean } | null;
  /** Joined the pool and not transitioned since (ALB's `initial`, Envoy's startup check). */
  joining: boolean;
}

export function checkBeliefs(events: readonly SimEvent[], attempts: readonly Attempt[], limits: HealthLimits): void {
  const problems = new Problems();
  const views = new Map<string, View>();
  for (const node of limits.nodes) for (const [instance, belief] of limits.initial) views.set(`${node}/${instance}`, { belief, results: [], lastProbe: null, joining: false });
  const view = (node: string, instance: string): View => views.get(`${node}/${instance}`)!;
  // nginx keeps max_fails per node and peer; a one-server group is never marked down (§5.1).
  const passive = new Map<string, PassiveTimes>();
  if (limits.profile === 'nginx' && limits.initial.size > 1) {
    const byPeer = new Map<string, Attempt[]>();
    for (const attempt of attempts) (byPeer.get(`${attempt.node}/${attempt.instance}`) ?? byPeer.set(`${attempt.node}/${attempt.instance}`, []).get(`${attempt.node}/${attempt.instance}`)!).push(attempt);
    for (const [peer, list] of byPeer) passive.set(peer, nginxPassiveTimes(list));
  }
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
      seen.lastProbe = { t: event.t, passed: event.result === 'pass', answered: HTTP_ANSWER.test(event.detail) };
    }
    if (event.type !== 'health') continue;
    const seen = view(event.node, event.instance);
    const where = () => `${limits.profile} ${event.node}/${event.instance} ${event.from}→${event.to} at ${event.t}s (${event.reason}; results ${seen.results.join(',')})`;
    problems.check(event.from === seen.belief && event.to !== event.from, () => `${where()}: believed ${seen.belief} before`);
    const times = passive.get(`${event.node}/${event.instance}`);
    const explained = byMembership(event, limits) || byProbe(event, seen, limits) || (times !== undefined && byPassive(event, times));
    problems.check(explained, () => `${where()}: no membership change, probe run meeting the thresholds or passive result explains it`);
    seen.belief = event.to;
    seen.joining = false;
  }
  problems.assertNone('health beliefs');
}

const sameInstant = (a: number, b: number) => Math.abs(a - b) <= SAME_INSTANT_S;

/**
 * Leaving is OutOfService everywhere; joining is InService at once only where no check must pass
 * first: HAProxy starts a server UP (§4.1), open-source nginx has no checks (§5.1).
 */
function byMembership(change: HealthEvent, limits: HealthLimits): boolean {
  // An instance may leave and join again in one instant (a deploy's deregistration, then a `register`).
  return limits.membership.some(
    (m) =>
      m.instance === change.instance &&
      sameInstant(m.t, change.t) &&
      (m.registered ? change.to === 'InService' && ['haproxy', 'nginx'].includes(limits.profile) : change.to === 'OutOfService'),
  );
}

/**
 * A probe result at this instant in the change's direction (it is logged just before the change it
 * makes), after the run of results the profile's machine needs:
 * - CLB, ALB, NGINX Plus: HealthyThreshold passes / UnhealthyThreshold failures in a row (§1.1, §2.1;
 *   NGINX Plus `passes=` / `fails=` from the HealthCheck block, §5.1);
 * - ALB `initial` (§2.1): the first pass since joining, before UnhealthyThreshold failures in a row end it;
 * - Envoy (§3.2): the first check since joining passing ("only a single successful health check"),
 *   and an HTTP answer outside the expected statuses fails a healthy host at once;
 * - HAProxy (§4.1): rise passes from DOWN; fall failures from fully UP (health = rise+fall-1, reached by
 *   any pass), but one failure while health is still its start value rise (no pass since it started or joined).
 */
function byProbe(change: HealthEvent, seen: View, limits: HealthLimits): boolean {
  const probe = seen.lastProbe;
  if (probe === null || !sameInstant(probe.t, change.t) || probe.passed !== (change.to === 'InService')) return false;
  const { results } = seen;
  const inARow = (n: number, passed: boolean) => results.length >= n && results.slice(-n).every((result) => result === passed);
  const { profile, healthyThreshold, unhealthyThreshold } = limits;
  if (change.to === 'OutOfService') {
    if (profile === 'envoy' && probe.answered) return true;
    if (profile === 'haproxy' && results.every((passed) => !passed)) return true;
    return inARow(unhealthyThreshold, false);
  }
  if (seen.joining && profile === 'aws-alb' && results.indexOf(true) === results.length - 1 && results.length <= unhealthyThreshold) return true;
  if (seen.joining && profile === 'envoy' && results.length === 1) return true;
  return inARow(healthyThreshold, true);
}

/** When nginx's passive accounting may move one peer's belief (the instants, ms), from the test's attempts. */
interface PassiveTimes {
  /** A charged failure ("temporarily disabled") or the one request let through after fail_timeout. */
  outMs: number[];
  /** A success that reset the failures, or fail_timeout passing with no newer charge. */
  inMs: number[];
}

/**
 * nginx's peer accounting as §5.1 states it (max_fails 1, fail_timeout 10 s, on ngx_time() whole
 * seconds, §7 item 6), walked over the attempts' starts and ends in time order:
 * - a failure charges the peer: fails, and `checked` = its second; the peer is out;
 * - a start more than fail_timeout after `checked`, with fails, is the one request let through:
 *   `checked` = its second, and the peer is out while it runs, however it ends;
 * - a success after that request was let through resets fails: the peer is back;
 * - otherwise the peer is back at floor(`checked`) + fail_timeout + 1 s, if no newer charge came first.
 */
export function nginxPassiveTimes(attempts: readonly Attempt[]): PassiveTimes {
  type Point = { ms: number; kind: 'start' | 'failed' | 'answered' };
  const points: Point[] = [];
  for (const attempt of attempts) {
    points.push({ ms: attempt.startMs, kind: 'start' });
    if (attempt.end !== null && FAILED_ENDS.has(attempt.end)) points.push({ ms: attempt.endMs!, kind: 'failed' });
    if (attempt.end === 'answered') points.push({ ms: attempt.endMs!, kind: 'answered' });
  }
  // Ends before starts at one instant: an answer frees the worker the next request takes.
  points.sort((a, b) => a.ms - b.ms || Number(a.kind === 'start') - Number(b.kind === 'start'));
  const times: PassiveTimes = { outMs: [], inMs: [] };
  let fails = false;
  let checkedS = Number.NEGATIVE_INFINITY;
  let failedS = Number.NEGATIVE_INFINITY;
  let backAtMs: number | null = null;
  const charge = (ms: number) => {
    if (backAtMs !== null && backAtMs <= ms) times.inMs.push(backAtMs);
    checkedS = Math.floor(ms / 1000);
    backAtMs = (checkedS + NGINX_FAIL_TIMEOUT_S + 1) * 1000;
    times.outMs.push(ms);
  };
  for (const point of points) {
    const second = Math.floor(point.ms / 1000);
    if (point.kind === 'failed') {
      charge(point.ms);
      fails = true;
      failedS = second;
    } else if (point.kind === 'start') {
      if (second - checkedS <= NGINX_FAIL_TIMEOUT_S) continue;
      if (fails) charge(point.ms);
      else checkedS = second;
    } else if (fails && failedS < checkedS) {
      if (backAtMs !== null && backAtMs <= point.ms) times.inMs.push(backAtMs);
      backAtMs = null;
      fails = false;
      times.inMs.push(point.ms);
    }
  }
  if (backAtMs !== null) times.inMs.push(backAtMs);
  return times;
}

function byPassive(change: HealthEvent, times: PassiveTimes): boolean {
  const candidates = change.to === 'OutOfService' ? times.outMs : times.inMs;
  return candidates.some((ms) => sameInstant(ms / 1000, change.t));
}
