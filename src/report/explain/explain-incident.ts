// `lbsim explain --incident N`: the fault, every health-check result from just before it until the
// balancer noticed (marking the ones that moved its belief), the detection lag, the requests exposed, the fix.

import type { HealthState } from '../../model/config.js';
import type { HealthCheckEvent } from '../../model/run/events.js';
import { labelFor, otherProfileStatuses, type ProfileName, type Reason } from '../../model/outcome.js';
import type { Incident, RunResult } from '../../model/run/result.js';
import { msToSecondsRounded as seconds } from '../../sim/time.js';
import { clockAt, explainHeader, explainParagraph, faultJson, faultText, INDENT, isMembership, probeJson, type FaultJson, type ProbeJson } from './explain.js';
import { beliefLines } from './explain-beliefs.js';
import { exposedLines, type ExposedJson, type IncidentExposure } from './explain-exposure.js';
import { formatDuration, joinWords } from '../text/format.js';
import { deregisters, faultReachedMs } from '../text/deploy-windows.js';
import { describeIncident, detectionLagMs, faultsOf } from '../text/incident-text.js';
import { incidentHeadline } from '../text/render-text.js';
import { incidentNodes, nodesOf } from './routing.js';

/** The health checks worth reading for an incident: these instances, between these times (ms). */
export interface ProbeWindow {
  instanceIds: string[];
  fromMs: number;
  toMs: number;
}

/** Probes collected for the window; a long window keeps its first and last ones and counts the rest. */
export interface CollectedProbes {
  probes: HealthCheckEvent[];
  omitted: number;
}

export interface IncidentExplanationJson {
  scenario: string;
  seed: number;
  profile: ProfileName;
  incident: { number: number; start: number; end: number; status: number; reason: Reason; label: string; count: number; instances: string[] };
  summary: string;
  faults: FaultJson[];
  probes: { from: number; to: number; omitted: number; results: ProbeJson[] };
  /** Without active checks (nginx): the passive belief changes of these instances in the same window. */
  passive: Array<{ t: number; node: string; instance: string; to: HealthState; why: string }>;
  /** The balancer nodes whose clients the incident concerns. */
  nodes: string[];
  /** `afterFailures` 0 means the balancer took it out itself (a deregistration), not a health check; `why` is AWS's description. */
  beliefs: Array<{ instance: string; node: string; outOfServiceAt: number | null; afterFailures: number | null; inServiceAfterFault: number | null; why: string | null }>;
  detection: { faultAt: number | null; detectedAt: number | null; lag: number | null };
  exposed: ExposedJson & { otherProfiles: Partial<Record<ProfileName, number | null>> };
  /** Measured from the event log when `explain` collected it: arrivals, attempts, nodes. */
  measured: IncidentExposure | null;
  shorter: string | null;
}

/** When the incident's first fault (not a `recover`) started; null when no fault is behind it. */
function faultStartMs(incident: Incident, result: RunResult): number | null {
  const starts = faultsOf(incident, result.setup)
    .filter((fault) => fault.fault !== 'recover')
    .map((fault) => faultReachedMs(result.deploys, fault, incident.instanceIds));
  return starts.length === 0 ? null : Math.min(...starts);
}

/**
 * From one Interval before the fault (the last result the balancer had while all was well) to
 * detection, or the incident's end when the balancer never noticed. Without a fault, the anchor is
 * one idle timeout before the first error, as for detection: the overload began before it.
 */
export function incidentProbeWindow(incident: Incident, result: RunResult): ProbeWindow {
  const { healthCheck, balancer } = result.setup;
  const anchorMs = faultStartMs(incident, result) ?? incident.startMs - balancer.idleTimeoutMs;
  // Without active checks there is no Interval: nginx's own period is fail_timeout.
  const lookbackMs = balancer.behaviour.activeChecks ? healthCheck.intervalMs : (balancer.behaviour.passive?.failTimeoutMs ?? healthCheck.intervalMs);
  const fromMs = Math.max(0, anchorMs - lookbackMs);
  const toMs = Math.max(fromMs, incident.detectedAtMs ?? incident.endMs);
  return { instanceIds: [...incident.instanceIds], fromMs, toMs };
}

export function explainIncident(incident: Incident, result: RunResult, collected: CollectedProbes, exposure: IncidentExposure | null = null): IncidentExplanationJson {
  const { setup } = result;
  const nodes = incidentNodes(incident, result, exposure?.nodes);
  const showAll = nodes.length === nodesOf(result).length;
  const profile = setup.balancer.profile;
  const window = incidentProbeWindow(incident, result);
  const faultAtMs = faultStartMs(incident, result);
  const lagMs = detectionLagMs(incident, setup, result.deploys);
  const [summary = '', hint = null] = describeIncident(incident, result);
  // The run report's hint, without its "Shorter:" or "Fix:" lead-in: here it sits under its own heading.
  const shorter = hint === null ? null : hint.replace(/^(?:Shorter|Fix): (\w)/, (_match, first: string) => first.toUpperCase());
  const label = labelFor(incident.reason, profile);
  return {
    scenario: setup.name,
    seed: setup.seed,
    profile,
    incident: {
      number: incident.number,
      start: seconds(incident.startMs),
      end: seconds(incident.endMs),
      status: incident.status,
      reason: incident.reason,
      label,
      count: incident.count,
      instances: [...incident.instanceIds],
    },
    summary,
    faults: faultsOf(incident, setup)
      .filter((fault) => fault.fault !== 'recover')
      .map((fault) => faultJson(setup, fault, fault.instanceIds.filter((id) => incident.instanceIds.includes(id)), result.deploys)),
    probes: {
      from: seconds(window.fromMs),
      to: seconds(window.toMs),
      omitted: collected.omitted,
      results: collected.probes.filter((probe) => showAll || nodes.includes(probe.node)).map((probe) => probeJson(result, probe)),
    },
    passive: passiveChanges(incident, result, window, nodes),
    nodes,
    beliefs: outOfServiceMarks(incident, result, faultAtMs, window.fromMs, nodes),
    detection: {
      faultAt: faultAtMs === null ? null : seconds(faultAtMs),
      detectedAt: incident.detectedAtMs === null ? null : seconds(incident.detectedAtMs),
      lag: lagMs === null ? null : seconds(lagMs),
    },
    exposed: {
      count: incident.count,
      firstError: seconds(incident.startMs),
      lastError: seconds(incident.endMs),
      status: incident.status,
      reason: incident.reason,
      label,
      otherProfiles: otherProfileStatuses(incident.reason, profile),
    },
    measured: exposure,
    shorter,
  };
}

/** Without active checks, what moved the belief instead: nginx's passive marks in the window, on the incident's nodes. */
function passiveChanges(incident: Incident, result: RunResult, window: ProbeWindow, nodes: readonly string[]): IncidentExplanationJson['passive'] {
  if (result.setup.balancer.behaviour.activeChecks) return [];
  return incident.instanceIds
    .flatMap((id) =>
      (result.instances.find((candidate) => candidate.id === id)?.transitions ?? [])
        .filter((t) => nodes.includes(t.node) && t.tMs >= window.fromMs && t.tMs <= window.toMs)
        .map((t) => ({ t: seconds(t.tMs), node: t.node, instance: id, to: t.to, why: t.reason })),
    )
    .sort((a, b) => a.t - b.t || (a.instance < b.instance ? -1 : 1));
}

/**
 * Per instance and node, the mark that matters: for NoHealthyInstances the last OutOfService at or
 * before the incident began (what left the pool empty), otherwise the first one after the fault.
 */
function outOfServiceMarks(incident: Incident, result: RunResult, faultAtMs: number | null, fromMs: number, nodes: readonly string[]): IncidentExplanationJson['beliefs'] {
  const sinceMs = faultAtMs ?? fromMs;
  return incident.instanceIds.flatMap((id) => {
    const transitions = result.instances.find((candidate) => candidate.id === id)?.transitions ?? [];
    return nodes.map((node) => {
      const marks = transitions.filter((t) => t.node === node && t.to === 'OutOfService' && t.tMs >= sinceMs);
      const mark = incident.reason === 'NoHealthyInstances' ? marks.filter((t) => t.tMs <= incident.startMs).at(-1) : marks[0];
      if (mark === undefined) return { instance: id, node, outOfServiceAt: null, afterFailures: null, inServiceAfterFault: null, why: null };
      const afterFault = faultAtMs === null ? null : seconds(mark.tMs - faultAtMs);
      return { instance: id, node, outOfServiceAt: seconds(mark.tMs), afterFailures: mark.probes, inServiceAfterFault: afterFault, why: mark.reason };
    });
  });
}

export function renderIncidentExplanation(explanation: IncidentExplanationJson, incident: Incident, result: RunResult): string {
  const sections: string[][] = [
    [explainHeader(result)],
    [`Incident${incidentHeadline(incident).replace(/^\s+/, ' ')}`, ...explainParagraph(explanation.summary)],
    faultLines(explanation),
    beliefLines(explanation, result),
    detectionLines(explanation, result),
    exposedLines(explanation.exposed, result, explanation.measured),
    ['What would have shortened it', ...explainParagraph(explanation.shorter ?? noSuggestion(result))],
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function faultLines(explanation: IncidentExplanationJson): string[] {
  if (explanation.faults.length === 0) return ['Fault', `${INDENT}None: no Events entry was in force on ${joinWords(explanation.incident.instances) || 'any instance'}.`];
  return [explanation.faults.length === 1 ? 'Fault' : 'Faults', ...explanation.faults.map((fault) => `${INDENT}${faultText(fault)}`)];
}

function noSuggestion(result: RunResult): string {
  return result.setup.balancer.behaviour.activeChecks
    ? 'No setting suggestion: a shorter Interval would not predictably have shortened this incident.'
    : 'No setting suggestion for this incident.';
}

function detectionLines(explanation: IncidentExplanationJson, result: RunResult): string[] {
  const { faultAt, detectedAt, lag } = explanation.detection;
  const event = (index: number) => result.setup.events.find((candidate) => candidate.index === index);
  const poolChange = (fault: FaultJson) => {
    const config = event(fault.index);
    return isMembership(fault.fault) || (config !== undefined && deregisters(config));
  };
  if (explanation.faults.length > 0 && explanation.faults.every(poolChange)) {
    return ['Detection lag', `${INDENT}None: leaving the pool is the balancer's own act; there is nothing to detect.`];
  }
  if (lag === null || faultAt === null || detectedAt === null) {
    const why = faultAt === null ? 'no fault started it' : 'the balancer never marked every instance involved OutOfService after the fault';
    return ['Detection lag', `${INDENT}Unknown: ${why}.`];
  }
  return ['Detection lag', ...explainParagraph(`${formatDuration(lag * 1000)}: fault at ${clockAt(faultAt)}, the last instance involved marked OutOfService at ${clockAt(detectedAt)}.`)];
}
