// `explain --at`, the new request: what each balancer node would do with a request arriving then.
// A node routes among the instances it believes InService, among all it can reach when it fails open
// (ALB) or panics (Envoy), only within its zone when cross-zone is off, and retries as its profile does.

import type { ActualState, RunResult } from '../../model/run/result.js';
import { labelFor, otherProfileStatuses, statusFor, type ProfileName, type Reason } from '../../model/outcome.js';
import { explainParagraph, INDENT, labelText } from './explain.js';
import { formatDuration, formatTable, joinWords, plural } from '../text/format.js';
import { otherProfilesText } from '../text/incident-text.js';
import { usesPassive } from '../text/passive-text.js';
import { firstRetryGoes } from '../text/retry-text.js';
import { responseTimeoutText } from '../text/routed-text.js';
import { actor, capitalise, memberNoun, nodesOf, nodeViewAt, routeToAllReason, zoneScoped, type NodeView } from './routing.js';

export interface CandidateJson {
  id: string;
  truth: ActualState;
  /** The reason the request would end with if sent there; null when it would be answered. */
  reason: Reason | null;
  outcome: string;
}

/** What one node does with a request: answer at once, or send it to one of `candidates`. */
export interface NodeRequestJson {
  node: string;
  /** `in-service`: among the InService instances; `fail-open`/`panic`: among every instance it can reach. */
  routing: NodeView['routing'];
  inService: string[];
  reachable: string[];
  /** `balancer`: answered at once without trying an instance; `instances`: sent to one of `candidates`. */
  answeredBy: 'balancer' | 'instances';
  /** The reason every request there ends with; null when at least some are answered. */
  status: number | null;
  reason: Reason | null;
  label: string | null;
  otherProfiles: Partial<Record<ProfileName, number | null>> | null;
  candidates: CandidateJson[];
}

/** The instance facts a candidate needs: its truth and the faults making it so. */
export interface CandidateInput {
  id: string;
  registered: boolean;
  truth: ActualState;
  faults: Array<{ fault: string }>;
}

export function nodeRequest(result: RunResult, node: string, atMs: number, instances: readonly CandidateInput[]): NodeRequestJson {
  const profile = result.setup.balancer.profile;
  const view = nodeViewAt(result, node, atMs);
  const targets = view.routing === 'in-service' ? view.inService : view.reachable;
  const candidates = targets.map((id) => instances.find((instance) => instance.id === id)).filter((i): i is CandidateInput => i !== undefined).map((i) => candidate(result, i, view));
  let reason: Reason | null = null;
  if (instances.every((instance) => !instance.registered)) reason = 'NoRegisteredInstances';
  else if (candidates.length === 0) reason = 'NoHealthyInstances';
  else if (candidates.every((c) => c.reason !== null)) reason = finalReason(candidates);
  return {
    node,
    routing: view.routing,
    inService: view.inService,
    reachable: view.reachable,
    answeredBy: candidates.length === 0 ? 'balancer' : 'instances',
    status: reason === null ? null : statusFor(reason, profile),
    reason,
    label: reason === null ? null : labelFor(reason, profile),
    otherProfiles: reason === null ? null : otherProfileStatuses(reason, profile),
    candidates,
  };
}

/** What sending a request to an instance in this true state leads to, with the profile's retries. */
function candidate(result: RunResult, instance: CandidateInput, view: NodeView): CandidateJson {
  const { connectTimeoutMs } = result.setup.balancer;
  const base = { id: instance.id, truth: instance.truth };
  const elsewhere = view.routing === 'in-service' ? 'another InService instance' : 'another instance';
  const next = (reason: Reason): string => {
    const goes = firstRetryGoes(result, reason);
    if (goes === 'elsewhere') return `${actor(result.setup.balancer.profile)} tries ${elsewhere}`;
    if (goes === 'same') return `${actor(result.setup.balancer.profile)} retries the same instance`;
    return `no retry: ${statusFor(reason, result.setup.balancer.profile) ?? 'no status'} ${reason}`;
  };
  switch (instance.truth) {
    case 'serving':
      return { ...base, reason: null, outcome: 'answers normally' };
    case 'degraded': {
      const faults = instance.faults.map((fault) => fault.fault);
      if (faults.length > 0 && faults.every((fault) => fault === 'health-fail')) return { ...base, reason: null, outcome: 'answers normally (only its health check fails)' };
      return { ...base, reason: null, outcome: `answers, degraded by ${joinWords(faults) || 'a fault'} (some answers may be slow or errors)` };
    }
    case 'hung': {
      const retry = firstRetryGoes(result, 'ResponseTimeout') === 'none' ? '' : `, then ${next('ResponseTimeout')}`;
      return { ...base, reason: 'ResponseTimeout', outcome: `accepts and never answers: ResponseTimeout after the ${responseTimeoutText(result)}${retry}` };
    }
    case 'crashed':
      return { ...base, reason: 'ConnectRefused', outcome: `refuses the connection; ${next('ConnectRefused')}` };
    case 'unreachable':
      return { ...base, reason: 'ConnectTimeout', outcome: `the connection never completes; after the ${formatDuration(connectTimeoutMs)} connect timeout ${next('ConnectTimeout')}` };
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

/** One paragraph and table per group of nodes that would do the same; one node reads as before. */
export function nodeRequestLines(nodes: readonly NodeRequestJson[], result: RunResult): string[] {
  if (nodes.length === 1 && nodes[0] !== undefined && nodesOf(result).length === 1) return oneNodeLines(nodes[0], result, null);
  const groups = new Map<string, NodeRequestJson[]>();
  for (const node of nodes) {
    const key = JSON.stringify({ ...node, node: '' });
    groups.set(key, [...(groups.get(key) ?? []), node]);
  }
  return [...groups.values()].flatMap((group) => oneNodeLines(group[0]!, result, group.map((node) => node.node)));
}

function oneNodeLines(node: NodeRequestJson, result: RunResult, names: string[] | null): string[] {
  const { profile, algorithm } = result.setup.balancer;
  // Several nodes: each paragraph opens with the nodes it is about, and the sentence goes on in lower case.
  const open = (body: string): string[] =>
    explainParagraph(names === null ? capitalise(body) : `${joinWords(names)} ${names.length === 1 ? 'node' : 'nodes'}: ${body.charAt(0).toLowerCase()}${body.slice(1)}`);
  const who = names === null ? actor(profile) : names.length === 1 ? 'it' : 'each';
  const answer = node.reason === null ? '' : `${node.status ?? 'no status'} ${node.reason}${labelText(node.reason, profile, node.label)}`;
  const others = node.reason === null ? '' : ` Other balancers: ${otherProfilesText(node.reason, profile)}.`;
  if (node.answeredBy === 'balancer') return open(`${nothingLeft(node, result, names)}, so ${who} answers at once without trying one: ${answer}.${others}`);
  const scope = zoneScoped(result.setup) ? ` in ${node.node}` : '';
  const noun = memberNoun(profile, node.candidates.length);
  const lines = open(
    node.routing === 'in-service'
      ? `${who} picks one of ${plural(node.candidates.length, 'InService instance')}${scope} (${algorithm}):`
      : `${routeToAllReason(result, viewOf(node), 'is')} and routes to all ${node.candidates.length} ${noun} (${algorithm}):`,
  );
  lines.push(...formatTable(node.candidates.map((c) => [c.id, c.truth, c.outcome]), ['l', 'l', 'l']).map((line) => `${INDENT}${INDENT}${line}`));
  if (node.reason !== null) lines.push(...explainParagraph(`None of them can answer: the request ends with ${answer}.${others}`));
  else lines.push(...someFail(node, result));
  return lines;
}

/** Without retries elsewhere, the share of requests picked for a failing instance fails with it. */
function someFail(node: NodeRequestJson, result: RunResult): string[] {
  const failing = node.candidates.filter((c) => c.reason !== null);
  const first = failing[0];
  if (first?.reason == null || firstRetryGoes(result, first.reason) === 'elsewhere') return [];
  const profile = result.setup.balancer.profile;
  const answer = `${statusFor(first.reason, profile) ?? 'no status'} ${first.reason}${labelText(first.reason, profile, labelFor(first.reason, profile))}`;
  const retries = firstRetryGoes(result, first.reason) === 'same' ? 'retries only the same instance' : 'does not retry';
  const sentTo = failing.length === 1 ? first.id : `one of ${joinWords(failing.map((c) => c.id))}`;
  return explainParagraph(`${capitalise(actor(profile))} ${retries}: a request sent to ${sentTo} (${failing.length} of the ${node.candidates.length}) gets ${answer}.`);
}

function viewOf(node: NodeRequestJson): NodeView {
  return { node: node.node, reachable: node.reachable, inService: node.inService, routing: node.routing };
}

/** `No instance is InService`, per node and profile: nginx's disabled servers, one zone's node. */
function nothingLeft(node: NodeRequestJson, result: RunResult, names: string[] | null): string {
  if (node.reason === 'NoRegisteredInstances') return 'No instance is registered';
  if (names !== null && zoneScoped(result.setup)) return `No instance in ${joinWords(names)} is InService (cross-zone off: a node routes only to its own zone)`;
  if (usesPassive(result)) return 'No server is live: nginx has disabled them all until fail_timeout passes';
  return 'No instance is InService';
}
