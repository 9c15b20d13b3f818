// `lbsim explain --at TIME`: one moment of a run. Per instance its truth, the balancer's belief,
// the faults in force and the last health-check result; then what a request arriving then would meet.

import type { HealthCheckEvent } from '../model/events.js';
import { REASON_TABLE, statusFor, type ProfileName, type Reason } from '../model/outcome.js';
import type { ActualState, RunResult } from '../model/result.js';
import { msToSecondsRounded as seconds } from '../sim/time.js';
import {
  beliefsAt,
  beliefText,
  clockAt,
  explainHeader,
  explainParagraph,
  faultJson,
  faultsInForce,
  INDENT,
  nodesOf,
  otherStatuses,
  probeJson,
  probeText,
  registeredAt,
  truthAt,
  type BeliefJson,
  type FaultJson,
  type ProbeJson,
} from './explain.js';
import { formatDuration, formatTable, joinWords, plural } from './format.js';
import { otherProfilesText } from './incident-text.js';

export interface InstanceMomentJson {
  id: string;
  /** In the balancer's pool (registered) at that moment. */
  registered: boolean;
  truth: ActualState;
  truthSince: number;
  beliefs: BeliefJson[];
  faults: FaultJson[];
  lastProbe: ProbeJson | null;
}

export interface CandidateJson {
  id: string;
  truth: ActualState;
  /** The reason the request would end with if sent there; null when it would be answered. */
  reason: Reason | null;
  outcome: string;
}

export interface MomentJson {
  scenario: string;
  seed: number;
  profile: ProfileName;
  at: number;
  instances: InstanceMomentJson[];
  newRequest: {
    /** `balancer`: answered at once without trying an instance; `instances`: sent to one of `candidates`. */
    answeredBy: 'balancer' | 'instances';
    status: number | null;
    reason: Reason | null;
    label: string | null;
    otherProfiles: Partial<Record<ProfileName, number | null>> | null;
    candidates: CandidateJson[];
  };
}

/** Per instance at `atMs`; `probes` are the last health-check results at or before then (any instance, any node). */
export function instancesAt(result: RunResult, atMs: number, probes: readonly HealthCheckEvent[], ids?: readonly string[]): InstanceMomentJson[] {
  const wanted = ids ?? result.instances.map((instance) => instance.id);
  return wanted.map((id) => {
    const truth = truthAt(result, id, atMs);
    const last = probes.filter((probe) => probe.instance === id).sort((a, b) => a.t - b.t).at(-1);
    return {
      id,
      registered: registeredAt(result.setup, id, atMs, result.deploys),
      truth: truth.state,
      truthSince: truth.since,
      beliefs: beliefsAt(result, id, atMs),
      faults: faultsInForce(result.setup, id, atMs, result.deploys).map((fault) => faultJson(result.setup, fault, [id], result.deploys)),
      lastProbe: last === undefined ? null : probeJson(result, last),
    };
  });
}

export function explainMoment(result: RunResult, atMs: number, lastProbes: readonly HealthCheckEvent[]): MomentJson {
  const { setup } = result;
  const profile = setup.balancer.profile;
  const instances = instancesAt(result, atMs, lastProbes);
  const inService = instances.filter((instance) => instance.registered && instance.beliefs.some((belief) => belief.state === 'InService'));
  const candidates = inService.map((instance) => candidate(result, instance));
  let reason: Reason | null = null;
  if (instances.every((instance) => !instance.registered)) reason = 'NoRegisteredInstances';
  else if (candidates.length === 0) reason = 'NoHealthyInstances';
  else if (candidates.every((c) => c.reason !== null)) reason = finalReason(candidates);
  return {
    scenario: setup.name,
    seed: setup.seed,
    profile,
    at: seconds(atMs),
    instances,
    newRequest: {
      answeredBy: candidates.length === 0 ? 'balancer' : 'instances',
      status: reason === null ? null : statusFor(reason, profile),
      reason,
      label: reason === null ? null : REASON_TABLE[reason][profile].label,
      otherProfiles: reason === null ? null : otherStatuses(reason, profile),
      candidates,
    },
  };
}

/** What sending a request to an instance in this true state leads to. */
function candidate(result: RunResult, instance: InstanceMomentJson): CandidateJson {
  const { idleTimeoutMs, connectTimeoutMs } = result.setup.balancer;
  const base = { id: instance.id, truth: instance.truth };
  switch (instance.truth) {
    case 'serving':
      return { ...base, reason: null, outcome: 'answers normally' };
    case 'degraded': {
      const faults = instance.faults.map((fault) => fault.fault);
      return { ...base, reason: null, outcome: `answers, degraded by ${joinWords(faults) || 'a fault'} (some answers may be slow or errors)` };
    }
    case 'hung':
      return { ...base, reason: 'ResponseTimeout', outcome: `accepts and never answers: ResponseTimeout after the ${formatDuration(idleTimeoutMs)} idle timeout` };
    case 'crashed':
      return { ...base, reason: 'ConnectRefused', outcome: 'refuses the connection; the balancer tries another InService instance' };
    case 'unreachable':
      return {
        ...base,
        reason: 'ConnectTimeout',
        outcome: `the connection never completes; after the ${formatDuration(connectTimeoutMs)} connect timeout the balancer tries another InService instance`,
      };
  }
}

/**
 * Every candidate fails. Refusals and connect timeouts move the request on to another instance,
 * while a hung one keeps it to the idle timeout: so a hung candidate is where it ends (unless
 * retries run out first), then a silent one; only when all refuse does a refusal decide it.
 */
function finalReason(candidates: readonly CandidateJson[]): Reason {
  if (candidates.some((c) => c.reason === 'ResponseTimeout')) return 'ResponseTimeout';
  if (candidates.some((c) => c.reason === 'ConnectTimeout')) return 'ConnectTimeout';
  return 'ConnectRefused';
}

export function renderMoment(moment: MomentJson, result: RunResult): string {
  const showNode = nodesOf(result).length > 1;
  const header = ['instance', 'truth', 'balancer believes', 'faults in force', 'last health check'];
  const rows = moment.instances.map((instance) => [
    instance.id,
    `${instance.truth} since ${clockAt(instance.truthSince)}`,
    instance.registered ? beliefText(instance.beliefs) : 'not registered',
    instance.faults.length === 0 ? '-' : instance.faults.map((fault) => `Events[${fault.index}] ${fault.fault} since ${clockAt(fault.at)}`).join(', '),
    instance.lastProbe === null ? 'none yet' : probeText(instance.lastProbe, showNode).replace(` ${instance.id} `, ' '),
  ]);
  const lines = [explainHeader(result), '', `At ${clockAt(moment.at)}`, ...formatTable([header, ...rows], ['l', 'l', 'l', 'l', 'l']).map((line) => `${INDENT}${line}`)];
  const gaps = moment.instances.filter((i) => i.truth !== 'serving' && i.truth !== 'degraded' && i.beliefs.some((b) => b.state === 'InService'));
  if (gaps.length > 0) {
    const them = gaps.map((i) => `${i.id} (${i.truth})`);
    lines.push(...explainParagraph(`Belief lags the truth: the balancer still believes ${joinWords(them)} InService, so it still sends requests there.`));
  }
  const unseen = moment.instances.filter((i) => i.registered && (i.truth === 'serving' || i.truth === 'degraded') && i.beliefs.every((b) => b.state === 'OutOfService'));
  if (unseen.length > 0) {
    const threshold = result.setup.healthCheck.healthyThreshold;
    lines.push(...explainParagraph(`The balancer does not trust ${joinWords(unseen.map((i) => i.id))} again yet: ${unseen.length === 1 ? 'it needs' : 'each needs'} HealthyThreshold=${threshold} passing checks in a row to return to InService.`));
  }
  lines.push('', `A request arriving at ${clockAt(moment.at)}`, ...newRequestLines(moment, result));
  return `${lines.join('\n')}\n`;
}

function newRequestLines(moment: MomentJson, result: RunResult): string[] {
  const { newRequest } = moment;
  const profile = result.setup.balancer.profile;
  const answer = newRequest.reason === null ? '' : `${newRequest.status ?? 'no status'} ${newRequest.reason} ("${newRequest.label}")`;
  const others = newRequest.reason === null ? '' : ` Other balancers: ${otherProfilesText(newRequest.reason, profile)}.`;
  if (newRequest.answeredBy === 'balancer') {
    const none = newRequest.reason === 'NoRegisteredInstances' ? 'No instance is registered' : 'No instance is InService';
    return explainParagraph(`${none}, so the balancer answers at once without trying one: ${answer}.${others}`);
  }
  const count = plural(newRequest.candidates.length, 'InService instance');
  const lines = explainParagraph(`The balancer picks one of ${count} (${result.setup.balancer.algorithm}):`);
  const rows = newRequest.candidates.map((c) => [c.id, c.truth, c.outcome]);
  lines.push(...formatTable(rows, ['l', 'l', 'l']).map((line) => `${INDENT}${INDENT}${line}`));
  if (newRequest.reason !== null) lines.push(...explainParagraph(`None of them can answer: the request ends with ${answer}.${others}`));
  return lines;
}
