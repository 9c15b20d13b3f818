// nginx without active health checks, in words: each failed request counts against its server
// (max_fails), a disabled server waits out fail_timeout, then one client request may try it.
// The report must not speak of health checks, thresholds or Intervals that nginx does not have.

import { PASSIVE_REASON } from '../../model/run/model-facts.js';
import type { Incident, RunResult } from '../../model/run/result.js';
import { formatClock, formatDuration } from './format.js';

/** A belief change made by nginx's passive accounting, not by an active check (NGINX Plus runs both). */
export function isPassiveReason(reason: string): boolean {
  return (Object.values(PASSIVE_REASON) as string[]).includes(reason);
}

/** No active checks, but passive accounting on (open-source nginx by default). */
export function usesPassive(result: RunResult): boolean {
  const { behaviour } = result.setup.balancer;
  return !behaviour.activeChecks && behaviour.passive !== null;
}

/** No active checks and no passive accounting either (nginx with max_fails=0): nothing ever takes an instance out. */
export function noHealthChecks(result: RunResult): boolean {
  const { behaviour } = result.setup.balancer;
  return !behaviour.activeChecks && behaviour.passive === null;
}

/** nginx skips a peer while `now - checked <= fail_timeout` in whole seconds: the next try comes a second later. */
export function readmitEveryMs(result: RunResult): number {
  const failTimeoutMs = result.setup.balancer.behaviour.passive?.failTimeoutMs ?? 0;
  return (Math.floor(failTimeoutMs / 1000) + 1) * 1000;
}

/** `a failed request`, `3 failed requests`: what takes a server out (max_fails). */
export function failedRequests(result: RunResult): string {
  const maxFails = result.setup.balancer.behaviour.passive?.maxFails ?? 1;
  return maxFails === 1 ? 'a failed request' : `${maxFails} failed requests`;
}

/** `max_fails=1, fail_timeout=10s` */
export function passiveSettings(result: RunResult): string {
  const passive = result.setup.balancer.behaviour.passive;
  return passive === null ? 'max_fails=0' : `max_fails=${passive.maxFails}, fail_timeout=${formatDuration(passive.failTimeoutMs)}`;
}

/** How the instances left rotation without active checks: `nginx has no active health checks; each failed request …`. */
export function passiveMarkingText(result: RunResult): string {
  const passive = result.setup.balancer.behaviour.passive;
  if (passive === null) return 'nginx has no active health checks, and max_fails=0 turns its passive checks off';
  const failed = passive.maxFails === 1 ? 'each failed request' : `${passive.maxFails} failed requests`;
  return `nginx has no active health checks: ${failed} disabled a server for fail_timeout=${formatDuration(passive.failTimeoutMs)} (max_fails=${passive.maxFails})`;
}

/** `the first request after the restart succeeded: app-2 was live again at 4m01s`; null when none came back. */
export function passiveRecovery(incident: Incident, result: RunResult, nodes: readonly string[]): { id: string; tMs: number } | null {
  let best: { id: string; tMs: number } | null = null;
  for (const instance of result.instances) {
    const back = instance.transitions.find((t) => t.reason === PASSIVE_REASON.live && t.tMs >= incident.startMs && nodes.includes(t.node));
    if (back !== undefined && (best === null || back.tMs < best.tMs)) best = { id: instance.id, tMs: back.tMs };
  }
  return best;
}

/** The passive part of a NoHealthyInstances story: the retries after fail_timeout and what ended it. */
export function passiveRecoverySentences(incident: Incident, result: RunResult, nodes: readonly string[], faultEndMs: number | null): string[] {
  const every = formatDuration(readmitEveryMs(result));
  const failTimeout = formatDuration(result.setup.balancer.behaviour.passive?.failTimeoutMs ?? 0);
  const sentences = [
    `Every ${every} (fail_timeout ${failTimeout}, counted in whole seconds) nginx let one request try each disabled server again; while they were down it failed, and the server stayed disabled.`,
  ];
  const back = passiveRecovery(incident, result, nodes);
  if (back === null) sentences.push('No server answered such a request before the run ended.');
  else {
    const after = faultEndMs !== null && faultEndMs <= back.tMs ? ` after the fault ended at ${formatClock(faultEndMs)}` : '';
    sentences.push(`The first such request to succeed${after} brought ${back.id} back at ${formatClock(back.tMs)}.`);
  }
  return sentences;
}

/** The setting that shortens a passive outage: a shorter fail_timeout, or active checks. */
export function passiveHint(incident: Incident, result: RunResult, nodes: readonly string[], faultEndMs: number | null): string | null {
  if (!usesPassive(result)) return null;
  const back = passiveRecovery(incident, result, nodes);
  const waited = back !== null && faultEndMs !== null && back.tMs >= faultEndMs ? ` (${formatDuration(back.tMs - faultEndMs)} here)` : '';
  return (
    `Shorter: recovery waits for the next request let through after fail_timeout, up to ${formatDuration(readmitEveryMs(result))} after the servers are back${waited}. ` +
    'A shorter fail_timeout shortens that wait, at the cost of a 502 for each request let through while they are still down; ' +
    'active health checks (NGINX Plus health_check) would find them back without a client request.'
  );
}
