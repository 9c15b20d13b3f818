// Detection lag: for each incident, when the balancer marked the instances involved
// OutOfService after the fault that caused it. Computed once, after the run.

import type { SimulationSetup } from '../config.js';
import type { Incident, InstanceSummary } from './result.js';

export function detectionTimes(incidents: Incident[], instances: readonly InstanceSummary[], setup: SimulationSetup): Incident[] {
  const byId = new Map(instances.map((summary) => [summary.id, summary]));
  return incidents.map((incident) => ({ ...incident, detectedAtMs: detectedAt(incident, byId, setup) }));
}

function detectedAt(incident: Incident, byId: Map<string, InstanceSummary>, setup: SimulationSetup): number | null {
  if (incident.instanceIds.length === 0) return null;
  // No InService instance: the incident began when the last of them was marked OutOfService.
  if (incident.reason === 'NoHealthyInstances') return lastMarkedOutOfService(incident, byId);
  const faultStarts = incident.faultIndexes.map((index) => setup.events.find((event) => event.index === index)!.atMs);
  // Without a fault, look back one idle timeout: the overload that caused it began before the first error.
  const anchorMs = faultStarts.length > 0 ? Math.min(...faultStarts) : incident.startMs - setup.balancer.idleTimeoutMs;
  let latestMs = -Infinity;
  for (const id of incident.instanceIds) {
    const transition = byId.get(id)?.transitions.find((t) => t.to === 'OutOfService' && t.tMs >= anchorMs && ofNode(incident, t.node));
    if (!transition) return null;
    latestMs = Math.max(latestMs, transition.tMs);
  }
  return latestMs;
}

/** An incident scoped to one node reads only that node's view. */
function ofNode(incident: Incident, node: string): boolean {
  return incident.node === null || incident.node === node;
}

function lastMarkedOutOfService(incident: Incident, byId: Map<string, InstanceSummary>): number | null {
  const marks = lastOutOfServiceMarks(incident, [...byId.values()]);
  return marks.length === 0 ? null : marks[marks.length - 1]!.tMs;
}

/**
 * For each instance of an incident, the last time the balancer marked it OutOfService at or
 * before the incident's start, in time order (instances never marked are left out).
 */
export function lastOutOfServiceMarks(incident: Incident, instances: readonly InstanceSummary[]): Array<{ id: string; tMs: number }> {
  const marks: Array<{ id: string; tMs: number }> = [];
  for (const id of incident.instanceIds) {
    const transitions = instances.find((candidate) => candidate.id === id)?.transitions ?? [];
    const times = transitions.filter((t) => t.to === 'OutOfService' && t.tMs <= incident.startMs && ofNode(incident, t.node)).map((t) => t.tMs);
    if (times.length > 0) marks.push({ id, tMs: Math.max(...times) });
  }
  return marks.sort((a, b) => a.tMs - b.tMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
