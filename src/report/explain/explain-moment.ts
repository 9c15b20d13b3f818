// `lbsim explain --at TIME`: one moment of a run. Per instance its truth, the balancer's belief,
// the faults in force and the last health-check result; then what a request arriving then would meet.

import type { HealthCheckEvent } from '../../model/run/events.js';
import type { ProfileName } from '../../model/outcome.js';
import type { ActualState, RunResult } from '../../model/run/result.js';
import { msToSecondsRounded as seconds } from '../../sim/time.js';
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
  probeJson,
  probeText,
  registeredAt,
  truthAt,
  type BeliefJson,
  type FaultJson,
  type ProbeJson,
} from './explain.js';
import { nodeRequest, nodeRequestLines, type NodeRequestJson } from './explain-nodes.js';
import { formatTable, joinWords } from '../text/format.js';
import { passiveMarkingText, usesPassive } from '../text/passive-text.js';

export type { CandidateJson, NodeRequestJson } from './explain-nodes.js';

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

export interface MomentJson {
  scenario: string;
  seed: number;
  profile: ProfileName;
  at: number;
  instances: InstanceMomentJson[];
  /** What a request meets: the first node's answer at the top, every node's in `nodes` (clients spread evenly over them). */
  newRequest: Omit<NodeRequestJson, 'node' | 'routing' | 'inService' | 'reachable'> & { nodes: NodeRequestJson[] };
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
  const instances = instancesAt(result, atMs, lastProbes);
  const nodes = nodesOf(result).map((node) => nodeRequest(result, node, atMs, instances));
  const first = nodes[0]!;
  return {
    scenario: setup.name,
    seed: setup.seed,
    profile: setup.balancer.profile,
    at: seconds(atMs),
    instances,
    newRequest: {
      answeredBy: first.answeredBy,
      status: first.status,
      reason: first.reason,
      label: first.label,
      otherProfiles: first.otherProfiles,
      candidates: first.candidates,
      nodes,
    },
  };
}

export function renderMoment(moment: MomentJson, result: RunResult): string {
  const showNode = nodesOf(result).length > 1;
  const active = result.setup.balancer.behaviour.activeChecks;
  const header = ['instance', 'truth', 'balancer believes', 'faults in force', active ? 'last health check' : 'last passive mark'];
  const rows = moment.instances.map((instance) => [
    instance.id,
    `${instance.truth} since ${clockAt(instance.truthSince)}`,
    instance.registered ? beliefText(instance.beliefs) : 'not registered',
    instance.faults.length === 0 ? '-' : instance.faults.map((fault) => `Events[${fault.index}] ${fault.fault} since ${clockAt(fault.at)}`).join(', '),
    active ? lastProbeText(instance, showNode) : lastPassiveMark(result, instance.id, moment.at),
  ]);
  const lines = [explainHeader(result), '', `At ${clockAt(moment.at)}`, ...formatTable([header, ...rows], ['l', 'l', 'l', 'l', 'l']).map((line) => `${INDENT}${line}`)];
  if (!active) {
    const then = usesPassive(result) ? '; a disabled server gets one request again once fail_timeout has passed' : ': it believes every server live';
    lines.push(...explainParagraph(`${passiveMarkingText(result)}${then}.`));
  }
  const gaps = moment.instances.filter((i) => i.truth !== 'serving' && i.truth !== 'degraded' && i.beliefs.some((b) => b.state === 'InService'));
  if (gaps.length > 0) {
    const them = gaps.map((i) => `${i.id} (${i.truth})`);
    lines.push(...explainParagraph(`Belief lags the truth: the balancer still believes ${joinWords(them)} InService, so it still sends requests there.`));
  }
  const unseen = moment.instances.filter((i) => i.registered && (i.truth === 'serving' || i.truth === 'degraded') && i.beliefs.every((b) => b.state === 'OutOfService'));
  if (unseen.length > 0) lines.push(...explainParagraph(unseenText(unseen, result)));
  const spread = showNode ? ` (clients spread evenly over ${moment.newRequest.nodes.length} balancer nodes)` : '';
  lines.push('', `A request arriving at ${clockAt(moment.at)}${spread}`, ...nodeRequestLines(moment.newRequest.nodes, result));
  return `${lines.join('\n')}\n`;
}

function lastProbeText(instance: InstanceMomentJson, showNode: boolean): string {
  return instance.lastProbe === null ? 'none yet' : probeText(instance.lastProbe, showNode).replace(` ${instance.id} `, ' ');
}

/** Without active checks, the last passive change of the instance: `2m55s one request is trying it`. */
function lastPassiveMark(result: RunResult, id: string, atS: number): string {
  const transitions = result.instances.find((candidate) => candidate.id === id)?.transitions ?? [];
  const last = transitions.filter((t) => t.tMs <= atS * 1000).at(-1);
  return last === undefined ? '-' : `${clockAt(last.tMs / 1000)} ${last.reason}`;
}

/** Instances that work but are believed OutOfService: failing their checks, not trusted yet, or disabled by nginx. */
function unseenText(unseen: readonly InstanceMomentJson[], result: RunResult): string {
  const ids = joinWords(unseen.map((i) => i.id));
  const one = unseen.length === 1;
  if (usesPassive(result)) return `nginx has disabled ${ids}: ${one ? 'it gets' : 'each gets'} one request again once fail_timeout has passed, and ${one ? 'is' : 'are'} live again if it succeeds.`;
  if (unseen.every((i) => i.lastProbe?.result === 'fail')) {
    const faults = [...new Set(unseen.flatMap((i) => i.faults.map((f) => `Events[${f.index}] ${f.fault}`)))];
    const why = faults.length === 0 ? '' : ` (${joinWords(faults)})`;
    return `${ids} ${one ? 'serves' : 'serve'} traffic but ${one ? 'fails its' : 'fail their'} health checks${why}, so the balancer believes ${one ? 'it' : 'them'} OutOfService.`;
  }
  const threshold = result.setup.healthCheck.healthyThreshold;
  return `The balancer does not trust ${ids} again yet: ${one ? 'it needs' : 'each needs'} HealthyThreshold=${threshold} passing checks in a row to return to InService.`;
}
