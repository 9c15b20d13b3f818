// The story of a NoHealthyInstances incident: from when a node had nothing left to route to (one
// zone's node with cross-zone off, or the whole balancer), how the instances left (active checks or
// nginx's passive marks) and what brought one back.

import type { HealthCheckConfig } from '../../model/config.js';
import { PASSIVE_REASON } from '../../model/run/model-facts.js';
import { lastOutOfServiceMarks } from '../../model/run/detection.js';
import type { Incident, RunResult } from '../../model/run/result.js';
import { formatClock, formatDuration, joinWords } from './format.js';
import { markTimes } from './marks-text.js';
import { failedRequests, passiveRecoverySentences, passiveSettings, usesPassive } from './passive-text.js';
import type { CauseContext } from './routed-text.js';
import { nodeName, nodesOf, nodeViewAt, zoneScoped } from '../explain/routing.js';

/** The one node whose zone had nothing left (cross-zone off), or null when the whole balancer had none. */
export function scopedNode(incident: Incident, result: RunResult): string | null {
  return incident.node !== null && zoneScoped(result.setup) ? incident.node : null;
}

/** `From 2m13s the us-east-1b node had no InService instance in its zone: …` */
function opening(incident: Incident, result: RunResult, fromMs: number): string {
  const node = scopedNode(incident, result);
  if (node !== null) {
    const others = nodesOf(result).filter((other) => other !== node && nodeViewAt(result, other, fromMs).inService.length > 0);
    const serving = others.length === 0 ? '' : `, while the ${joinWords(others)} ${others.length === 1 ? 'node' : 'nodes'} still had InService instances for ${others.length === 1 ? 'its' : 'their'} own clients`;
    return `From ${formatClock(fromMs)} the ${node} node had no InService instance in its zone: with cross-zone off it routes only to ${node}${serving}.`;
  }
  if (usesPassive(result)) return `From ${formatClock(fromMs)} nginx had no server left to try: it had disabled them all.`;
  return `From ${formatClock(fromMs)} no instance was InService.`;
}

/** How the instances left: `… and the balancer marked them OutOfService: i-2 at 2m37s, i-1 at 2m42s.` */
function leaving(c: CauseContext, markText: string, anyMarks: boolean): string {
  const { incident, result, faults, them } = c;
  const node = scopedNode(incident, result);
  const only = c.nodes.length === 1 ? c.nodes[0] : undefined;
  const who = node !== null ? nodeName(result, node) : only !== undefined ? nodeName(result, only) : 'the balancer';
  if (usesPassive(result)) {
    const how = `with no active health checks, nginx disabled each server after ${failedRequests(result)} (${passiveSettings(result)})`;
    if (faults.length > 0) return anyMarks ? `${c.faultText}; ${how}: ${markText}.` : `${c.faultText}.`;
    return `No fault was active: requests to the overloaded servers failed, and ${how}: ${markText}.`;
  }
  if (faults.length > 0) return anyMarks ? `${c.faultText} and ${who} marked ${them} OutOfService: ${markText}.` : `${c.faultText}.`;
  const { healthCheck } = result.setup;
  if (!anyMarks) return `No fault was active: ${joinWords(incident.instanceIds)} had not yet passed ${healthCheck.healthyThreshold} health checks in a row.`;
  return `No fault was active: the instances were overloaded, so ${overloadedProbes(healthCheck)} (OutOfService: ${markText}).`;
}

export function noHealthySentences(c: CauseContext, detection: string | null, faultEndMs: number | null): string[] {
  const { incident, result } = c;
  const fromMs = incident.detectedAtMs !== null && incident.detectedAtMs <= incident.startMs ? incident.detectedAtMs : incident.startMs;
  const marks = lastOutOfServiceMarks(incident, result.instances);
  const sentences = [opening(incident, result, fromMs), leaving(c, markTimes(marks), marks.length > 0)];
  if (detection !== null) sentences.push(detection);
  if (usesPassive(result)) return [...sentences, ...passiveRecoverySentences(incident, result, c.nodes, faultEndMs)];
  const { healthCheck } = result.setup;
  sentences.push(`Recovery needs HealthyThreshold=${healthCheck.healthyThreshold} passing checks ${formatDuration(healthCheck.intervalMs)} apart.`);
  const recovery = firstInService(incident, result, c.nodes);
  sentences.push(recovery === null ? 'No instance returned to InService before the run ended.' : `${recovery.id} returned to InService at ${formatClock(recovery.tMs)}.`);
  return sentences;
}

function overloadedProbes(healthCheck: HealthCheckConfig): string {
  if (healthCheck.protocol === 'HTTP' || healthCheck.protocol === 'HTTPS') {
    return `health checks waited in their queues longer than the ${formatDuration(healthCheck.timeoutMs)} Timeout`;
  }
  return 'health-check connections were refused while their backlogs were full';
}

/** The first instance back InService on one of `nodes` after the incident started: what ended a NoHealthyInstances window. */
export function firstInService(incident: Incident, result: RunResult, nodes?: readonly string[]): { id: string; tMs: number } | null {
  let best: { id: string; tMs: number } | null = null;
  for (const instance of result.instances) {
    // nginx's "fail_timeout passed" only lets one request try it: not a recovery.
    const back = instance.transitions.find((t) => t.to === 'InService' && t.tMs >= incident.startMs && (nodes === undefined || nodes.includes(t.node)) && t.reason !== PASSIVE_REASON.probe);
    if (back !== undefined && (best === null || back.tMs < best.tMs)) best = { id: instance.id, tMs: back.tMs };
  }
  return best;
}
