// `lbsim explain --request ID`: one request's fate. When it arrived, where it went, what it got,
// the instance's truth against the balancer's belief, the fault behind it, and why.

import type { GatewayErrorEvent, HealthCheckEvent, RequestEvent } from '../model/events.js';
import type { HealthState } from '../model/config.js';
import { REASON_TABLE, REASON_SUMMARY, type ProfileName, type Reason } from '../model/outcome.js';
import type { ActualState, RunResult } from '../model/result.js';
import { msToSecondsRounded as seconds } from '../sim/time.js';
import {
  beliefsAt,
  beliefText,
  clockAt,
  explainHeader,
  explainParagraph,
  faultJson,
  faultText,
  INDENT,
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
import { formatDuration, formatTable, plural } from './format.js';
import { otherProfilesText } from './incident-text.js';

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
  /** With no instance tried (no InService one): every instance as it stood when the request arrived. */
  pool: InstanceMomentJson[];
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
      label: request.reason === null ? null : REASON_TABLE[request.reason][profile].label,
      attempts: request.attempts,
      instance: id,
      counted: request.counted,
    },
    instance,
    pool: id === null ? instancesAt(result, arrivalMs, probes.filter((probe) => probe.t <= request.arrival)) : [],
    fault: fault === undefined ? null : faultJson(setup, fault, fault.instanceIds, result.deploys),
    probes: probes.map((probe) => probeJson(result, probe)),
    why: '',
  };
  explanation.why = whyText(explanation, result);
  return explanation;
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
  const { idleTimeoutMs, connectTimeoutMs } = result.setup.balancer;
  const { request, instance, pool } = explanation;
  const id = request.instance ?? 'the instance';
  const truth = instance?.truthAtArrival ?? 'serving';
  const belief = instance?.beliefWhenSent ?? 'InService';
  const sent =
    truth === 'serving' || truth === 'degraded'
      ? `The balancer sent it to ${id}, which it believed ${belief} and which was ${truth}`
      : `The balancer sent it to ${id}, believing it ${belief}, but ${id} was ${truth}`;
  switch (reason) {
    case 'NoHealthyInstances': {
      const members = pool.map((member) => `${member.id} ${beliefText(member.beliefs)}, truly ${member.truth}`);
      return `No instance was InService when it arrived, so the balancer answered at once without trying one (${members.join('; ')})`;
    }
    case 'ResponseTimeout':
      return `${sent}: nothing came back within the ${formatDuration(idleTimeoutMs)} idle timeout`;
    case 'ConnectTimeout':
      return `${sent}: the connection never completed within the ${formatDuration(connectTimeoutMs)} connect timeout and no other InService instance was left (${plural(request.attempts, 'attempt')})`;
    case 'ConnectRefused':
      return `${sent}: the connection was refused, and so was every other attempt (${plural(request.attempts, 'attempt')})`;
    default:
      return `${sent}: ${REASON_SUMMARY[reason]}`;
  }
}

export function renderRequestExplanation(explanation: RequestExplanationJson, result: RunResult): string {
  const { request, instance, fault } = explanation;
  const showNode = nodesOf(result).length > 1;
  const got = request.reason === null ? `${request.status} from ${request.instance}` : `${request.status} ${request.reason} ("${request.label}") from the balancer`;
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
  if (explanation.probes.length === 0) lines.push(`${INDENT}None in that span.`);
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
