// The `--format json` object: a run's answer as plain data with a fixed key order, because
// scripts and CI diff it as printed by JSON.stringify. Times and latencies are in seconds.

import { labelFor, otherProfileStatuses, REASONS, type ProfileName, type Reason } from '../../model/outcome.js';
import type { ActualState, InstanceSummary, RunResult } from '../../model/run/result.js';
import type { HealthState } from '../../model/config.js';
import { msToSecondsRounded } from '../../sim/time.js';
import { describeCause, detectionLagMs } from '../text/incident-text.js';
import { NATIVE_STATE_NAMES } from '../../model/run/model-facts.js';

/** An evaluated `Expect` entry; evaluation lives outside report/, which only passes it through. */
export interface ExpectationOutcome {
  metric: string;
  passed: boolean;
  actual: number | null;
  /** What was asked, for humans: `max 2000`, `equals 1`. */
  expected?: string;
  name?: string | null;
}

export interface ReasonSummaryJson {
  status: number | null;
  count: number;
  label: string;
  /** Status each other profile would answer; null where it answers no error status (fails open, silent close). */
  otherProfiles: Partial<Record<ProfileName, number | null>>;
}

export interface InstanceJson {
  id: string;
  zone: string;
  requests: number;
  responses: number;
  backend5xx: number;
  gatewayErrors: number;
  probes: number;
  probesFailed: number;
  /** `to` and `from` are InService/OutOfService under every profile; `native` is the profile's own name for `to`. */
  transitions: Array<{ t: number; node: string; from: HealthState; to: HealthState; native: string; reason: string }>;
  actual: Array<{ t: number; state: ActualState; fault: number | null }>;
}

export interface IncidentJson {
  number: number;
  start: number;
  end: number;
  status: number;
  reason: Reason;
  count: number;
  instances: string[];
  faults: number[];
  cause: string;
  detectedAt: number | null;
  detectionLag: number | null;
  /** The one node whose clients got these errors (a zone down with cross-zone off), else null. */
  node: string | null;
}

export interface JsonSummary {
  scenario: string;
  description: string;
  seed: number;
  profile: ProfileName;
  profileOverrides: string[];
  loadBalancer: string;
  nodes: string[];
  crossZone: boolean;
  duration: number;
  warmup: number;
  /** Only for a scenario read from a native config: where from, and every directive lbsim does not model. */
  imported?: { format: string; file: string; backend: string | null; notModelled: Array<{ at: string; directive: string; why: string }> };
  /** Only for `lbsim live`: the run was played on real sockets at this speed. */
  live?: { speed: number; realSeconds: number; sent: number; late: number };
  requests: { total: number; inFlightAtEnd: number; attempts: number; attemptsPerRequest: number; routedUnhealthy: number };
  statusCounts: Record<string, number>;
  gatewayErrors: { total: number; byReason: Partial<Record<Reason, ReasonSummaryJson>> };
  backend5xx: number;
  latency: { count: number; mean: number; p50: number; p90: number; p99: number; max: number };
  instances: InstanceJson[];
  incidents: IncidentJson[];
  expectations: ExpectationOutcome[];
}

export function toJsonSummary(result: RunResult, expectations: readonly ExpectationOutcome[] = []): JsonSummary {
  const { setup, latency } = result;
  return {
    scenario: setup.name,
    description: setup.description,
    seed: setup.seed,
    profile: setup.balancer.profile,
    profileOverrides: [...setup.balancer.profileOverrides],
    loadBalancer: setup.balancer.name,
    nodes: [...setup.balancer.nodes],
    crossZone: setup.balancer.crossZone,
    duration: msToSecondsRounded(setup.durationMs),
    warmup: msToSecondsRounded(setup.warmupMs),
    ...(setup.imported ? { imported: { ...setup.imported, notModelled: setup.imported.notModelled.map((note) => ({ ...note })) } } : {}),
    ...(result.live ? { live: { speed: result.live.speed, realSeconds: msToSecondsRounded(result.live.realMs), sent: result.live.sent, late: result.live.late } } : {}),
    requests: {
      total: result.requests.total,
      inFlightAtEnd: result.requests.inFlightAtEnd,
      attempts: result.requests.attempts,
      attemptsPerRequest: result.requests.total === 0 ? 0 : Math.round((result.requests.attempts / result.requests.total) * 1000) / 1000,
      routedUnhealthy: result.requests.routedUnhealthy,
    },
    statusCounts: sortedStatusCounts(result.statusCounts),
    gatewayErrors: { total: result.gatewayErrors.total, byReason: reasonsJson(result) },
    backend5xx: result.backend5xx,
    latency: {
      count: latency.count,
      mean: msToSecondsRounded(latency.meanMs),
      p50: msToSecondsRounded(latency.p50Ms),
      p90: msToSecondsRounded(latency.p90Ms),
      p99: msToSecondsRounded(latency.p99Ms),
      max: msToSecondsRounded(latency.maxMs),
    },
    instances: result.instances.map((instance) => instanceJson(instance, setup.balancer.profile)),
    incidents: result.incidents.map((incident) => {
      const lagMs = detectionLagMs(incident, setup, result.deploys);
      return {
        number: incident.number,
        start: msToSecondsRounded(incident.startMs),
        end: msToSecondsRounded(incident.endMs),
        status: incident.status,
        reason: incident.reason,
        count: incident.count,
        instances: [...incident.instanceIds],
        faults: [...incident.faultIndexes],
        cause: describeCause(incident, result),
        detectedAt: incident.detectedAtMs === null ? null : msToSecondsRounded(incident.detectedAtMs),
        detectionLag: lagMs === null ? null : msToSecondsRounded(lagMs),
        node: incident.node,
      };
    }),
    expectations: expectations.map((expectation) => ({ ...expectation })),
  };
}

/** Status strings in numeric order; an object's own key order would put them in insertion order. */
export function sortedStatusCounts(counts: Record<string, number>): Record<string, number> {
  const sorted: Record<string, number> = {};
  for (const status of Object.keys(counts).sort((a, b) => Number(a) - Number(b) || a.localeCompare(b))) {
    sorted[status] = counts[status] ?? 0;
  }
  return sorted;
}

/** Reasons that occurred, in the taxonomy's order. */
function reasonsJson(result: RunResult): Partial<Record<Reason, ReasonSummaryJson>> {
  const profile = result.setup.balancer.profile;
  const byReason: Partial<Record<Reason, ReasonSummaryJson>> = {};
  for (const reason of REASONS) {
    const entry = result.gatewayErrors.byReason[reason];
    if (entry === undefined || entry.count === 0) continue;
    byReason[reason] = { status: entry.status, count: entry.count, label: labelFor(reason, profile), otherProfiles: otherProfileStatuses(reason, profile) };
  }
  return byReason;
}

function instanceJson(instance: InstanceSummary, profile: ProfileName): InstanceJson {
  return {
    id: instance.id,
    zone: instance.zone,
    requests: instance.requests,
    responses: instance.responses,
    backend5xx: instance.backend5xx,
    gatewayErrors: instance.gatewayErrors,
    probes: instance.probes,
    probesFailed: instance.probesFailed,
    transitions: instance.transitions.map((transition) => ({
      t: msToSecondsRounded(transition.tMs),
      node: transition.node,
      from: transition.from,
      to: transition.to,
      native: NATIVE_STATE_NAMES[profile][transition.to],
      reason: transition.reason,
    })),
    actual: instance.actual.map((change) => ({ t: msToSecondsRounded(change.tMs), state: change.state, fault: change.faultIndex })),
  };
}
