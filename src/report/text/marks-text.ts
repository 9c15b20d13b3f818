// When the balancer stopped routing to an incident's instances, in words true per profile: active
// health checks reaching their threshold, nginx disabling a server after a failed request, or
// nothing at all (no checks); with several nodes, once every node concerned had marked them.

import type { Incident, RunResult } from '../../model/run/result.js';
import { formatClock, formatCount, formatDuration, joinWords, plural } from './format.js';
import { actor, capitalise, nodeName } from '../explain/routing.js';
import { failedRequests, isPassiveReason, noHealthChecks, passiveMarkingText, passiveSettings, usesPassive } from './passive-text.js';

export interface Mark {
  id: string;
  /** When the last of the nodes concerned marked it OutOfService; null if one never did. */
  tMs: number | null;
  /** Consecutive probe results that moved it (the threshold reached), when known. */
  probes: number | null;
  /** nginx's passive accounting made it, not an active check. */
  passive: boolean;
}

/**
 * Each instance's OutOfService mark at or after `sinceMs`: per node its first, and across the
 * nodes the latest (the balancer stopped routing there only once every node had). Time order.
 */
export function firstMarks(incident: Incident, result: RunResult, sinceMs: number, nodes: readonly string[]): Mark[] {
  const marks = incident.instanceIds.map((id): Mark => {
    const transitions = result.instances.find((candidate) => candidate.id === id)?.transitions ?? [];
    const perNode = nodes.map((node) => transitions.find((t) => t.node === node && t.to === 'OutOfService' && t.tMs >= sinceMs));
    if (perNode.some((t) => t === undefined) || perNode.length === 0) return { id, tMs: null, probes: null, passive: false };
    const last = perNode.reduce((a, b) => (b!.tMs > a!.tMs ? b : a))!;
    return { id, tMs: last.tMs, probes: last.probes, passive: isPassiveReason(last.reason) };
  });
  const order = (tMs: number | null): number => tMs ?? Number.POSITIVE_INFINITY;
  return marks.sort((a, b) => order(a.tMs) - order(b.tMs) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `i-2 at 2m37s, i-1 at 2m42s`, instances marked at the same clock time together: `app-1 and app-2 at 2m00s`. */
export function markTimes(marks: ReadonlyArray<{ id: string; tMs: number }>): string {
  const groups: Array<{ ids: string[]; clock: string }> = [];
  for (const mark of marks) {
    const clock = formatClock(mark.tMs);
    const last = groups.at(-1);
    if (last !== undefined && last.clock === clock) last.ids.push(mark.id);
    else groups.push({ ids: [mark.id], clock });
  }
  return groups.map((group) => `${joinWords(group.ids)} at ${group.clock}`).join(', ');
}

/** `: i-2 at 2m37s, i-1 at 2m42s` for several instances, ` at 2m18s` for one. */
function joinedTimes(marks: ReadonlyArray<{ id: string; tMs: number }>, total: number): string {
  return total === 1 && marks[0] !== undefined ? ` at ${formatClock(marks[0].tMs)}` : `: ${markTimes(marks)}`;
}

/** The threshold that was reached: the probe count the transitions carry when they agree, else the setting. */
function failedChecks(result: RunResult, marks: readonly Mark[]): number {
  const counts = new Set(marks.map((mark) => mark.probes).filter((n): n is number => n !== null && n > 0));
  const [only] = [...counts];
  return counts.size === 1 && only !== undefined ? only : result.setup.healthCheck.unhealthyThreshold;
}

/** `… never marked them OutOfService.` with how long the fault lasted when that is why. */
function neverMarked(incident: Incident, result: RunResult, them: string, who: string, faultMs: number | null): string {
  const { unhealthyThreshold: threshold, intervalMs } = result.setup.healthCheck;
  // Said only when it is the reason: the fault ended before that many checks could fail.
  const lasting = faultMs !== null && faultMs < threshold * intervalMs ? ` in the ${formatDuration(faultMs)} the fault lasted` : '';
  return `Health checks never failed ${threshold} times in a row${lasting}, so ${who} never marked ${them} OutOfService.`;
}

export interface MarksContext {
  incident: Incident;
  result: RunResult;
  them: string;
  nodes: readonly string[];
  /** From when marks count: the fault's start. */
  sinceMs: number;
  /** The fault's length when it ended on its own, so "never marked" can say why. */
  faultMs: number | null;
}

/**
 * How routing to the instances ended: `The balancer stopped routing to them once 2 health checks
 * in a row had failed: i-2 at 2m37s, i-1 at 2m42s.`, nginx's disabling, or never.
 */
export function stoppedRoutingSentence(context: MarksContext, verb: 'stopped' | 'marked' = 'stopped'): string {
  const { incident, result, them, nodes, sinceMs } = context;
  const marks = firstMarks(incident, result, sinceMs, nodes);
  const seen = marks.filter((mark): mark is Mark & { tMs: number } => mark.tMs !== null);
  const who = nodes.length === 1 ? nodeName(result, nodes[0]!) : actor(result.setup.balancer.profile);
  if (noHealthChecks(result)) return `${passiveMarkingText(result)}, so it never took ${them} out of rotation.`;
  if (usesPassive(result)) {
    if (seen.length === 0) return `${passiveMarkingText(result)}; no failure disabled ${them} in this window.`;
    return `${passiveMarkingText(result)}${joinedTimes(seen, marks.length)}.`;
  }
  if (seen.length === 0) return neverMarked(incident, result, them, who, context.faultMs);
  // NGINX Plus runs active checks and passive accounting; a failed request may have come first.
  if (seen.every((mark) => mark.passive)) return `${capitalise(who)} disabled ${them} after ${failedRequests(result)} (${passiveSettings(result)})${joinedTimes(seen, marks.length)}.`;
  const missed = marks.filter((mark) => mark.tMs === null).map((mark) => mark.id);
  const tail = missed.length === 0 ? '' : ` ${joinWords(missed)} ${missed.length === 1 ? 'was' : 'were'} never marked OutOfService.`;
  const everyNode = nodes.length > 1 ? ' on every node' : '';
  const subject = capitalise(who);
  const did = verb === 'stopped' ? `stopped routing to ${them}` : `marked ${them} OutOfService`;
  return `${subject} ${did} once ${plural(failedChecks(result, seen), 'health check')} in a row had failed${everyNode}${joinedTimes(seen, marks.length)}.${tail}`;
}

/**
 * The same story told by what was sent: `The balancer sent them 394 requests until 2 health checks
 * in a row had failed: …`, for errors that are each one request sent before the marks. Null when
 * the marks do not bound them (never marked, or requests sent after the last mark).
 */
export function sentUntilSentence(context: MarksContext, lastSentMs: number): string | null {
  const { incident, result, them, nodes, sinceMs } = context;
  if (!result.setup.balancer.behaviour.activeChecks) return null;
  const marks = firstMarks(incident, result, sinceMs, nodes);
  if (marks.some((mark) => mark.tMs === null)) return null;
  const seen = marks as Array<Mark & { tMs: number }>;
  const lastMarkMs = Math.max(...seen.map((mark) => mark.tMs));
  if (lastSentMs > lastMarkMs + 1) return null;
  const who = nodes.length === 1 ? nodeName(result, nodes[0]!) : actor(result.setup.balancer.profile);
  const subject = capitalise(who);
  const requests = incident.count === 1 ? '1 request' : `${formatCount(incident.count)} requests`;
  const everyNode = nodes.length > 1 ? ' on every node' : '';
  if (seen.some((mark) => mark.passive)) return null;
  return `${subject} sent ${them} ${requests} until ${plural(failedChecks(result, seen), 'health check')} in a row had failed${everyNode}${joinedTimes(seen, marks.length)}.`;
}
