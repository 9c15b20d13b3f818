// The cause of errors that came from sending requests to a failing instance (ResponseTimeout,
// ConnectRefused, ConnectTimeout): what each request met, what the profile did next (retry or not),
// and when routing there ended (checks, nginx's passive marks, never, or panic/fail-open kept it on).

import type { FaultEventConfig } from '../../model/config.js';
import { PROFILES } from '../../model/run/model-facts.js';
import type { Incident, RunResult } from '../../model/run/result.js';
import { formatClock, formatDuration, joinWords, plural } from './format.js';
import { firstMarks, markTimes, sentUntilSentence, stoppedRoutingSentence, type Mark, type MarksContext } from './marks-text.js';
import { failedRequests, passiveSettings, readmitEveryMs, usesPassive } from './passive-text.js';
import { attemptsSentence, firstRetryGoes, noRetryWhy, refusedClause, resendSentence } from './retry-text.js';
import { beliefOf, inReach, nodeViewAt, routeToAllSentence, zoneScoped } from '../explain/routing.js';

export interface CauseContext extends MarksContext {
  faults: FaultEventConfig[];
  /** `i-1 crashed at 2m00s (fault: crash, Events[0])`, the faults joined. */
  faultText: string;
  ids: string;
  were: string;
  /** When the faults stopped applying to every instance involved; null if not within the run. */
  faultEndMs: number | null;
}

/** `60s idle timeout`, `2s proxy_read_timeout`, `15s route timeout`: the response timeout by its own name. */
export function responseTimeoutText(result: RunResult): string {
  const { balancer } = result.setup;
  return `${formatDuration(balancer.idleTimeoutMs)} ${PROFILES[balancer.profile].defaults.responseTimeoutName ?? 'idle timeout'}`;
}

/** The most attempts a request could make: each reachable instance once, or the retry limit. */
function maxAttempts(c: CauseContext): number {
  const reachable = Math.max(1, ...c.nodes.map((node) => nodeViewAt(c.result, node, c.incident.startMs).reachable.length));
  const { maxRetries } = c.result.setup.balancer.behaviour;
  return maxRetries === null ? reachable : Math.min(reachable, maxRetries + 1);
}

/** ` in us-east-1b (cross-zone off: the us-east-1b node routes only to its own zone)` when that narrows the retries. */
function zoneScope(c: CauseContext): string {
  const node = c.nodes[0];
  if (!zoneScoped(c.result.setup) || c.nodes.length !== 1 || node === undefined) return '';
  return ` in ${node} (cross-zone off: the ${node} node routes only to its own zone)`;
}

/** The marks, then any span in which panic or fail-open kept requests going to the instances anyway. */
function routingEnd(c: CauseContext): string[] {
  const panic = routeToAllSentence(c.incident, c.result, c.nodes, c.sinceMs, c.faultEndMs);
  return panic === null ? [stoppedRoutingSentence(c)] : [stoppedRoutingSentence(c, 'marked'), panic];
}

export function responseTimeoutSentences(c: CauseContext): string[] {
  const { incident, result, faults, them } = c;
  const timeout = responseTimeoutText(result);
  if (faults.length === 0) {
    const extras = [resendSentence(result, timeout, maxAttempts(c)), attemptsSentence(result)].filter((s): s is string => s !== null);
    return [`No fault was active: ${c.ids} ${c.were} overloaded, and requests waited in their queues longer than the ${timeout}.`, ...extras];
  }
  const resend = resendSentence(result, timeout, maxAttempts(c));
  if (resend !== null) return [`${c.faultText}.`, resend, ...[attemptsSentence(result)].filter((s): s is string => s !== null), ...routingEnd(c)];
  const lastSentMs = incident.endMs - result.setup.balancer.idleTimeoutMs;
  if (lastSentMs <= c.sinceMs + 1) return [`${c.faultText}.`, ...inFlightSentences(c, timeout)];
  const until = routeToAllSentence(incident, result, c.nodes, c.sinceMs) === null ? sentUntilSentence(c, lastSentMs) : null;
  if (until !== null) return [`${c.faultText}.`, until, `${incident.count === 1 ? 'It' : 'Each'} waited the full ${timeout}.`];
  return [`${c.faultText}.`, `Requests routed to ${them} waited the full ${timeout}.`, ...routingEnd(c)];
}

/** Every error was a request sent before the fault began: only answers already on their way were lost. */
function inFlightSentences(c: CauseContext, timeout: string): string[] {
  const { incident, result, them } = c;
  const lost = incident.count === 1 ? 'Only the 1 request already in flight when it began was lost: it' : `Only the ${plural(incident.count, 'request')} already in flight when it began were lost: each`;
  const sentences = [`${lost} waited the full ${timeout} for an answer that never came.`];
  if (c.faults.some((fault) => fault.fault === 'blackhole')) {
    const connect = formatDuration(result.setup.balancer.connectTimeoutMs);
    sentences.push(
      firstRetryGoes(result, 'ConnectTimeout') === 'elsewhere'
        ? `New connections to ${them} waited the ${connect} connect timeout and were retried on another InService instance, answered ${connect} late.`
        : `New connections to ${them} failed after the ${connect} connect timeout (ConnectTimeout), as ${noRetryWhy(result, 'ConnectTimeout')}.`,
    );
  }
  return [...sentences, ...routingEnd(c)];
}

export function connectRefusedSentences(c: CauseContext): string[] {
  const { incident, result, faults } = c;
  const backlogs = incident.instanceIds.length === 1 ? `the backlog of ${c.ids} was` : `the backlogs of ${c.ids} were`;
  const refused = refusedClause(result, zoneScope(c));
  const attempts = [attemptsSentence(result)].filter((s): s is string => s !== null && firstRetryGoes(result, 'ResponseTimeout') !== 'none');
  if (faults.length === 0) return [`No fault was active: ${backlogs} full, so ${refused}.`, ...attempts];
  const letThrough = letThroughSentence(c);
  if (letThrough !== null) return [letThrough];
  // A hung instance still accepts connections until requests that never finish fill its backlog.
  const why = faults.every((fault) => fault.fault === 'hang')
    ? `${backlogs} filled by requests that never finished, so `
    : faults.every((fault) => fault.fault === 'overload')
      ? `${backlogs} full, so `
      : '';
  return [`${c.faultText}; ${why}${refused}.`, ...attempts, ...routingEnd(c)];
}

/**
 * nginx had already disabled the instances when these errors began: they were the requests let
 * through after each fail_timeout to try the servers again, passed from server to server.
 */
function letThroughSentence(c: CauseContext): string | null {
  if (c.result.setup.balancer.behaviour.passive === null) return null;
  const marks = firstMarks(c.incident, c.result, c.sinceMs, c.nodes).filter((mark): mark is Mark & { tMs: number } => mark.tMs !== null);
  if (marks.length === 0 || marks.some((mark) => mark.tMs >= c.incident.startMs || !mark.passive)) return null;
  const which = usesPassive(c.result) ? ', which has no active health checks,' : '';
  const last = c.incident.instanceIds.length === 1 ? `, ${c.ids}` : ` (${c.ids})`;
  return (
    `${c.faultText}, and nginx${which} disabled ${c.them} after ${failedRequests(c.result)} (${passiveSettings(c.result)})${marks.length === 1 ? ` at ${formatClock(marks[0]!.tMs)}` : `: ${markTimes(marks)}`}. ` +
    `These were the requests let through every ${formatDuration(readmitEveryMs(c.result))}, once fail_timeout had passed, to try the disabled servers again: ` +
    `each was passed from server to server (proxy_next_upstream), every one refused, and the client got the refusal of the last one${last}.`
  );
}

export function connectTimeoutSentences(c: CauseContext): string[] {
  const connect = formatDuration(c.result.setup.balancer.connectTimeoutMs);
  return [`${c.faultText}.`, `Each connection waited the ${connect} connect timeout, and ${afterConnectTimeout(c)}.`, ...routingEnd(c)];
}

/** Why a connect timeout reached the client: no retry, retries that failed too, or nowhere left to retry. */
function afterConnectTimeout(c: CauseContext): string {
  const { incident, result } = c;
  const goes = firstRetryGoes(result, 'ConnectTimeout');
  if (goes === 'none') return noRetryWhy(result, 'ConnectTimeout');
  if (goes === 'same') return 'the retries on the same instance timed out too';
  const others = result.setup.instances
    .map((instance) => instance.id)
    .filter((id) => !incident.instanceIds.includes(id) && c.nodes.some((node) => inReach(result.setup, node, id)));
  const view = c.nodes.map((node) => nodeViewAt(result, node, incident.startMs));
  if (view.some((v) => v.inService.some((id) => others.includes(id)))) return 'the retries on the other InService instances failed too';
  if (others.length === 0) return 'no retry was possible: there was no other instance to try';
  const node = c.nodes[0] ?? 'lb';
  const states = others.map((id) => {
    const belief = beliefOf(result, id, node, incident.startMs);
    return belief.sinceMs === null ? `${id} OutOfService` : `${id} OutOfService since ${formatClock(belief.sinceMs)}`;
  });
  return `no retry was possible: no other instance was InService (${joinWords(states)})`;
}
