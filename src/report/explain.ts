// `lbsim explain`, shared part: what was true and what the balancer believed at a moment, probe
// lines, fault lines, and the incident list shown when no selector is given. Pure, like all of report/.

import type { FaultEventConfig, HealthState, SimulationSetup } from '../model/config.js';
import type { HealthCheckEvent } from '../model/events.js';
import { otherProfiles, type ProfileName, type Reason } from '../model/outcome.js';
import type { ActualState, DeployProgress, RunResult } from '../model/result.js';
import { msToSecondsRounded as seconds } from '../sim/time.js';
import { deployMembership, deployWindow, faultReachedMs } from './deploy-windows.js';
import { formatClock, formatDuration, joinWords, wrapText } from './format.js';
import { incidentHeadline } from './render-text.js';

/** Prose width, as in the run report's incidents. */
const EXPLAIN_WIDTH_COLUMNS = 88;
export const INDENT = '  ';

/** A sentence or two wrapped under a section title. */
export function explainParagraph(text: string, indent = INDENT): string[] {
  return wrapText(text, EXPLAIN_WIDTH_COLUMNS - indent.length).map((line) => `${indent}${line}`);
}

/** Event times are seconds; the report's clock takes milliseconds. */
export function clockAt(secondsValue: number): string {
  return formatClock(secondsValue * 1000);
}

/** One health-check result, and the belief it moved (when it was the probe that reached a threshold). */
export interface ProbeJson {
  t: number;
  node: string;
  instance: string;
  result: 'pass' | 'fail';
  detail: string;
  latency: number;
  movedTo: HealthState | null;
}

export interface BeliefJson {
  node: string;
  state: HealthState;
  /** When the node last changed its mind about the instance; null if it never had by then. */
  since: number | null;
}

export interface FaultJson {
  index: number;
  fault: string;
  at: number;
  instances: string[];
  /** When it stopped being in force (Duration or a later `recover`); null if it lasted to the end. */
  until: number | null;
}

/** The words every explanation starts with, so a pasted output says which run it is about. */
export function explainHeader(result: RunResult): string {
  const { setup } = result;
  return `lbsim explain | scenario ${setup.name} | seed ${setup.seed} | profile ${setup.balancer.profile}`;
}

/** Balancer nodes that appear in the run's transitions (one, `lb`, for a Classic ELB in one zone). */
export function nodesOf(result: RunResult): string[] {
  const nodes = new Set<string>();
  for (const instance of result.instances) for (const transition of instance.transitions) nodes.add(transition.node);
  return nodes.size === 0 ? ['lb'] : [...nodes].sort();
}

/** What each node believed about the instance at `tMs`: its last transition at or before then, else the initial state. */
export function beliefsAt(result: RunResult, id: string, tMs: number): BeliefJson[] {
  const summary = result.instances.find((candidate) => candidate.id === id);
  const config = result.setup.instances.find((candidate) => candidate.id === id);
  // An instance outside the pool at t=0 starts OutOfService, whatever its initial state says.
  const initial = config === undefined ? 'InService' : config.registered ? config.initialState : 'OutOfService';
  return nodesOf(result).map((node) => {
    const last = (summary?.transitions ?? []).filter((t) => t.node === node && t.tMs <= tMs).at(-1);
    return last === undefined ? { node, state: initial, since: null } : { node, state: last.to, since: seconds(last.tMs) };
  });
}

/** The instance's true state at `tMs`, since when, and the `Events` entry that made it so. */
export function truthAt(result: RunResult, id: string, tMs: number): { state: ActualState; since: number; fault: number | null } {
  const changes = result.instances.find((candidate) => candidate.id === id)?.actual ?? [];
  const last = changes.filter((change) => change.tMs <= tMs).at(-1);
  return last === undefined ? { state: 'serving', since: 0, fault: null } : { state: last.state, since: seconds(last.tMs), fault: last.faultIndex };
}

/** Pool membership changes: the balancer's own act, nothing a health check has to find. */
export function isMembership(fault: string): boolean {
  return fault === 'register' || fault === 'deregister';
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

/** True for faults that change an instance (not `recover`, and not pool membership changes). */
function isFault(event: FaultEventConfig): boolean {
  return event.fault !== 'recover' && !isMembership(event.fault);
}

/**
 * When a fault stopped applying to `id`: its Duration, or the first `recover` of that instance
 * after it started, whichever comes first; null when it lasted to the end of the run. A deploy
 * ends on an instance when its batch is InService again, whatever else happens meanwhile.
 */
export function faultEndMs(setup: SimulationSetup, fault: FaultEventConfig, id: string, deploys: readonly DeployProgress[] = []): number | null {
  if (fault.fault === 'deploy') {
    const endMs = deployWindow(deploys, fault, id)?.endMs ?? null;
    return endMs !== null && endMs < setup.durationMs ? endMs : null;
  }
  const ends: number[] = [];
  if (fault.durationMs !== null) ends.push(fault.atMs + fault.durationMs);
  for (const event of setup.events) {
    if (event.fault === 'recover' && event.atMs >= fault.atMs && event.index !== fault.index && event.instanceIds.includes(id)) ends.push(event.atMs);
  }
  const endMs = ends.length === 0 ? null : Math.min(...ends);
  return endMs !== null && endMs < setup.durationMs ? endMs : null;
}

/** The `Events` entries in force on `id` at `tMs`, oldest first; a deploy only from its batch's start. */
export function faultsInForce(setup: SimulationSetup, id: string, tMs: number, deploys: readonly DeployProgress[] = []): FaultEventConfig[] {
  return setup.events
    .filter((event) => isFault(event) && event.instanceIds.includes(id) && event.atMs <= tMs)
    .filter((event) => event.fault !== 'deploy' || (deployWindow(deploys, event, id)?.startMs ?? Number.POSITIVE_INFINITY) <= tMs)
    .filter((event) => {
      const endMs = faultEndMs(setup, event, id, deploys);
      return endMs === null || endMs > tMs;
    })
    .sort((a, b) => a.atMs - b.atMs || a.index - b.index);
}

export function faultJson(setup: SimulationSetup, fault: FaultEventConfig, ids: readonly string[], deploys: readonly DeployProgress[] = []): FaultJson {
  const ends = ids.map((id) => faultEndMs(setup, fault, id, deploys));
  const until = ends.some((end) => end === null) ? null : Math.max(...(ends as number[]));
  const at = seconds(faultReachedMs(deploys, fault, ids));
  return { index: fault.index, fault: fault.fault, at, instances: [...ids], until: until === null ? null : seconds(until) };
}

/** `Events[0] hang on i-1 and i-2 from 2m00s until 6m00s` */
export function faultText(fault: FaultJson): string {
  if (isMembership(fault.fault)) return `Events[${fault.index}] ${fault.fault} of ${joinWords(fault.instances)} at ${formatClock(fault.at * 1000)}`;
  const until = fault.until === null ? 'to the end of the run' : `until ${formatClock(fault.until * 1000)}`;
  return `Events[${fault.index}] ${fault.fault} on ${joinWords(fault.instances)} from ${formatClock(fault.at * 1000)} ${until}`;
}

/** `Events[0] hang` */
export function faultName(setup: SimulationSetup, index: number | null): string | null {
  const fault = index === null ? undefined : setup.events.find((event) => event.index === index);
  return fault === undefined ? null : `Events[${fault.index}] ${fault.fault}`;
}

/** A probe event as explain reports it, with the belief it moved (matched on the transition's time, node and instance). */
export function probeJson(result: RunResult, probe: HealthCheckEvent): ProbeJson {
  const transitions = result.instances.find((candidate) => candidate.id === probe.instance)?.transitions ?? [];
  const moved = transitions.find((t) => t.node === probe.node && seconds(t.tMs) === probe.t);
  const { t, node, instance, result: outcome, detail, latency } = probe;
  return { t, node, instance, result: outcome, detail, latency, movedTo: moved === undefined ? null : moved.to };
}

/** `2m07s i-1 fail (timeout, 5s)`; the node is named only when the run has several. */
export function probeText(probe: ProbeJson, showNode: boolean): string {
  const who = showNode ? `${probe.node} ${probe.instance}` : probe.instance;
  return `${formatClock(probe.t * 1000)} ${who} ${probe.result} (${probe.detail}, ${formatDuration(probe.latency * 1000)})`;
}

/** `2m37s i-2 fail (timeout, 5s)  <- moved the belief: OutOfService`, markers aligned. */
export function probeLine(probe: ProbeJson, showNode: boolean, width: number): string {
  const text = probeText(probe, showNode);
  return probe.movedTo === null ? text : `${text.padEnd(width)}  <- moved the belief: ${probe.movedTo}`;
}

/** `OutOfService since 2m42s`, or per node when there are several: `lb-a OutOfService since 2m42s, lb-b InService`. */
export function beliefText(beliefs: readonly BeliefJson[]): string {
  const one = (belief: BeliefJson) => (belief.since === null ? belief.state : `${belief.state} since ${formatClock(belief.since * 1000)}`);
  if (beliefs.length === 1 && beliefs[0] !== undefined) return one(beliefs[0]);
  return beliefs.map((belief) => `${belief.node} ${one(belief)}`).join(', ');
}

/** Status per other profile, for JSON: null where it answers no error status (fails open, silent close). */
export function otherStatuses(reason: Reason, profile: ProfileName): Partial<Record<ProfileName, number | null>> {
  const statuses: Partial<Record<ProfileName, number | null>> = {};
  for (const other of otherProfiles(reason, profile)) statuses[other.profile] = other.answer.status;
  return statuses;
}

export interface IncidentListJson {
  scenario: string;
  seed: number;
  incidents: Array<{ number: number; start: number; end: number; status: number; reason: Reason; count: number; instances: string[] }>;
  hint: string;
}

const SELECTOR_HINT = 'Explain one incident with --incident N, one moment with --at TIME (e.g. 2m30s), or one request with --request ID.';

export function listIncidents(result: RunResult): IncidentListJson {
  const ordered = [...result.incidents].sort((a, b) => a.number - b.number);
  return {
    scenario: result.setup.name,
    seed: result.setup.seed,
    incidents: ordered.map((incident) => ({
      number: incident.number,
      start: seconds(incident.startMs),
      end: seconds(incident.endMs),
      status: incident.status,
      reason: incident.reason,
      count: incident.count,
      instances: [...incident.instanceIds],
    })),
    hint: SELECTOR_HINT,
  };
}

export function renderIncidentList(result: RunResult): string {
  const list = listIncidents(result);
  const incidents = [...result.incidents].sort((a, b) => a.number - b.number);
  const lines = [explainHeader(result), ''];
  if (incidents.length === 0) lines.push(result.gatewayErrors.total === 0 ? 'No incidents: no gateway errors.' : 'No incidents recorded.');
  else lines.push('Incidents', ...incidents.map(incidentHeadline));
  lines.push('', list.hint);
  return `${lines.join('\n')}\n`;
}
