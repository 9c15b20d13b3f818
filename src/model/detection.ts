// Detection lag: for each incident, when the balancer marked the instances involved
// OutOfService after the fault that caused it. Computed once, after the run.

import type { SimulationSetup } from './config.js';
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
    const transition = byId.get(id)?.transitions.find((t) => t.to === 'OutOfService' && t.tMs >= anchorMs);
    if (!transition) return null;
    latestMs = Math.max(latestMs, transition.tMs);
  }
  return latestMs;
}

function lastMarkedOutOfService(incident: Incident, byId: Map<string, InstanceSummary>): number | null {
  let latestMs: number | null = null;
  for (const id of incident.instanceIds) {
    for (const t of byId.get(id)?.transitions ?? []) {
      if (t.to === 'OutOfService' && t.tMs <= incident.startMs && (latestMs === null || t.tMs > latestMs)) latestMs = t.tMs;
    }
  }
  return latestMs;
}
