// `lbsim explain --incident N`: the fault, every health-check result from just before it until the
// balancer noticed (marking the ones that moved its belief), the detection lag, the requests exposed, the fix.

import type { HealthCheckEvent } from '../model/events.js';
import { REASON_TABLE, type ProfileName, type Reason } from '../model/outcome.js';
import type { Incident, RunResult } from '../model/result.js';
import { msToSecondsRounded as seconds } from '../sim/time.js';
import {
  clockAt,
  explainHeader,
  explainParagraph,
  faultJson,
  faultText,
  INDENT,
  isMembership,
  nodesOf,
  otherStatuses,
  probeJson,
  probeLine,
  probeText,
  type FaultJson,
  type ProbeJson,
} from './explain.js';
import { formatClock, formatDuration, joinWords, plural } from './format.js';
import { deregisters, faultReachedMs } from './deploy-windows.js';
import { describeIncident, detectionLagMs, faultsOf, otherProfilesText } from './incident-text.js';
import { incidentHeadline } from './render-text.js';

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
  /** `afterFailures` 0 means the balancer took it out itself (a deregistration), not a health check; `why` is AWS's description. */
  beliefs: Array<{ instance: string; node: string; outOfServiceAt: number | null; afterFailures: number | null; inServiceAfterFault: number | null; why: string | null }>;
  detection: { faultAt: number | null; detectedAt: number | null; lag: number | null };
  exposed: { count: number; firstError: number; lastError: number; status: number; reason: Reason; label: string; otherProfiles: Partial<Record<ProfileName, number | null>> };
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
  const fromMs = Math.max(0, anchorMs - healthCheck.intervalMs);
  const toMs = Math.max(fromMs, incident.detectedAtMs ?? incident.endMs);
  return { instanceIds: [...incident.instanceIds], fromMs, toMs };
}

export function explainIncident(incident: Incident, result: RunResult, collected: CollectedProbes): IncidentExplanationJson {
  const { setup } = result;
  const profile = setup.balancer.profile;
  const window = incidentProbeWindow(incident, result);
  const faultAtMs = faultStartMs(incident, result);
  const lagMs = detectionLagMs(incident, setup, result.deploys);
  const [summary = '', hint = null] = describeIncident(incident, result);
  // The run report's hint, without its "Shorter:" or "Fix:" lead-in: here it sits under its own heading.
  const shorter = hint === null ? null : hint.replace(/^(?:Shorter|Fix): (\w)/, (_match, first: string) => first.toUpperCase());
  const label = REASON_TABLE[incident.reason][profile].label;
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
    probes: { from: seconds(window.fromMs), to: seconds(window.toMs), omitted: collected.omitted, results: collected.probes.map((probe) => probeJson(result, probe)) },
    beliefs: outOfServiceMarks(incident, result, faultAtMs, window.fromMs),
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
      otherProfiles: otherStatuses(incident.reason, profile),
    },
    shorter,
  };
}

/**
 * Per instance and node, the mark that matters: for NoHealthyInstances the last OutOfService at or
 * before the incident began (what left the pool empty), otherwise the first one after the fault.
 */
function outOfServiceMarks(incident: Incident, result: RunResult, faultAtMs: number | null, fromMs: number): IncidentExplanationJson['beliefs'] {
  const sinceMs = faultAtMs ?? fromMs;
  const nodes = nodesOf(result);
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
    probeLines(explanation, nodesOf(result).length > 1),
    detectionLines(explanation, result),
    exposedLines(explanation, result),
    ['What would have shortened it', ...explainParagraph(explanation.shorter ?? 'No setting suggestion: a shorter Interval would not predictably have shortened this incident.')],
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function faultLines(explanation: IncidentExplanationJson): string[] {
  if (explanation.faults.length === 0) return ['Fault', `${INDENT}None: no Events entry was in force on ${joinWords(explanation.incident.instances) || 'any instance'}.`];
  return [explanation.faults.length === 1 ? 'Fault' : 'Faults', ...explanation.faults.map((fault) => `${INDENT}${faultText(fault)}`)];
}

function probeLines(explanation: IncidentExplanationJson, showNode: boolean): string[] {
  const { probes, incident } = explanation;
  const who = joinWords(incident.instances);
  const lines = [`What the balancer believed: health checks of ${who || 'the instances'} from ${clockAt(probes.from)} to ${clockAt(probes.to)}`];
  if (probes.results.length === 0) lines.push(`${INDENT}No health-check result in that window.`);
  // The fault's start goes between the probes, where the balancer's view and the truth part ways.
  const width = Math.max(0, ...probes.results.map((probe) => probeText(probe, showNode).length));
  const timed = probes.results.map((probe) => ({ t: probe.t, line: probeLine(probe, showNode, width) }));
  for (const fault of explanation.faults.filter((f) => f.at >= probes.from && f.at <= probes.to)) {
    timed.push({ t: fault.at, line: `${clockAt(fault.at)} Events[${fault.index}] ${fault.fault} starts on ${joinWords(fault.instances)}` });
  }
  // A long window keeps as many first results as last ones; the gap goes between them.
  const half = probes.results.length / 2;
  const [before, after] = [probes.results[half - 1], probes.results[half]];
  if (probes.omitted > 0 && before !== undefined && after !== undefined) {
    timed.push({ t: (before.t + after.t) / 2, line: `... ${plural(probes.omitted, 'more result')} ...` });
  }
  const table = timed.sort((a, b) => a.t - b.t).map((entry) => `${INDENT}${entry.line}`);
  lines.push(...table);
  const byMark = (belief: IncidentExplanationJson['beliefs'][number]) => belief.outOfServiceAt ?? Number.POSITIVE_INFINITY;
  for (const belief of [...explanation.beliefs].sort((a, b) => byMark(a) - byMark(b))) {
    const node = showNode ? ` (${belief.node})` : '';
    if (belief.outOfServiceAt === null) {
      lines.push(...explainParagraph(`${belief.instance}${node} was never marked OutOfService in that window: the balancer kept believing it InService.`));
      continue;
    }
    if (belief.afterFailures === 0) {
      lines.push(...explainParagraph(`${belief.instance}${node} was taken OutOfService at ${clockAt(belief.outOfServiceAt)} by the balancer itself, not by a health check: ${belief.why ?? 'no reason given'}`));
      continue;
    }
    const checks = belief.afterFailures === null ? '' : ` after ${belief.afterFailures} failed checks in a row`;
    const marked = `marked OutOfService at ${clockAt(belief.outOfServiceAt)}${checks}`;
    const stayed = belief.inServiceAfterFault === null ? `${belief.instance}${node} was ${marked}.` : `${belief.instance}${node} stayed InService for ${formatDuration(belief.inServiceAfterFault * 1000)} after the fault; ${marked}.`;
    lines.push(...explainParagraph(stayed));
  }
  return lines;
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

function exposedLines(explanation: IncidentExplanationJson, result: RunResult): string[] {
  const { exposed } = explanation;
  const window = exposed.firstError === exposed.lastError ? `at ${clockAt(exposed.firstError)}` : `from ${clockAt(exposed.firstError)} to ${clockAt(exposed.lastError)}`;
  const sentences = [`${plural(exposed.count, 'request')} got ${exposed.status} ${exposed.reason} ("${exposed.label}") ${window}.`];
  const idleTimeoutMs = result.setup.balancer.idleTimeoutMs;
  if (exposed.reason === 'ResponseTimeout') {
    // Each waited out the idle timeout: they were sent one idle timeout before their error.
    const sent = [exposed.firstError * 1000 - idleTimeoutMs, exposed.lastError * 1000 - idleTimeoutMs].map(formatClock);
    sentences.push(`Each waited the ${formatDuration(idleTimeoutMs)} idle timeout, so they were sent between ${sent[0]} and ${sent[1]}.`);
  }
  sentences.push(`Other balancers: ${otherProfilesText(exposed.reason, result.setup.balancer.profile)}.`);
  return ['Requests exposed', ...explainParagraph(sentences.join(' '))];
}
