// `lbsim explain`, shared part: what was true and what the balancer believed at a moment, probe
// lines, fault lines, and the incident list shown when no selector is given. Pure, like all of report/.

import type { FaultEventConfig, HealthState, SimulationSetup } from '../../model/config.js';
import type { HealthCheckEvent } from '../../model/run/events.js';
import { REASON_TABLE, type ProfileName, type Reason } from '../../model/outcome.js';
import type { ActualState, DeployProgress, RunResult } from '../../model/run/result.js';
import { msToSecondsRounded as seconds } from '../../sim/time.js';
import { deployWindow, faultReachedMs } from '../text/deploy-windows.js';
import { faultEndMs } from '../text/fault-end.js';
import { formatClock, formatCount, formatDuration, joinWords, wrapText } from '../text/format.js';
import { incidentHeadline } from '../text/render-text.js';
import { beliefOf, isMembership, nodesOf } from './routing.js';

export { faultEndMs } from '../text/fault-end.js';
export { isMembership, nodesOf, registeredAt } from './routing.js';

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

/** What each node believed about the instance at `tMs`: its last transition at or before then, else the initial state. */
export function beliefsAt(result: RunResult, id: string, tMs: number): BeliefJson[] {
  return nodesOf(result).map((node) => {
    const belief = beliefOf(result, id, node, tMs);
    return { node, state: belief.state, since: belief.sinceMs === null ? null : seconds(belief.sinceMs) };
  });
}

/** The instance's true state at `tMs`, since when, and the `Events` entry that made it so. */
export function truthAt(result: RunResult, id: string, tMs: number): { state: ActualState; since: number; fault: number | null } {
  const changes = result.instances.find((candidate) => candidate.id === id)?.actual ?? [];
  const last = changes.filter((change) => change.tMs <= tMs).at(-1);
  return last === undefined ? { state: 'serving', since: 0, fault: null } : { state: last.state, since: seconds(last.tMs), fault: last.faultIndex };
}

/** True for faults that change an instance (not `recover`, and not pool membership changes). */
function isFault(event: FaultEventConfig): boolean {
  return event.fault !== 'recover' && !isMembership(event.fault);
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

/**
 * ` ("no healthy instances")`: the balancer's own name for the answer, quoted after the reason. Left
 * out where the profile's label names its default behaviour instead (fail-open, panic), which this
 * answer shows was turned off.
 */
export function labelText(reason: Reason, profile: ProfileName, label: string | null): string {
  if (label === null || REASON_TABLE[reason][profile].status === null) return '';
  return ` ("${label}")`;
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

/**
 * Errors are not the whole story when a balancer routes around health: an ALB failing open or
 * Envoy in panic sends requests to instances it believes unhealthy, and whatever they answer is it.
 */
export function routedUnhealthyText(result: RunResult): string | null {
  const routed = result.requests.routedUnhealthy;
  const { profile, behaviour } = result.setup.balancer;
  // nginx's one request after fail_timeout goes to a server it still counts as failed: a probe, not routing around health.
  if (routed === 0 || (!behaviour.failOpen && behaviour.panicThresholdPercent <= 0)) return null;
  const attempts = `${formatCount(routed)} ${routed === 1 ? 'attempt was' : 'attempts were'} sent to instances their node believed OutOfService`;
  if (profile === 'aws-alb') return `The ALB failed open: ${attempts} (UnhealthyRoutingRequestCount), so clients got what those targets answered.`;
  if (profile === 'envoy') return `Envoy panicked: ${attempts} (below the panic threshold it routes to all hosts), so clients got what those hosts answered.`;
  return `The balancer routed around health (${behaviour.failOpen ? 'fail-open' : 'panic'}): ${attempts}.`;
}

export function renderIncidentList(result: RunResult): string {
  const list = listIncidents(result);
  const incidents = [...result.incidents].sort((a, b) => a.number - b.number);
  const lines = [explainHeader(result), ''];
  if (incidents.length === 0) lines.push(result.gatewayErrors.total === 0 ? 'No incidents: no gateway errors.' : 'No incidents recorded.');
  else lines.push('Incidents', ...incidents.map(incidentHeadline));
  const routed = routedUnhealthyText(result);
  if (routed !== null) lines.push(...explainParagraph(routed, ''));
  lines.push('', list.hint);
  return `${lines.join('\n')}\n`;
}
