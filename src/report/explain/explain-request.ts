// `lbsim explain --request ID`: one request's fate. When it arrived, where it went, what it got,
// the instance's truth against the balancer's belief, the fault behind it, and why.

import type { GatewayErrorEvent, HealthCheckEvent, RequestEvent } from '../../model/run/events.js';
import type { HealthState } from '../../model/config.js';
import { labelFor, type ProfileName, type Reason, reasonSummary } from '../../model/outcome.js';
import { PROFILES } from '../../model/run/model-facts.js';
import type { ActualState, RunResult } from '../../model/run/result.js';
import { msToSecondsRounded as seconds } from '../../sim/time.js';
import {
  beliefsAt,
  beliefText,
  clockAt,
  explainHeader,
  explainParagraph,
  faultJson,
  faultText,
  INDENT,
  labelText,
  nodesOf,
  probeJson,
  probeLine,
  probeText,
  truthAt,
  type BeliefJson,
  type FaultJson,
  type ProbeJson,
} from './explain.js';
import { instancesAt, type InstanceMomentJson } from './explain-moment.js';
import { formatDuration, formatTable, plural } from '../text/format.js';
import { otherProfilesText } from '../text/incident-text.js';
import { usesPassive } from '../text/passive-text.js';
import { firstRetryGoes, noRetryWhy } from '../text/retry-text.js';
import { responseTimeoutText } from '../text/routed-text.js';
import { actor, capitalise, inReach, nodeName, zoneScoped } from './routing.js';

export interface RequestExplanationJson {
  scenario: string;
  seed: number;
  profile: ProfileName;
  request: {
    id: number;
    method: string;
    path: string;
    arrival: number;
    answeredAt: number;
    latency: number;
    status: number;
    backendStatus: number | null;
    reason: Reason | null;
    label: string | null;
    attempts: number;
    instance: string | null;
    counted: boolean;
  };
  /** The instance tried last: its truth when the request arrived and when it was answered, and the balancer's belief then. */
  instance: {
    id: string;
    truthAtArrival: ActualState;
    truthAtAnswer: ActualState;
    beliefWhenSent: HealthState | null;
    beliefAtAnswer: BeliefJson[];
  } | null;
  /** With no instance tried (no InService one): every instance its node could reach, as it stood when the request arrived. */
  pool: InstanceMomentJson[];
  /** The balancer node that answered a gateway error; null for an answer from an instance. */
  node: string | null;
  /** The `Events` entry behind it: the gateway error's fault, or the one that made the instance what it was. */
  fault: FaultJson | null;
  probes: ProbeJson[];
  why: string;
}

/** The instances whose health checks explain the request: the one tried, else all of them. */
export function requestProbeInstances(result: RunResult, request: RequestEvent): string[] {
  return request.instance === null ? result.instances.map((instance) => instance.id) : [request.instance];
}

/** One Interval before arrival (the result the balancer was acting on) to the answer. */
export function requestProbeWindowMs(result: RunResult, request: RequestEvent): { fromMs: number; toMs: number } {
  return { fromMs: Math.max(0, request.arrival * 1000 - result.setup.healthCheck.intervalMs), toMs: request.t * 1000 };
}

export function explainRequest(
  result: RunResult,
  request: RequestEvent,
  error: GatewayErrorEvent | null,
  probes: readonly HealthCheckEvent[],
): RequestExplanationJson {
  const { setup } = result;
  const profile = setup.balancer.profile;
  const arrivalMs = request.arrival * 1000;
  const id = request.instance;
  const instance =
    id === null
      ? null
      : {
          id,
          truthAtArrival: truthAt(result, id, arrivalMs).state,
          truthAtAnswer: error?.truth ?? truthAt(result, id, request.t * 1000).state,
          beliefWhenSent: error === null ? (beliefsAt(result, id, arrivalMs)[0]?.state ?? null) : error.belief,
          beliefAtAnswer: beliefsAt(result, id, request.t * 1000),
        };
  const faultIndex = error !== null ? error.fault : id === null ? null : truthAt(result, id, arrivalMs).fault;
  const fault = faultIndex === null ? undefined : setup.events.find((event) => event.index === faultIndex);
  const explanation: RequestExplanationJson = {
    scenario: setup.name,
    seed: setup.seed,
    profile,
    request: {
      id: request.request,
      method: request.method,
      path: request.path,
      arrival: request.arrival,
      answeredAt: request.t,
      latency: request.latency,
      status: request.status,
      backendStatus: request.backendStatus,
      reason: request.reason,
      label: request.reason === null ? null : labelFor(request.reason, profile),
      attempts: request.attempts,
      instance: id,
      counted: request.counted,
    },
    instance,
    pool: id === null ? poolOf(result, arrivalMs, probes, request, error) : [],
    node: error?.node ?? null,
    fault: fault === undefined ? null : faultJson(setup, fault, fault.instanceIds, result.deploys),
    // With several nodes, the answering node's checks are the ones that explain it.
    probes: probes.filter((probe) => error === null || nodesOf(result).length === 1 || (probe.node === error.node && inReach(setup, error.node, probe.instance))).map((probe) => probeJson(result, probe)),
    why: '',
  };
  explanation.why = whyText(explanation, result);
  return explanation;
}

/** The instances the answering node could route to (its zone's, with cross-zone off), as they stood at arrival. */
function poolOf(result: RunResult, arrivalMs: number, probes: readonly HealthCheckEvent[], request: RequestEvent, error: GatewayErrorEvent | null): InstanceMomentJson[] {
  const node = error?.node;
  const ids = result.setup.instances.map((instance) => instance.id).filter((id) => node === undefined || inReach(result.setup, node, id));
  return instancesAt(result, arrivalMs, probes.filter((probe) => probe.t <= request.arrival), ids);
}

/** The sentences that answer "why did this request get that status?". */
function whyText(explanation: RequestExplanationJson, result: RunResult): string {
  const { request, instance, fault } = explanation;
  const behind = fault === null ? [] : [`The fault behind it: ${faultText(fault)}.`];
  if (request.reason === null) {
    if (request.backendStatus !== null && request.backendStatus >= 500) {
      return [`${request.instance} answered ${request.backendStatus} itself and the balancer passed it through: a backend 5xx, not a gateway error.`, ...behind].join(' ');
    }
    const degraded = instance !== null && instance.truthAtArrival !== 'serving' ? [`${instance.id} was ${instance.truthAtArrival} at the time.`, ...behind] : [];
    return [`Served normally: ${request.instance} answered ${request.status} in ${formatDuration(request.latency * 1000)}.`, ...degraded].join(' ');
  }
  const sentences = [`${reasonSentence(request.reason, explanation, result)}.`, ...behind];
  const marked = instance?.beliefAtAnswer.find((belief) => belief.state === 'OutOfService' && belief.since !== null && belief.since >= request.arrival);
  if (instance !== null && instance.beliefWhenSent === 'InService' && marked?.since != null) {
    const after = formatDuration((marked.since - request.arrival) * 1000);
    sentences.push(`The balancer marked ${instance.id} OutOfService at ${clockAt(marked.since)}, ${after} after the request arrived: too late for it, it had already been sent.`);
  }
  sentences.push(`Other balancers: ${otherProfilesText(request.reason, result.setup.balancer.profile)}.`);
  return sentences.join(' ');
}

function reasonSentence(reason: Reason, explanation: RequestExplanationJson, result: RunResult): string {
  const { request, pool } = explanation;
  const attempts = plural(request.attempts, 'attempt');
  const sent = sentClause(explanation, result);
  switch (reason) {
    case 'NoHealthyInstances': {
      // The answering node's view is the one that mattered.
      const mine = (member: InstanceMomentJson) => member.beliefs.filter((belief) => explanation.node === null || belief.node === explanation.node);
      const members = pool.map((member) => `${member.id} ${beliefText(mine(member).length > 0 ? mine(member) : member.beliefs)}, truly ${member.truth}`);
      const who = explanation.node === null ? actor(result.setup.balancer.profile) : nodeName(result, explanation.node);
      // HAProxy's redispatch picks when its turnaround ends (retry-policy.ts choosesAfterPause) and may find none.
      if (request.attempts > 0) {
        const pause = formatDuration(result.setup.balancer.behaviour.retryDelayMs);
        return `${capitalise(attempts)} refused; the redispatch after the last one waited the ${pause} turnaround, then found no instance InService to pick, so ${who} answered without another try (when it arrived: ${members.join('; ')})`;
      }
      return `${noneLeft(explanation, result)} when it arrived, so ${who} answered at once without trying one (${members.join('; ')})`;
    }
    case 'ResponseTimeout': {
      const resent = request.attempts > 1 ? `; it had been resent after each failed attempt (${attempts}), so it waited ${formatDuration(request.latency * 1000)} in all` : '';
      return `${sent}: nothing came back within the ${responseTimeoutText(result)}${resent}`;
    }
    case 'ConnectTimeout': {
      const after = firstRetryGoes(result, reason) === 'none' ? noRetryWhy(result, reason) : `no other attempt succeeded (${attempts})`;
      return `${sent}: the connection never completed within the ${formatDuration(result.setup.balancer.connectTimeoutMs)} connect timeout, and ${after}`;
    }
    case 'ConnectRefused':
      if (request.attempts <= 1) return `${sent}: the connection was refused, and ${firstRetryGoes(result, reason) === 'none' ? noRetryWhy(result, reason) : 'there was no other instance to try'}`;
      return `${sent}: the connection was refused, and so was every other attempt (${attempts})`;
    default:
      return `${sent}: ${reasonSummary(reason, PROFILES[result.setup.balancer.profile].defaults.responseTimeoutName)}`;
  }
}

/** `The balancer sent it to i-1, believing it InService, but i-1 was hung`; panic and fail-open said as such. */
function sentClause(explanation: RequestExplanationJson, result: RunResult): string {
  const { request, instance } = explanation;
  const id = request.instance ?? 'the instance';
  const truth = instance?.truthAtArrival ?? 'serving';
  const belief = instance?.beliefWhenSent ?? 'InService';
  const who = capitalise(explanation.node === null ? actor(result.setup.balancer.profile) : nodeName(result, explanation.node));
  const behaviour = result.setup.balancer.behaviour;
  const routedAll = belief === 'OutOfService' && (behaviour.failOpen || behaviour.panicThresholdPercent > 0);
  if (routedAll) return `${who} sent it to ${id} although it believed it OutOfService (${behaviour.failOpen ? 'failing open' : 'in panic'}: it routed to every instance), and ${id} was ${truth}`;
  return truth === 'serving' || truth === 'degraded' ? `${who} sent it to ${id}, which it believed ${belief} and which was ${truth}` : `${who} sent it to ${id}, believing it ${belief}, but ${id} was ${truth}`;
}

/** `No instance was InService`, as the answering node and profile would put it. */
function noneLeft(explanation: RequestExplanationJson, result: RunResult): string {
  const node = explanation.node;
  if (node !== null && zoneScoped(result.setup)) return `No instance in ${node} was InService for the ${node} node (cross-zone off: it routes only to its own zone)`;
  if (usesPassive(result)) return 'No server was live (nginx had disabled them all until fail_timeout passed)';
  return 'No instance was InService';
}

export function renderRequestExplanation(explanation: RequestExplanationJson, result: RunResult): string {
  const { request, instance, fault } = explanation;
  const showNode = nodesOf(result).length > 1;
  const got = request.reason === null ? `${request.status} from ${request.instance}` : `${request.status} ${request.reason}${labelText(request.reason, result.setup.balancer.profile, request.label)} from the balancer`;
  const rows = [
    ['arrived', `${clockAt(request.arrival)} (${request.arrival}s)${request.counted ? '' : ', during Warmup'}`],
    ['went to', request.instance === null ? 'no instance' : `${request.instance} (${plural(request.attempts, 'attempt')})`],
    ['got', `${got} at ${clockAt(request.answeredAt)}, after ${formatDuration(request.latency * 1000)}`],
  ];
  if (instance !== null) {
    rows.push(['truth', `${instance.id} ${instance.truthAtArrival} when it arrived, ${instance.truthAtAnswer} at the answer`]);
    rows.push(['belief', `${instance.beliefWhenSent ?? 'unknown'} when sent, ${beliefText(instance.beliefAtAnswer)} at the answer`]);
  }
  for (const member of explanation.pool) rows.push(['pool', `${member.id} ${member.truth}, believed ${beliefText(member.beliefs)}`]);
  rows.push(['fault', fault === null ? 'none' : faultText(fault)]);
  const lines = [explainHeader(result), '', `Request ${request.id}  ${request.method} ${request.path}`];
  lines.push(...formatTable(rows, ['l', 'l']).map((line) => `${INDENT}${line}`));
  lines.push('', 'Why', ...explainParagraph(explanation.why));
  lines.push('', `Health checks of ${request.instance ?? 'the pool'} from one Interval before arrival to the answer`);
  if (explanation.probes.length === 0) lines.push(`${INDENT}${result.setup.balancer.behaviour.activeChecks ? 'None in that span.' : 'None: there are no active health checks.'}`);
  const width = Math.max(0, ...explanation.probes.map((probe) => probeText(probe, showNode).length));
  lines.push(...explanation.probes.map((probe) => `${INDENT}${probeLine(probe, showNode, width)}`));
  return `${lines.join('\n')}\n`;
}

/** For a request that arrived but had no answer when the run ended: the model keeps no record of it. */
export function unfinishedRequestText(id: number, result: RunResult): string {
  return `${explainHeader(result)}\n\nRequest ${id} arrived but was still waiting for an answer when the run ended at ${clockAt(seconds(result.setup.durationMs))}; only finished requests are recorded.\n`;
}

export function unfinishedRequestJson(id: number, result: RunResult): { scenario: string; seed: number; request: { id: number; finished: false }; why: string } {
  return {
    scenario: result.setup.name,
    seed: result.setup.seed,
    request: { id, finished: false },
    why: `Still waiting for an answer when the run ended at ${clockAt(seconds(result.setup.durationMs))}.`,
  };
}
