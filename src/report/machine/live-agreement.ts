// Does a live run agree with the simulation of the same scenario and seed? Checks with stated
// tolerances: reasons and statuses, error and request counts, each instance's health transitions in
// order and in time, and latency. Used by `lbsim live --check` and the agreement tests.

import type { Reason } from '../../model/outcome.js';
import type { HealthTransition, RunResult } from '../../model/run/result.js';
import { formatCount, formatDuration, formatTable } from '../text/format.js';

export interface AgreementCheck {
  name: string;
  passed: boolean;
  simulated: string;
  live: string;
  tolerance: string;
}

/**
 * What real sockets and timers add to a request (two loopback hops, the service-time timer, event
 * loop turns), in real time: 1.5–2.6 ms at speed 1 (`npm run bench -- --live`), 2.5–2.9 ms at speeds 40–60
 * where service times are a millisecond of real time (3.4 ms on a cold start). At speed K, K times as
 * much scenario time: live latency may read that much higher, never lower.
 */
export const HOP_OVERHEAD_REAL_MS = 4;
/**
 * A probe is an HTTP round trip on a busy event loop: its result lands up to this much real time
 * later than in the simulation (at speed K, K times as much scenario time).
 */
export const PROBE_SLACK_REAL_MS = 25;
/** A reason the simulation shows this often must show live too (and the other way round). */
const MIN_REASON_COUNT = 5;
const MIN_REASON_SHARE = 0.02;
export const COUNT_RELATIVE = 0.35;
export const COUNT_ABSOLUTE = 10;
const REQUESTS_RELATIVE = 0.03;
const LATENCY_RELATIVE = 0.25;

export function compareLiveToSimulation(simulated: RunResult, live: RunResult, speed: number): AgreementCheck[] {
  return [
    reasonsCheck(simulated, live),
    countCheck('gateway errors', simulated.gatewayErrors.total, live.gatewayErrors.total, COUNT_RELATIVE, COUNT_ABSOLUTE),
    countCheck('requests', simulated.requests.total, live.requests.total, REQUESTS_RELATIVE, COUNT_ABSOLUTE),
    ...transitionChecks(simulated, live, speed),
    latencyCheck(simulated, live, speed),
  ];
}

/** Reasons with their statuses that happened often enough to be expected in the other run. */
function reasonsCheck(simulated: RunResult, live: RunResult): AgreementCheck {
  const significant = (result: RunResult) =>
    entries(result).filter(([, { count }]) => count >= Math.max(MIN_REASON_COUNT, MIN_REASON_SHARE * result.gatewayErrors.total));
  const seen = (result: RunResult, reason: Reason, status: number) => entries(result).some(([r, entry]) => r === reason && entry.status === status);
  const missingLive = significant(simulated).filter(([reason, { status }]) => !seen(live, reason, status));
  const missingSimulated = significant(live).filter(([reason, { status }]) => !seen(simulated, reason, status));
  return {
    name: 'reasons and statuses',
    passed: missingLive.length === 0 && missingSimulated.length === 0,
    simulated: reasonsText(simulated),
    live: reasonsText(live),
    tolerance: `each seen ${MIN_REASON_COUNT}+ times and in ${MIN_REASON_SHARE * 100}%+ of errors in one run is in the other`,
  };
}

function entries(result: RunResult): Array<[Reason, { status: number; count: number }]> {
  return Object.entries(result.gatewayErrors.byReason) as Array<[Reason, { status: number; count: number }]>;
}

function reasonsText(result: RunResult): string {
  const list = entries(result).map(([reason, { status, count }]) => `${status} ${reason} ${formatCount(count)}`);
  return list.length === 0 ? 'none' : list.join(', ');
}

function countCheck(name: string, simulated: number, live: number, relative: number, absolute: number): AgreementCheck {
  const allowed = relative * simulated + absolute;
  return {
    name,
    passed: Math.abs(live - simulated) <= allowed,
    simulated: formatCount(simulated),
    live: formatCount(live),
    tolerance: `±${relative * 100}% + ${absolute}`,
  };
}

/** Per instance and node: the same belief changes in the same order, each within one Interval. */
function transitionChecks(simulated: RunResult, live: RunResult, speed: number): AgreementCheck[] {
  // One probe that came out the other way (a borderline answer under load) moves a change by one Interval.
  const slackMs = simulated.setup.healthCheck.intervalMs + speed * PROBE_SLACK_REAL_MS;
  const checks: AgreementCheck[] = [];
  simulated.instances.forEach((instance, i) => {
    const liveInstance = live.instances[i]!;
    for (const node of simulated.setup.balancer.nodes) {
      const ofNode = (transitions: readonly HealthTransition[]) => transitions.filter((t) => t.node === node);
      const expected = ofNode(instance.transitions);
      const actual = ofNode(liveInstance.transitions);
      if (expected.length === 0 && actual.length === 0) continue;
      const sameOrder = expected.length === actual.length && expected.every((t, k) => t.to === actual[k]!.to);
      const inTime = sameOrder && expected.every((t, k) => Math.abs(t.tMs - actual[k]!.tMs) <= slackMs);
      const where = simulated.setup.balancer.nodes.length > 1 ? ` at ${node}` : '';
      checks.push({
        name: `health of ${instance.id}${where}`,
        passed: inTime,
        simulated: transitionsText(expected),
        live: transitionsText(actual),
        tolerance: `same changes, each within ${formatDuration(slackMs)}`,
      });
    }
  });
  return checks;
}

function transitionsText(transitions: readonly HealthTransition[]): string {
  return transitions.map((t) => `${t.to === 'InService' ? 'in' : 'out'} ${formatDuration(Math.round(t.tMs))}`).join(', ') || 'none';
}

function latencyCheck(simulated: RunResult, live: RunResult, speed: number): AgreementCheck {
  const overheadMs = speed * HOP_OVERHEAD_REAL_MS;
  const expected = simulated.latency.meanMs;
  const actual = live.latency.meanMs;
  const low = (1 - LATENCY_RELATIVE) * expected;
  const high = (1 + LATENCY_RELATIVE) * expected + overheadMs;
  return {
    name: 'mean latency',
    passed: actual >= low && actual <= high,
    simulated: `${Math.round(expected)} ms`,
    live: `${Math.round(actual)} ms`,
    tolerance: `-${LATENCY_RELATIVE * 100}%, +${LATENCY_RELATIVE * 100}% + ${Math.round(overheadMs)} ms (real hops at speed ${speed})`,
  };
}

/** The checks as a table under a heading, for the text report. */
export function renderAgreement(checks: readonly AgreementCheck[]): string[] {
  const failed = checks.filter((check) => !check.passed).length;
  const rows = checks.map((check) => [check.passed ? 'PASS' : 'FAIL', check.name, check.simulated, check.live, check.tolerance]);
  return [
    `Live vs simulation (same scenario and seed)  ${checks.length - failed} agree, ${failed} differ`,
    ...formatTable([['', 'check', 'simulated', 'live', 'tolerance'], ...rows], ['l', 'l', 'l', 'l', 'l']).map((line) => `  ${line}`),
  ];
}
