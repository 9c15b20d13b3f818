// The sentences that explain an incident: which fault on which instance, what the balancer
// believed meanwhile, how long it took to notice, and what other balancers would have answered.

import type { FaultEventConfig, SimulationSetup } from '../../model/config.js';
import { otherProfiles, type ProfileName, type Reason, REASON_TABLE, type ReasonAnswer, reasonSummary } from '../../model/outcome.js';
import { PROFILES } from '../../model/run/model-facts.js';
import type { DeployProgress, Incident, RunResult } from '../../model/run/result.js';
import { deregisters, faultReachedMs } from './deploy-windows.js';
import { faultEndMs } from './fault-end.js';
import { drainingSentence, faultClause } from './fault-text.js';
import { formatClock, formatDuration, joinWords } from './format.js';
import { incidentHint, type HintContext } from './hint-text.js';
import { keepAliveFixHint, keepAliveRaceSentences } from './keep-alive-text.js';
import { noHealthySentences } from './no-healthy-text.js';
import { connectRefusedSentences, connectTimeoutSentences, responseTimeoutSentences, type CauseContext } from './routed-text.js';
import { capitalise, incidentNodes } from '../explain/routing.js';

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
  const main = [describeCause(incident, result), profileComparison(incident.reason, result.setup.balancer.profile, incident.status)].join(' ');
  // A keep-alive race has no fault to detect sooner: its hint is the setting that removes it.
  const hint = incident.reason === 'KeepAliveRace' ? keepAliveFixHint(result) : incidentHint(hintContext(incident, result));
  return hint === null ? [main] : [main, hint];
}

/** What every part of an incident's story needs: its faults, its nodes, from when marks count. */
function causeContext(incident: Incident, result: RunResult): CauseContext {
  const { setup } = result;
  const faults = faultsOf(incident, setup).filter((fault) => fault.fault !== 'recover');
  const sinceMs = firstFaultAtMs(incident, setup, result.deploys);
  const lasting = faults.length === 1 && faults[0]?.durationMs != null ? faults[0].durationMs : null;
  return {
    incident,
    result,
    faults,
    faultText: faults.map((fault) => faultClause(fault, incident.instanceIds, result.deploys)).join('; '),
    ids: joinWords(incident.instanceIds),
    them: incident.instanceIds.length === 1 ? 'it' : 'them',
    were: incident.instanceIds.length === 1 ? 'was' : 'were',
    nodes: incidentNodes(incident, result),
    sinceMs: sinceMs ?? 0,
    faultMs: lasting,
    faultEndMs: faultsEndMs(result, faults, incident.instanceIds),
  };
}

function hintContext(incident: Incident, result: RunResult): HintContext {
  const c = causeContext(incident, result);
  return { incident, result, faults: c.faults, nodes: c.nodes, sinceMs: c.sinceMs, faultEndMs: c.faultEndMs, flapping: flapSentence(c) !== null };
}

/** When the faults stopped applying to every instance involved (Duration or a `recover`), if they did within the run. */
function faultsEndMs(result: RunResult, faults: readonly FaultEventConfig[], ids: readonly string[]): number | null {
  const ends = faults.flatMap((fault) => ids.map((id) => faultEndMs(result.setup, fault, id, result.deploys)));
  return ends.length === 0 || ends.some((end) => end === null) ? null : Math.max(...(ends as number[]));
}

function causeSentences(incident: Incident, result: RunResult): string[] {
  const c = causeContext(incident, result);
  const withFlap = (sentences: string[]): string[] => {
    const flap = flapSentence(c);
    return flap === null || sentences.length === 0 ? sentences : [sentences[0]!, flap, ...sentences.slice(1)];
  };
  switch (incident.reason) {
    case 'ResponseTimeout':
      return withFlap(responseTimeoutSentences(c));
    case 'ConnectRefused':
      return withFlap(connectRefusedSentences(c));
    case 'ConnectTimeout':
      return withFlap(connectTimeoutSentences(c));
    case 'KeepAliveRace':
      return keepAliveRaceSentences(incident, result);
    case 'NoHealthyInstances':
      return noHealthySentences(c, detectionSentence(incident, result.setup, result.deploys), c.faultEndMs);
    default: {
      const deregistered = c.faults.find(deregisters);
      if (incident.reason === 'UpstreamReset' && deregistered) return [`${c.faultText}.`, drainingSentence(result)];
      if (c.faults.length === 0) return [`No fault was active: ${reasonSummary(incident.reason, PROFILES[result.setup.balancer.profile].defaults.responseTimeoutName)}.`];
      return withFlap([`${c.faultText}.`, `${capitalise(reasonSummary(incident.reason, PROFILES[result.setup.balancer.profile].defaults.responseTimeoutName))}.`]);
    }
  }
}

/**
 * A crash loop: the instance had come back InService after passing checks, following an earlier
 * fault of the same kind, shortly before this one. Said so, since a higher HealthyThreshold would
 * have kept it out.
 */
function flapSentence(c: CauseContext): string | null {
  const { result, faults, sinceMs } = c;
  if (!result.setup.balancer.behaviour.activeChecks) return null;
  for (const id of c.incident.instanceIds) {
    const earlier = result.setup.events.some((event) => event.instanceIds.includes(id) && event.atMs < sinceMs && faults.some((f) => f.fault === event.fault && f.index !== event.index));
    if (!earlier) continue;
    const transitions = (result.instances.find((candidate) => candidate.id === id)?.transitions ?? []).filter((t) => c.nodes.includes(t.node) && t.tMs < sinceMs);
    const back = transitions.at(-1);
    if (back === undefined || back.to !== 'InService' || back.from !== 'OutOfService' || back.probes <= 0) continue;
    const threshold = result.setup.healthCheck.healthyThreshold;
    const kind = faults[0]?.fault ?? 'fault';
    const between = { crash: 'crashes', hang: 'hangs', blackhole: 'blackholes' }[kind as string] ?? 'faults';
    return `${id} had come back InService at ${formatClock(back.tMs)}, after ${back.probes} passing health checks (HealthyThreshold ${threshold}), ${formatDuration(sinceMs - back.tMs)} before this ${kind}: the balancer had let it back in between ${between}.`;
  }
  return null;
}

function profileComparison(reason: Reason, profile: ProfileName, status: number): string {
  const own = REASON_TABLE[reason][profile];
  const others = otherProfiles(reason, profile);
  const sentences: string[] = [];
  if (own.status === null) {
    // By default this profile answers nothing here (fail-open, panic); the run's overrides turned that off.
    sentences.push(`${PROFILE_ARTICLE_LABEL[profile]} answers ${status} here only because this run turns off what it does by default (${own.label}). Other balancers: ${otherProfilesText(reason, profile)}.`);
  } else if (reason === 'NoHealthyInstances' && profile === 'aws-clb') {
    sentences.push(
      "A Classic ELB answers 503 here; nginx answers 502 (no live upstreams). The 502 many write-ups (and the seed document) expect is nginx's answer.",
      `Other balancers: ${otherProfilesText(reason, profile, ['aws-alb', 'haproxy', 'envoy'])}.`,
    );
  } else if (others.every((other) => other.answer.status === own.status)) {
    sentences.push(`Other balancers answer ${own.status ?? 'the same'} too.`);
  } else {
    sentences.push(`${PROFILE_ARTICLE_LABEL[profile]} answers ${answerText(profile, own)} here. Other balancers: ${otherProfilesText(reason, profile)}.`);
  }
  if (!own.documented) sentences.push(inferredSentence(own));
  return sentences.join(' ');
}

/** `The 504 is inferred (not documented by AWS).`: the note is not repeated when it already says so. */
function inferredSentence(own: ReasonAnswer): string {
  const status = own.status ?? 'answer';
  if (own.note === undefined) return `The ${status} is inferred, not documented by the vendor.`;
  return own.note.includes('not documented') ? `The ${status} is inferred (${own.note}).` : `The ${status} is inferred, not documented by the vendor (${own.note}).`;
}

function firstFaultAtMs(incident: Incident, setup: SimulationSetup, deploys: readonly DeployProgress[] = []): number | null {
  const starts = faultsOf(incident, setup)
    .filter((fault) => fault.fault !== 'recover')
    .map((fault) => faultReachedMs(deploys, fault, incident.instanceIds));
  return starts.length === 0 ? null : Math.min(...starts);
}
