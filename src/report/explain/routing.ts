// How one balancer node chose among instances at a moment: the instances it could reach (its own
// zone when cross-zone is off), those it believed InService, and whether it routed to all of them
// (ALB fail-open, Envoy panic). The report's prose must hold per node and under every profile.

import type { HealthState, SimulationSetup } from '../../model/config.js';
import type { ProfileName } from '../../model/outcome.js';
import type { Incident, RunResult } from '../../model/run/result.js';
import { inReach as nodeReaches, routeToAll } from '../../model/run/model-facts.js';
import { deployMembership } from '../text/deploy-windows.js';
import type { DeployProgress } from '../../model/run/result.js';
import { formatClock, joinWords } from '../text/format.js';

/** Pool membership changes: the balancer's own act, nothing a health check has to find. */
export function isMembership(fault: string): boolean {
  return fault === 'register' || fault === 'deregister';
}

/**
 * The run's balancer nodes: the configured ones, unless the transitions name others (hand-made
 * results in tests call their one node `lb`). A run without any transition still has its nodes.
 */
export function nodesOf(result: RunResult): string[] {
  const seen = new Set<string>();
  for (const instance of result.instances) for (const transition of instance.transitions) seen.add(transition.node);
  const configured = result.setup.balancer.nodes;
  if (configured.length > 0 && [...seen].every((node) => configured.includes(node))) return [...configured].sort();
  return seen.size === 0 ? ['lb'] : [...seen].sort();
}

/** Several nodes, each routing only to its own zone (AWS profiles with cross-zone off). */
export function zoneScoped(setup: SimulationSetup): boolean {
  const { balancer } = setup;
  return balancer.behaviour.nodePerZone && !balancer.crossZone && balancer.nodes.length > 1;
}

/** Whether `node` may route to the instance, by the balancer's own rule (model/balancer/retry-policy.ts). */
export function inReach(setup: SimulationSetup, node: string, id: string): boolean {
  const zone = setup.instances.find((instance) => instance.id === id)?.zone;
  return !setup.balancer.nodes.includes(node) || zone === undefined || nodeReaches(setup.balancer, node, zone);
}

/**
 * Whether the instance was in the balancer's pool at `tMs`: registered at t=0 or not, then each
 * `register`/`deregister`, and each deploy's own (from the run's `deploys`), in time order.
 */
export function registeredAt(setup: SimulationSetup, id: string, tMs: number, deploys: readonly DeployProgress[] = []): boolean {
  const changes = setup.events
    .filter((event) => isMembership(event.fault) && event.instanceIds.includes(id))
    .map((event) => ({ tMs: event.atMs, index: event.index, registered: event.fault === 'register' }));
  for (const event of setup.events) {
    if (event.instanceIds.includes(id)) changes.push(...deployMembership(deploys, event, id).map((change) => ({ ...change, index: event.index })));
  }
  let registered = setup.instances.find((config) => config.id === id)?.registered ?? true;
  for (const change of changes.filter((c) => c.tMs <= tMs).sort((a, b) => a.tMs - b.tMs || a.index - b.index)) registered = change.registered;
  return registered;
}

/** What `node` believed about the instance at `tMs`: its last transition at or before then, else the initial state. */
export function beliefOf(result: RunResult, id: string, node: string, tMs: number): { state: HealthState; sinceMs: number | null } {
  const config = result.setup.instances.find((candidate) => candidate.id === id);
  // An instance outside the pool at t=0 starts OutOfService, whatever its initial state says.
  const initial = config === undefined ? 'InService' : config.registered ? config.initialState : 'OutOfService';
  const transitions = result.instances.find((candidate) => candidate.id === id)?.transitions ?? [];
  const last = transitions.filter((t) => t.node === node && t.tMs <= tMs).at(-1);
  return last === undefined ? { state: initial, sinceMs: null } : { state: last.to, sinceMs: last.tMs };
}

/** One node at one moment: what it could reach, what it believed InService, and whether it routed to all. */
export interface NodeView {
  node: string;
  reachable: string[];
  inService: string[];
  /** `fail-open` (ALB) or `panic` (Envoy): the node ignored health and routed to every reachable instance. */
  routing: 'in-service' | 'fail-open' | 'panic';
}

export function nodeViewAt(result: RunResult, node: string, tMs: number): NodeView {
  const { setup } = result;
  const reachable = setup.instances
    .map((instance) => instance.id)
    .filter((id) => inReach(setup, node, id) && registeredAt(setup, id, tMs, result.deploys));
  const inService = reachable.filter((id) => beliefOf(result, id, node, tMs).state === 'InService');
  const behaviour = setup.balancer.behaviour;
  const all = routeToAll(behaviour, inService.length, reachable.length);
  const routing = !all ? 'in-service' : behaviour.failOpen && inService.length === 0 ? 'fail-open' : 'panic';
  return { node, reachable, inService, routing };
}

/** A span during which a node routed to every instance it could reach; `toMs` null: to the end of the run. */
export interface RouteToAllWindow {
  node: string;
  fromMs: number;
  toMs: number | null;
  view: NodeView;
}

/** The node's fail-open or panic spans that overlap [fromMs, toMs], read from its belief changes. */
export function routeToAllWindows(result: RunResult, node: string, fromMs: number, toMs: number): RouteToAllWindow[] {
  const { behaviour } = result.setup.balancer;
  if (!behaviour.failOpen && behaviour.panicThresholdPercent <= 0) return [];
  const times = new Set<number>([0]);
  for (const instance of result.instances) for (const t of instance.transitions) if (t.node === node) times.add(t.tMs);
  for (const event of result.setup.events) times.add(event.atMs);
  for (const deploy of result.deploys) for (const batch of deploy.batches) [batch.startMs, batch.registeredMs].forEach((t) => t !== null && times.add(t));
  const windows: RouteToAllWindow[] = [];
  let open: RouteToAllWindow | null = null;
  for (const tMs of [...times].sort((a, b) => a - b)) {
    const view = nodeViewAt(result, node, tMs);
    if (view.routing !== 'in-service' && open === null) open = { node, fromMs: tMs, toMs: null, view };
    else if (view.routing === 'in-service' && open !== null) {
      windows.push({ ...open, toMs: tMs });
      open = null;
    }
  }
  if (open !== null) windows.push(open);
  return windows.filter((w) => w.fromMs <= toMs && (w.toMs === null || w.toMs >= fromMs));
}

/**
 * The nodes whose clients an incident concerns: the incident's own node, the nodes that answered
 * its errors when the event log says, else (zone-scoped) the zones of its instances, else all.
 */
export function incidentNodes(incident: Incident, result: RunResult, errorNodes: readonly string[] = []): string[] {
  const nodes = nodesOf(result);
  if (incident.node !== null && nodes.includes(incident.node)) return [incident.node];
  const fromErrors = errorNodes.filter((node) => nodes.includes(node));
  if (fromErrors.length > 0) return [...new Set(fromErrors)].sort();
  if (!zoneScoped(result.setup)) return nodes;
  const zones = result.setup.instances.filter((instance) => incident.instanceIds.includes(instance.id)).map((instance) => instance.zone);
  const scoped = nodes.filter((node) => zones.includes(node));
  return scoped.length > 0 ? scoped : nodes;
}

/** The balancer as the subject of a sentence: its product name, `the balancer` for a Classic ELB. */
export function actor(profile: ProfileName): string {
  const names: Record<ProfileName, string> = { 'aws-clb': 'the balancer', 'aws-alb': 'the ALB', nginx: 'nginx', haproxy: 'HAProxy', envoy: 'Envoy' };
  return names[profile];
}

/** Upper-cases a sentence's first letter; nginx keeps its lower-case name, as nginx writes it. */
export function capitalise(text: string): string {
  if (text.startsWith('nginx')) return text;
  return text.length === 0 ? text : `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}

/** `the us-east-1b node` when the run has several nodes, else the balancer by name. */
export function nodeName(result: RunResult, node: string): string {
  return nodesOf(result).length > 1 ? `the ${node} node` : actor(result.setup.balancer.profile);
}

/** What the profile calls its backends: hosts (Envoy), targets (ALB), servers (nginx, HAProxy), instances (CLB). */
export function memberNoun(profile: ProfileName, count: number): string {
  const nouns: Record<ProfileName, string> = { 'aws-clb': 'instance', 'aws-alb': 'target', nginx: 'server', haproxy: 'server', envoy: 'host' };
  return count === 1 ? nouns[profile] : `${nouns[profile]}s`;
}

/** Why a node routed to all: `no target was healthy, so the ALB failed open`, `only 1 of 4 hosts (25%) was healthy, below …`. */
export function routeToAllReason(result: RunResult, view: NodeView, tense: 'was' | 'is'): string {
  const { behaviour, profile } = result.setup.balancer;
  const healthy = view.inService.length;
  const total = view.reachable.length;
  const who = capitalise(actor(profile));
  if (view.routing === 'fail-open') return `no ${memberNoun(profile, 1)} ${tense} healthy, so ${actor(profile)} ${tense === 'was' ? 'failed' : 'fails'} open`;
  const share = `${Math.round((healthy / total) * 100)}%`;
  const whose = profile === 'envoy' ? "Envoy's" : 'the';
  return `only ${healthy} of ${total} ${memberNoun(profile, total)} (${share}) ${tense} healthy, below ${whose} ${behaviour.panicThresholdPercent}% panic threshold, so ${who} ${tense === 'was' ? 'ignored' : 'ignores'} health (panic)`;
}

/**
 * `But from 2m19s only 1 of 4 hosts (25%) was healthy, …, and routed to all 4 hosts until 4m10s: requests
 * kept reaching them until they came back at 4m00s.` Null when no node routed to all during the incident.
 */
export function routeToAllSentence(incident: Incident, result: RunResult, nodes: readonly string[], sinceMs: number, faultEndMs: number | null = null): string | null {
  const windows = nodes.flatMap((node) => routeToAllWindows(result, node, sinceMs, incident.endMs));
  const first = windows.sort((a, b) => a.fromMs - b.fromMs)[0];
  if (first === undefined) return null;
  const who = nodes.length > 1 ? ` (${joinWords(nodes)} nodes)` : '';
  const until = first.toMs === null ? 'to the end of the run' : `until ${formatClock(first.toMs)}`;
  const count = first.view.reachable.length;
  const noun = memberNoun(result.setup.balancer.profile, count);
  const back = faultEndMs !== null && faultEndMs >= first.fromMs && (first.toMs === null || faultEndMs <= first.toMs) ? ` until they came back at ${formatClock(faultEndMs)}` : '';
  return `But from ${formatClock(first.fromMs)}${who} ${routeToAllReason(result, first.view, 'was')} and routed to ${count === 2 ? 'both' : `all ${count}`} ${noun} ${until}: requests kept reaching them${back}.`;
}
