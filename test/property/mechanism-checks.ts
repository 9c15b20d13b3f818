// Each final answer against the attempts the test saw for it: the reason names what happened to the
// last attempt (a refusal is ConnectRefused, a timeout ResponseTimeout ...), no answer comes before
// its arrival, and every attempt lasted what its timeout allows (idle timeout, connect timeout).

import type { ProfileName, Reason } from '../../src/model/outcome.js';
import type { RequestEvent } from '../../src/model/run/events.js';
import type { Attempt, AttemptEnd, Ledger } from './attempt-ledger.js';
import { attemptsByRequest } from './conservation-checks.js';
import { Problems } from './problems.js';
import { CONNECT_TIMEOUT_MS, HAPROXY_TURNAROUND_MS } from './reference-answers.js';

/** What the test knows of the run's settings, from the scenario document (not from the resolved setup). */
export interface RunLimits {
  profile: ProfileName;
  durationMs: number;
  /** LoadBalancerAttributes.ConnectionSettings.IdleTimeout: the wait for a response, every profile. */
  idleTimeoutMs: number;
}

/** Times are float milliseconds; a sum and a difference may differ in the last bits. */
const EPSILON_MS = 1e-6;
/** Event times are seconds rounded to the microsecond; two of them differ by up to one unit (1e-3 ms). */
const LOG_ROUNDING_MS = 1e-3 + 1e-9;
const near = (a: number, b: number, toleranceMs: number) => Math.abs(a - b) <= toleranceMs;

/** The last attempt's end that each reason stands for (lb-semantics.md §1.2, §2.2, §4.3, §5.3). */
const ENDS_FOR_REASON: Record<Reason, readonly AttemptEnd[]> = {
  ConnectRefused: ['refused'],
  KeepAliveRace: ['race'],
  UpstreamReset: ['reset', 'cut'],
  MalformedResponse: ['malformed'],
  ConnectTimeout: ['connect-timeout'],
  // CLB: a request that waited out the idle timeout in the surge queue after a refusal is a 504 too.
  ResponseTimeout: ['timeout', 'refused'],
  SurgeQueueFull: ['refused'],
  // No instance to try; HAProxy's redispatch may find none after a failed attempt and its turnaround.
  NoRegisteredInstances: ['refused', 'connect-timeout'],
  NoHealthyInstances: ['refused', 'connect-timeout'],
};

export function checkMechanisms(requests: readonly RequestEvent[], ledger: Ledger, limits: RunLimits): void {
  const problems = new Problems();
  const byRequest = attemptsByRequest(ledger.attempts);
  const arrivals = new Map(ledger.arrivals.map((arrival) => [arrival.request, arrival]));
  for (const request of requests) {
    const where = () => `request ${request.request} (${request.reason ?? request.status}, t ${request.t})`;
    const arrivalMs = arrivals.get(request.request)!.arrivalMs;
    problems.check(near(request.arrival * 1000, arrivalMs, LOG_ROUNDING_MS), () => `${where()}: arrival ${request.arrival}s, arrived at ${arrivalMs}ms`);
    problems.check(request.t >= request.arrival, () => `${where()}: answered before it arrived`);
    problems.check(near(request.latency * 1000, (request.t - request.arrival) * 1000, 2 * LOG_ROUNDING_MS), () => `${where()}: latency ${request.latency}s`);
    const attempts = byRequest.get(request.request) ?? [];
    problems.check(request.attempts === attempts.length, () => `${where()}: says ${request.attempts} attempts, ${attempts.length} seen`);
    checkLastAttempt(request, attempts, limits, problems, where);
    // CLB closes the client's idle connection an idle timeout after its request, whatever the request
    // is doing then (connecting, in the surge queue, at an instance): no answer comes later (§1.3).
    if (limits.profile === 'aws-clb') problems.check(request.latency * 1000 <= limits.idleTimeoutMs + LOG_ROUNDING_MS, () => `${where()}: answered after ${request.latency}s`);
  }
  problems.assertNone(`${limits.profile} answers against their attempts`);
}

function checkLastAttempt(request: RequestEvent, attempts: readonly Attempt[], limits: RunLimits, problems: Problems, where: () => string): void {
  const tMs = request.t * 1000;
  for (const attempt of attempts) {
    problems.check(attempt.end !== null && attempt.endMs! <= tMs + LOG_ROUNDING_MS, () => `${where()}: an attempt still open or ending after the answer`);
  }
  // Only the last attempt may have been answered: no profile here retries a backend answer.
  problems.check(attempts.slice(0, -1).every((attempt) => attempt.end !== 'answered'), () => `${where()}: an answered attempt was retried`);
  const last = attempts.at(-1);
  if (request.reason === null) {
    const ok = last?.end === 'answered' && last.status === request.status && last.instance === request.instance && request.backendStatus === request.status;
    return problems.check(ok, () => `${where()}: an instance's answer, but the last attempt was ${JSON.stringify(last)}`);
  }
  if (last === undefined) {
    // Answered by the balancer without trying any instance: at once.
    const ok = ['NoRegisteredInstances', 'NoHealthyInstances', 'SurgeQueueFull'].includes(request.reason) && request.latency === 0;
    return problems.check(ok, () => `${where()}: no attempt made, latency ${request.latency}`);
  }
  problems.check(ENDS_FOR_REASON[request.reason].includes(last.end!), () => `${where()}: the last attempt ended ${last.end}`);
  const waitedMs = tMs - last.endMs!;
  if (request.reason === 'NoRegisteredInstances' || request.reason === 'NoHealthyInstances') {
    const ok = limits.profile === 'haproxy' && near(waitedMs, HAPROXY_TURNAROUND_MS, LOG_ROUNDING_MS);
    problems.check(ok, () => `${where()}: after an attempt, ${waitedMs}ms later`);
  } else if (request.reason === 'ResponseTimeout' && last.end === 'refused') {
    // Waited in CLB's surge queue: the client's idle timeout runs from its arrival (§1.3).
    const ok = limits.profile === 'aws-clb' && near(request.latency * 1000, limits.idleTimeoutMs, LOG_ROUNDING_MS);
    problems.check(ok, () => `${where()}: a refusal timed out after ${request.latency}s`);
  } else if (request.reason === 'SurgeQueueFull') {
    // Spilled over at once, by no instance (SpilloverCount, §1.3).
    problems.check(near(waitedMs, 0, LOG_ROUNDING_MS) && request.instance === null, () => `${where()}: ${waitedMs}ms after the last refusal, naming ${request.instance}`);
  } else {
    // The failure reached the client in the instant the last attempt failed, naming its instance.
    problems.check(near(waitedMs, 0, LOG_ROUNDING_MS) && request.instance === last.instance, () => `${where()}: ${waitedMs}ms after the last attempt on ${last.instance}`);
  }
}

/** Every attempt's duration against its timeout; one still open at the end is young enough to be. */
export function checkAttemptTimes(ledger: Ledger, limits: RunLimits): void {
  const problems = new Problems();
  const connectMs = CONNECT_TIMEOUT_MS[limits.profile];
  const arrivals = new Map(ledger.arrivals.map((arrival) => [arrival.request, arrival.arrivalMs]));
  // CLB: the client's idle timeout runs from its arrival and bounds every attempt (§1.3); elsewhere
  // each attempt has a whole idle timeout of its own.
  const clientDeadlineMs = (attempt: Attempt) => (limits.profile === 'aws-clb' ? arrivals.get(attempt.request)! + limits.idleTimeoutMs : Infinity);
  for (const attempt of ledger.attempts) {
    const where = () => `attempt of request ${attempt.request} on ${attempt.instance} at ${attempt.startMs}ms (${attempt.end ?? 'open'})`;
    problems.check(attempt.startMs <= limits.durationMs + EPSILON_MS, () => `${where()}: after the end`);
    if (attempt.end === null) {
      // Not lost: its idle or connect deadline is still ahead when the run ends.
      problems.check(attempt.startMs + Math.max(limits.idleTimeoutMs, connectMs) >= limits.durationMs - EPSILON_MS, () => `${where()}: open past its deadline`);
      continue;
    }
    const tookMs = attempt.endMs! - attempt.startMs;
    const endByMs = Math.min(attempt.startMs + limits.idleTimeoutMs, clientDeadlineMs(attempt));
    const ok =
      attempt.end === 'refused' || attempt.end === 'race' ? tookMs === 0
      : attempt.end === 'timeout' ? near(attempt.endMs!, endByMs, EPSILON_MS)
      : attempt.end === 'connect-timeout' ? near(tookMs, connectMs, EPSILON_MS) && attempt.endMs! < clientDeadlineMs(attempt)
      : tookMs >= 0 && attempt.endMs! <= endByMs + EPSILON_MS;
    problems.check(ok, () => `${where()}: took ${tookMs}ms (idle timeout ${limits.idleTimeoutMs}, connect ${connectMs})`);
  }
  problems.assertNone(`${limits.profile} attempt durations`);
}

/** A request arrived but got no answer: its last attempt is open, or it waits (retry pause, surge queue) since recently. */
export function checkInFlight(requests: readonly RequestEvent[], ledger: Ledger, limits: RunLimits): void {
  const problems = new Problems();
  const answered = new Set(requests.map((request) => request.request));
  const byRequest = attemptsByRequest(ledger.attempts);
  const longestWaitMs = Math.max(limits.idleTimeoutMs, HAPROXY_TURNAROUND_MS);
  for (const arrival of ledger.arrivals) {
    if (answered.has(arrival.request)) continue;
    const last = byRequest.get(arrival.request)?.at(-1);
    if (last !== undefined && last.end === null) continue;
    const sinceMs = last === undefined ? arrival.arrivalMs : last.endMs!;
    problems.check(sinceMs + longestWaitMs >= limits.durationMs - EPSILON_MS, () => `request ${arrival.request} lost: no answer, nothing open since ${sinceMs}ms`);
  }
  problems.assertNone(`${limits.profile} requests in flight at the end`);
}
