// `explain --incident`, the belief part: the health-check results (or, without active checks, nginx's
// passive marks) around the fault, then per instance and node when the balancer stopped believing in it.

import type { RunResult } from '../../model/run/result.js';
import { clockAt, explainParagraph, INDENT, probeLine, probeText } from './explain.js';
import type { IncidentExplanationJson } from './explain-incident.js';
import { formatDuration, joinWords, plural } from '../text/format.js';
import { passiveSettings } from '../text/passive-text.js';
import { actor, nodesOf } from './routing.js';

type Belief = IncidentExplanationJson['beliefs'][number];

export function beliefLines(explanation: IncidentExplanationJson, result: RunResult): string[] {
  const showNode = nodesOf(result).length > 1;
  const active = result.setup.balancer.behaviour.activeChecks;
  const { probes, incident } = explanation;
  const who = joinWords(incident.instances) || 'the instances';
  const nodes = showNode && explanation.nodes.length < nodesOf(result).length ? `, as the ${joinWords(explanation.nodes)} ${explanation.nodes.length === 1 ? 'node' : 'nodes'} saw them` : '';
  const what = active ? `health checks of ${who}` : `passive marks of ${who} (no active health checks; ${passiveSettings(result)})`;
  const lines = [`What the balancer believed: ${what} from ${clockAt(probes.from)} to ${clockAt(probes.to)}${nodes}`];
  const rows = active ? probeRows(explanation, showNode) : passiveRows(explanation, showNode);
  if (rows.length === 0) lines.push(`${INDENT}${active ? 'No health-check result' : 'No change'} in that window.`);
  // The fault's start goes between the results, where the balancer's view and the truth part ways (first on a tie).
  const timed = explanation.faults
    .filter((f) => f.at >= probes.from && f.at <= probes.to)
    .map((fault) => ({ t: fault.at, line: `${clockAt(fault.at)} Events[${fault.index}] ${fault.fault} starts on ${joinWords(fault.instances)}` }));
  timed.push(...rows);
  lines.push(...timed.sort((a, b) => a.t - b.t).map((entry) => `${INDENT}${entry.line}`));
  const byMark = (belief: Belief) => belief.outOfServiceAt ?? Number.POSITIVE_INFINITY;
  for (const belief of [...explanation.beliefs].sort((a, b) => byMark(a) - byMark(b))) lines.push(...explainParagraph(markText(belief, showNode, explanation, result)));
  return lines;
}

function probeRows(explanation: IncidentExplanationJson, showNode: boolean): Array<{ t: number; line: string }> {
  const { probes } = explanation;
  const width = Math.max(0, ...probes.results.map((probe) => probeText(probe, showNode).length));
  const timed = probes.results.map((probe) => ({ t: probe.t, line: probeLine(probe, showNode, width) }));
  // A long window keeps as many first results as last ones; the gap goes between them.
  const half = probes.results.length / 2;
  const [before, after] = [probes.results[half - 1], probes.results[half]];
  if (probes.omitted > 0 && before !== undefined && after !== undefined) {
    timed.push({ t: (before.t + after.t) / 2, line: `... ${plural(probes.omitted, 'more result')} ...` });
  }
  return timed;
}

function passiveRows(explanation: IncidentExplanationJson, showNode: boolean): Array<{ t: number; line: string }> {
  return explanation.passive.map((change) => ({
    t: change.t,
    line: `${clockAt(change.t)} ${showNode ? `${change.node} ` : ''}${change.instance} ${change.to}: ${change.why}`,
  }));
}

/** One instance on one node: when and why it was marked, or why it never was. */
function markText(belief: Belief, showNode: boolean, explanation: IncidentExplanationJson, result: RunResult): string {
  const node = showNode ? ` (${belief.node})` : '';
  const { behaviour, profile } = result.setup.balancer;
  if (belief.outOfServiceAt === null) {
    if (!behaviour.activeChecks && behaviour.passive === null) return `${belief.instance}${node} was never taken out: with max_fails=0 and no active checks, ${actor(profile)} believes every server live.`;
    const later = laterMark(result, belief, explanation.probes.to);
    if (later !== null) return `${belief.instance}${node} was marked OutOfService only at ${clockAt(later)}, after this window.`;
    return `${belief.instance}${node} was never marked OutOfService in that window: ${actor(profile)} kept believing it InService.`;
  }
  const at = clockAt(belief.outOfServiceAt);
  if (belief.afterFailures === 0) return `${belief.instance}${node} was taken OutOfService at ${at} by the balancer itself, not by a health check: ${belief.why ?? 'no reason given'}`;
  const failed = behaviour.passive?.maxFails === 1 ? 'a failed request' : 'failed requests';
  const marked = behaviour.activeChecks
    ? `marked OutOfService at ${at}${belief.afterFailures === null ? '' : ` after ${plural(belief.afterFailures, 'failed check')} in a row`}`
    : `disabled at ${at} by ${failed} (${belief.why ?? 'upstream server temporarily disabled'})`;
  if (belief.inServiceAfterFault === null) return `${belief.instance}${node} was ${marked}.`;
  if (belief.inServiceAfterFault < 0.001) return `${belief.instance}${node} was ${marked}, as the fault began.`;
  return `${belief.instance}${node} stayed InService for ${formatDuration(belief.inServiceAfterFault * 1000)} after the fault; ${marked}.`;
}

/** The node's first OutOfService mark of the instance after the window, if the run had one. */
function laterMark(result: RunResult, belief: Belief, afterS: number): number | null {
  const transitions = result.instances.find((candidate) => candidate.id === belief.instance)?.transitions ?? [];
  const later = transitions.find((t) => t.node === belief.node && t.to === 'OutOfService' && t.tMs > afterS * 1000);
  return later === undefined ? null : later.tMs / 1000;
}
