// The sentences that explain an incident: which fault on which instance, what the balancer
// believed meanwhile, how long it took to notice, and what other balancers would have answered.

import type { FaultEventConfig, HealthCheckConfig, SimulationSetup } from '../model/config.js';
import { otherProfiles, REASON_SUMMARY, REASON_TABLE, type ProfileName, type Reason, type ReasonAnswer } from '../model/outcome.js';
import type { DeployProgress, Incident, RunResult } from '../model/result.js';
import { lastOutOfServiceMarks } from '../model/detection.js';
import { deregisters, faultReachedMs } from './deploy-windows.js';
import { drainingSentence, faultClause } from './fault-text.js';
import { formatClock, formatDuration, joinWords } from './format.js';
import { keepAliveFixHint, keepAliveRaceSentences } from './keep-alive-text.js';

/** Short product names, as people say them in a sentence. */
export const PROFILE_LABEL: Record<ProfileName, string> = {
  'aws-clb': 'CLB',
  'aws-alb': 'ALB',
  nginx: 'nginx',
  haproxy: 'HAProxy',
  envoy: 'Envoy',
};

const PROFILE_ARTICLE_LABEL: Record<ProfileName, string> = {
  'aws-clb': 'A Classic ELB',
  'aws-alb': 'An ALB',
  nginx: 'nginx',
  haproxy: 'HAProxy',
  envoy: 'Envoy',
};

/** Faults that make an instance fail its checks outright; only for these is detection time predictable. */
const DETECTABLE_FAULTS = new Set<string>(['crash', 'hang', 'blackhole']);
/**
 * Reasons that come from sending new requests to an instance the balancer still believed in, so
 * faster detection means fewer of them. Resets and malformed answers also hit requests already
 * in flight, which no health check can save.
 */
const ROUTED_REASONS = new Set<Reason>(['ResponseTimeout', 'ConnectRefused', 'ConnectTimeout']);
/** The shortest Interval we suggest: AWS's range starts at 5 s, but 10 s is the usual fast setting. */
const SUGGESTED_INTERVAL_MS = 10_000;

/**
 * One profile's answer, compact: `502`, `503 SC`, `fails open`. HAProxy and Envoy are known by
 * their termination flags, so the flag goes with the status; the others are known by the status.
 */
export function answerText(profile: ProfileName, answer: ReasonAnswer): string {
  if (answer.status === null) return answer.label;
  const flagged = profile === 'haproxy' || profile === 'envoy';
  const flag = answer.label.split(' ')[0] ?? '';
  return flagged && flag.length > 0 ? `${answer.status} ${flag}` : String(answer.status);
}

/** `nginx 502, ALB fails open, HAProxy 503 SC, Envoy 503 UH`; `only` narrows it for compact tables. */
export function otherProfilesText(reason: Reason, profile: ProfileName, only?: readonly ProfileName[]): string {
  return otherProfiles(reason, profile)
    .filter((other) => only === undefined || only.includes(other.profile))
    .sort((a, b) => (only === undefined ? 0 : only.indexOf(a.profile) - only.indexOf(b.profile)))
    .map((other) => `${PROFILE_LABEL[other.profile]} ${answerText(other.profile, other.answer)}`)
    .join(', ');
}

/** The `Events` entries an incident names, in index order; unknown indexes are skipped. */
export function faultsOf(incident: Incident, setup: SimulationSetup): FaultEventConfig[] {
  return incident.faultIndexes
    .map((index) => setup.events.find((event) => event.index === index))
    .filter((event): event is FaultEventConfig => event !== undefined);
}

/** Time from the first fault that started the incident to the balancer marking the last instance OutOfService. */
export function detectionLagMs(incident: Incident, setup: SimulationSetup, deploys: readonly DeployProgress[] = []): number | null {
  const faultAtMs = firstFaultAtMs(incident, setup, deploys);
  if (faultAtMs === null || incident.detectedAtMs === null) return null;
  const lagMs = incident.detectedAtMs - faultAtMs;
  return lagMs >= 0 ? lagMs : null;
}

/** The cause in a few sentences: the fault, the balancer's belief meanwhile, and the detection lag. */
export function describeCause(incident: Incident, result: RunResult): string {
  const sentences = causeSentences(incident, result);
  // NoHealthyInstances places its own detection sentence, before the part about recovery.
  const detection = incident.reason === 'NoHealthyInstances' ? null : detectionSentence(incident, result.setup, result.deploys);
  return (detection === null ? sentences : [...sentences, detection]).join(' ');
}

/** "Detection took 43s (fault at 2m00s, OutOfService at 2m43s)." when both ends are known. */
function detectionSentence(incident: Incident, setup: SimulationSetup, deploys: readonly DeployProgress[]): string | null {
  // Leaving the pool is the balancer's own act: there is nothing to detect.
  if (faultsOf(incident, setup).every((fault) => fault.fault === 'register' || deregisters(fault))) return null;
  const lagMs = detectionLagMs(incident, setup, deploys);
  const faultAtMs = firstFaultAtMs(incident, setup, deploys);
  if (lagMs === null || faultAtMs === null || incident.detectedAtMs === null) return null;
  return `Detection took ${formatDuration(lagMs)} (fault at ${formatClock(faultAtMs)}, OutOfService at ${formatClock(incident.detectedAtMs)}).`;
}

/** The full explanation as paragraphs: cause with the profile comparison, then a "would have" hint if one applies. */
export function describeIncident(incident: Incident, result: RunResult): string[] {
  const main = [describeCause(incident, result), profileComparison(incident.reason, result.setup.balancer.profile)].join(' ');
  // A keep-alive race has no fault to detect sooner: its hint is the setting that removes it.
  const hint = incident.reason === 'KeepAliveRace' ? keepAliveFixHint(result) : shorterIntervalHint(incident, result);
  return hint === null ? [main] : [main, hint];
}

function causeSentences(incident: Incident, result: RunResult): string[] {
  const { setup } = result;
  const faults = faultsOf(incident, setup).filter((fault) => fault.fault !== 'recover');
  const ids = joinWords(incident.instanceIds);
  const them = incident.instanceIds.length === 1 ? 'it' : 'them';
  const were = incident.instanceIds.length === 1 ? 'was' : 'were';
  const faultText = faults.map((fault) => faultClause(fault, incident.instanceIds, result.deploys)).join('; ');
  const idleTimeout = formatDuration(setup.balancer.idleTimeoutMs);
  switch (incident.reason) {
    case 'ResponseTimeout':
      if (faults.length === 0) return [`No fault was active: ${ids} ${were} overloaded, and requests waited in their queues longer than the ${idleTimeout} idle timeout.`];
      return [`${faultText}.`, `Requests routed to ${them} waited the full ${idleTimeout} idle timeout.`, keptRouting(incident, result, them)];
    case 'ConnectRefused': {
      const backlogs = incident.instanceIds.length === 1 ? `the backlog of ${ids} was` : `the backlogs of ${ids} were`;
      if (faults.length === 0) return [`No fault was active: ${backlogs} full, so connections were refused and every InService instance refused too.`];
      // A hung instance still accepts connections until requests that never finish fill its backlog.
      const why = faults.every((fault) => fault.fault === 'hang') ? `${backlogs} filled by requests that never finished, so ` : '';
      return [`${faultText}; ${why}connections were refused and every InService instance refused too.`, keptRouting(incident, result, them)];
    }
    case 'KeepAliveRace':
      return keepAliveRaceSentences(incident, result);
    case 'NoHealthyInstances':
      return noHealthySentences(incident, result, faults, faultText);
    default: {
      const deregistered = faults.find(deregisters);
      if (incident.reason === 'UpstreamReset' && deregistered) return [`${faultText}.`, drainingSentence(result)];
      const summary = capitalise(REASON_SUMMARY[incident.reason]);
      if (faults.length === 0) return [`No fault was active: ${REASON_SUMMARY[incident.reason]}.`];
      return ROUTED_REASONS.has(incident.reason) ? [`${faultText}.`, `${summary}.`, keptRouting(incident, result, them)] : [`${faultText}.`, `${summary}.`];
    }
  }
}

function noHealthySentences(incident: Incident, result: RunResult, faults: FaultEventConfig[], faultText: string): string[] {
  const { healthCheck } = result.setup;
  const fromMs = incident.detectedAtMs !== null && incident.detectedAtMs <= incident.startMs ? incident.detectedAtMs : incident.startMs;
  const sentences = [`From ${formatClock(fromMs)} no instance was InService.`];
  const marks = lastOutOfServiceMarks(incident, result.instances);
  const them = incident.instanceIds.length === 1 ? 'it' : 'them';
  const markText = marks.map((mark) => `${mark.id} at ${formatClock(mark.tMs)}`).join(', ');
  if (faults.length > 0) {
    sentences.push(marks.length > 0 ? `${faultText} and the balancer marked ${them} OutOfService: ${markText}.` : `${faultText}.`);
  } else if (marks.length === 0) {
    sentences.push(`No fault was active: ${joinWords(incident.instanceIds)} had not yet passed ${healthCheck.healthyThreshold} health checks in a row.`);
  } else {
    sentences.push(`No fault was active: the instances were overloaded, so ${overloadedProbes(healthCheck)} (OutOfService: ${markText}).`);
  }
  const detection = detectionSentence(incident, result.setup, result.deploys);
  if (detection !== null) sentences.push(detection);
  sentences.push(`Recovery needs HealthyThreshold=${healthCheck.healthyThreshold} passing checks ${formatDuration(healthCheck.intervalMs)} apart.`);
  const recovery = firstInService(incident, result);
  sentences.push(recovery === null ? 'No instance returned to InService before the run ended.' : `${recovery.id} returned to InService at ${formatClock(recovery.tMs)}.`);
  return sentences;
}

function overloadedProbes(healthCheck: HealthCheckConfig): string {
  if (healthCheck.protocol === 'HTTP' || healthCheck.protocol === 'HTTPS') {
    return `health checks waited in their queues longer than the ${formatDuration(healthCheck.timeoutMs)} Timeout`;
  }
  return 'health-check connections were refused while their backlogs were full';
}

/** "The balancer kept routing to them until 2 health checks in a row failed: i-1 at 2m35s, i-2 at 2m41s." */
function keptRouting(incident: Incident, result: RunResult, them: string): string {
  const threshold = result.setup.healthCheck.unhealthyThreshold;
  const marks = outOfServiceMarks(incident, result, firstFaultAtMs(incident, result.setup, result.deploys) ?? 0);
  const seen = marks.filter((mark) => mark.tMs !== null);
  if (seen.length === 0) return `Health checks never failed ${threshold} times in a row, so the balancer never marked ${them} OutOfService.`;
  const times = seen.map((mark) => (marks.length === 1 ? formatClock(mark.tMs ?? 0) : `${mark.id} at ${formatClock(mark.tMs ?? 0)}`));
  const missed = marks.filter((mark) => mark.tMs === null).map((mark) => mark.id);
  const tail = missed.length === 0 ? '' : ` ${joinWords(missed)} ${missed.length === 1 ? 'was' : 'were'} never marked OutOfService.`;
  const joiner = marks.length === 1 ? ' at ' : ': ';
  return `The balancer kept routing to ${them} until ${threshold} health checks in a row failed${joiner}${times.join(', ')}.${tail}`;
}

/** Each incident instance's first OutOfService transition at or after `sinceMs`, on any balancer node; in time order. */
function outOfServiceMarks(incident: Incident, result: RunResult, sinceMs: number): Array<{ id: string; tMs: number | null }> {
  const marks = incident.instanceIds.map((id) => {
    const instance = result.instances.find((candidate) => candidate.id === id);
    const times = (instance?.transitions ?? []).filter((t) => t.to === 'OutOfService' && t.tMs >= sinceMs).map((t) => t.tMs);
    return { id, tMs: times.length === 0 ? null : Math.min(...times) };
  });
  const order = (tMs: number | null): number => tMs ?? Number.POSITIVE_INFINITY;
  return marks.sort((a, b) => order(a.tMs) - order(b.tMs) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The first instance back InService after the incident started: what ended a NoHealthyInstances window. */
function firstInService(incident: Incident, result: RunResult): { id: string; tMs: number } | null {
  let best: { id: string; tMs: number } | null = null;
  for (const instance of result.instances) {
    const back = instance.transitions.find((transition) => transition.to === 'InService' && transition.tMs >= incident.startMs);
    if (back !== undefined && (best === null || back.tMs < best.tMs)) best = { id: instance.id, tMs: back.tMs };
  }
  return best;
}

function profileComparison(reason: Reason, profile: ProfileName): string {
  const own = REASON_TABLE[reason][profile];
  const others = otherProfiles(reason, profile);
  const sentences: string[] = [];
  if (reason === 'NoHealthyInstances' && profile === 'aws-clb') {
    sentences.push(
      "A Classic ELB answers 503 here; nginx answers 502 (no live upstreams). The 502 many write-ups (and the seed document) expect is nginx's answer.",
      `Other balancers: ${otherProfilesText(reason, profile, ['aws-alb', 'haproxy', 'envoy'])}.`,
    );
  } else if (others.every((other) => other.answer.status === own.status)) {
    sentences.push(`Other balancers answer ${own.status ?? 'the same'} too.`);
  } else {
    sentences.push(`${PROFILE_ARTICLE_LABEL[profile]} answers ${answerText(profile, own)} here. Other balancers: ${otherProfilesText(reason, profile)}.`);
  }
  if (!own.documented) sentences.push(`The ${own.status ?? 'answer'} is inferred, not documented by the vendor${own.note === undefined ? '' : ` (${own.note})`}.`);
  return sentences.join(' ');
}

/**
 * Detection after a crash lands between Interval×(U−1) and Interval×U (a hang adds up to
 * Timeout), so the midpoint Interval×(U−0.5) is the honest "~" figure for both settings.
 */
function shorterIntervalHint(incident: Incident, result: RunResult): string | null {
  const { healthCheck } = result.setup;
  if (healthCheck.intervalMs <= SUGGESTED_INTERVAL_MS || healthCheck.timeoutMs >= SUGGESTED_INTERVAL_MS) return null;
  const faults = faultsOf(incident, result.setup).filter((fault) => DETECTABLE_FAULTS.has(fault.fault));
  if (faults.length === 0) return null;
  const hangMs = faults.some((fault) => fault.fault === 'hang') ? healthCheck.timeoutMs : 0;
  if (ROUTED_REASONS.has(incident.reason)) {
    const estimate = (intervalMs: number): number => intervalMs * (healthCheck.unhealthyThreshold - 0.5) + hangMs;
    return `Shorter: with Interval ${formatDuration(SUGGESTED_INTERVAL_MS)}, detection typically takes ~${formatDuration(estimate(SUGGESTED_INTERVAL_MS))} instead of ~${formatDuration(estimate(healthCheck.intervalMs))} (the middle of each setting's window).`;
  }
  if (incident.reason === 'NoHealthyInstances' && firstInService(incident, result) !== null) {
    const estimate = (intervalMs: number): number => intervalMs * (healthCheck.healthyThreshold - 0.5);
    return `Shorter: with Interval ${formatDuration(SUGGESTED_INTERVAL_MS)}, recovery after the fault ends typically takes ~${formatDuration(estimate(SUGGESTED_INTERVAL_MS))} instead of ~${formatDuration(estimate(healthCheck.intervalMs))}.`;
  }
  return null;
}

function firstFaultAtMs(incident: Incident, setup: SimulationSetup, deploys: readonly DeployProgress[] = []): number | null {
  const starts = faultsOf(incident, setup)
    .filter((fault) => fault.fault !== 'recover')
    .map((fault) => faultReachedMs(deploys, fault, incident.instanceIds));
  return starts.length === 0 ? null : Math.min(...starts);
}

function capitalise(text: string): string {
  return text.length === 0 ? text : `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}
