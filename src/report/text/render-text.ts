// The terminal report: a run's answer as text, top to bottom from totals to incidents.
// Deterministic and ASCII apart from the swimlane glyphs; colour only when asked for.

import pc from 'picocolors';
import { algorithmLabel } from '../../model/run/model-facts.js';
import { type ProfileName, REASON_TABLE, REASONS, reasonSummary } from '../../model/outcome.js';
import { PROFILES } from '../../model/run/model-facts.js';
import type { Incident, RunResult } from '../../model/run/result.js';
import { formatClock, formatCount, formatDuration, formatPercent, formatRate, formatTable, formatTick, plural, wrapText } from './format.js';
import { balancerLines, profileText } from './balancer-text.js';
import { deployLines } from './deploy-text.js';
import { importedLines } from './imported-text.js';
import { describeIncident, otherProfilesText } from './incident-text.js';
import { sortedStatusCounts, type ExpectationOutcome } from '../machine/summary-json.js';
import { renderSwimlanes } from './swimlane.js';

export interface TextReportOptions {
  color: boolean;
  expectations?: readonly ExpectationOutcome[];
}

type Colors = ReturnType<typeof pc.createColors>;

/** Prose is wrapped to fit an 88-column terminal with the incident indent. */
const TEXT_WIDTH_COLUMNS = 88;
const INCIDENT_INDENT = '     ';
/** An incident line names at most this many instances; the JSON output has them all. */
const MAX_INSTANCES_NAMED = 8;

export function renderText(result: RunResult, options: TextReportOptions): string {
  const colors = pc.createColors(options.color);
  const deploys = deployLines(result);
  const imported = importedLines(result.setup);
  const sections: string[][] = [
    headerLines(result, colors),
    // Only a scenario read from a native config has this section.
    ...(imported.length > 0 ? [imported] : []),
    [...requestLines(result), ...gatewayLines(result, colors), backendLine(result), latencyLine(result)],
    instanceTable(result),
    renderSwimlanes(result).map((line) => `  ${colorGlyphs(line, colors)}`),
    // Only a run with a deploy has this section: every other report keeps its shape.
    ...(deploys.length > 0 ? [deploys] : []),
    incidentLines(result, colors),
  ];
  if (options.expectations !== undefined && options.expectations.length > 0) sections.push(expectationLines(options.expectations, colors));
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function headerLines(result: RunResult, colors: Colors): string[] {
  const { setup } = result;
  const { balancer, traffic } = setup;
  const runParts = [`seed ${setup.seed}`, clockText(result)];
  if (setup.warmupMs > 0) runParts.push(`warmup ${formatDuration(setup.warmupMs)}`);
  runParts.push(`${plural(setup.instances.length, 'instance')}, ${algorithmLabel(balancer.algorithm, balancer.routing)}`, trafficText(traffic));
  const lines = [colors.bold(`lbsim | scenario ${setup.name} | balancer ${balancer.name} | profile ${profileText(setup)}`), runParts.join(' | ')];
  if (traffic.pattern.length > 0) {
    const changes = traffic.pattern.map((point) => `${formatRate(point.rate)} from ${formatClock(point.atMs)}`);
    lines.push(...wrapText(`rate changes: ${changes.join(', ')}`, TEXT_WIDTH_COLUMNS));
  }
  lines.push(...balancerLines(setup), ...liveLines(result));
  if (setup.description.length > 0) lines.push(...wrapText(setup.description, TEXT_WIDTH_COLUMNS));
  return lines;
}

/** Drawn arrivals by rate and process; a replay by its log (the file names as the scenario gives them). */
function trafficText(traffic: RunResult['setup']['traffic']): string {
  const replay = traffic.replay;
  if (replay === undefined) return `${formatRate(traffic.rate)} ${traffic.arrival}`;
  return `replay of ${replay.files.join(', ')} (${replay.format}${replay.speed === 1 ? '' : `, ${replay.speed}x speed`})`;
}

/** Simulated, or played live: at what speed and how long it took on the wall clock. */
function clockText(result: RunResult): string {
  const duration = formatTick(result.setup.durationMs);
  if (!result.live) return `${duration} simulated`;
  return `${duration} live at ${result.live.speed}x speed (${formatDuration(Math.round(result.live.realMs))} real)`;
}

/** A live run says when the machine could not send at the scenario's rate: its figures are then less faithful. */
function liveLines(result: RunResult): string[] {
  const live = result.live;
  if (!live || live.late === 0) return [];
  const text = `live: ${formatCount(live.late)} of ${formatCount(live.sent)} requests left the load generator late: this machine did not keep up at this speed; a lower --speed is more faithful`;
  return wrapText(text, TEXT_WIDTH_COLUMNS);
}

function requestLines(result: RunResult): string[] {
  const total = result.requests.total;
  const parts = [`Requests ${formatCount(total)}`];
  for (const [status, count] of Object.entries(sortedStatusCounts(result.statusCounts))) {
    parts.push(`${status}: ${formatCount(count)} (${formatPercent(count, total)})`);
  }
  if (result.requests.inFlightAtEnd > 0) parts.push(`in flight at end: ${formatCount(result.requests.inFlightAtEnd)}`);
  return [parts.join('    '), ...routingLines(result)];
}

/** Retries and routing around health: only when they happened, so a plain run's report keeps its shape. */
function routingLines(result: RunResult): string[] {
  const { total, attempts, routedUnhealthy } = result.requests;
  const lines: string[] = [];
  if (total > 0 && attempts > total) {
    const perRequest = (attempts / total).toFixed(2);
    lines.push(`Attempts ${formatCount(attempts)} sent to instances: ${perRequest} per request (${formatCount(attempts - total)} retries)`);
  }
  if (routedUnhealthy > 0) {
    const how = ROUTE_TO_ALL[result.setup.balancer.profile] ?? { label: 'Routed to all', note: 'routing ignored health' };
    lines.push(`${how.label}: ${formatCount(routedUnhealthy)} attempts to instances believed unhealthy (${how.note})`);
  }
  return lines;
}

/** The two other balancers a reason line compares with: the best-known ones besides itself. */
const COMPARED_WITH: Record<ProfileName, readonly ProfileName[]> = {
  'aws-clb': ['nginx', 'aws-alb'],
  'aws-alb': ['aws-clb', 'nginx'],
  nginx: ['aws-clb', 'aws-alb'],
  haproxy: ['aws-clb', 'nginx'],
  envoy: ['aws-clb', 'nginx'],
};

const ROUTE_TO_ALL: Partial<Record<ProfileName, { label: string; note: string }>> = {
  'aws-alb': { label: 'Failed open', note: 'UnhealthyRoutingRequestCount' },
  envoy: { label: 'Panic routing', note: 'below the panic threshold' },
};

function gatewayLines(result: RunResult, colors: Colors): string[] {
  const { total, byReason } = result.gatewayErrors;
  const profile = result.setup.balancer.profile;
  const lines = [`Gateway errors (generated by the balancer): ${formatCount(total)} (${formatPercent(total, result.requests.total)})`];
  const rows: string[][] = [];
  let inferred = false;
  for (const reason of REASONS) {
    const entry = byReason[reason];
    if (entry === undefined || entry.count === 0) continue;
    const documented = REASON_TABLE[reason][profile].documented;
    inferred ||= !documented;
    rows.push([`${entry.status}${documented ? '' : '*'}`, reason, formatCount(entry.count), reasonSummary(reason, PROFILES[profile].defaults.responseTimeoutName), `(${otherProfilesText(reason, profile, COMPARED_WITH[profile])})`]);
  }
  for (const line of formatTable(rows, ['l', 'l', 'r', 'l', 'l'])) lines.push(`  ${colors.red(line)}`);
  if (inferred) lines.push('  * status not documented by the vendor; inferred (see the reason table in the README)');
  return lines;
}

function backendLine(result: RunResult): string {
  return `Backend 5xx (answered by instances, passed through): ${formatCount(result.backend5xx)}`;
}

function latencyLine(result: RunResult): string {
  const latency = result.latency;
  if (latency.count === 0) return 'Latency  no responses';
  const figures = [
    `mean ${formatDuration(latency.meanMs)}`,
    `p50 ${formatDuration(latency.p50Ms)}`,
    `p90 ${formatDuration(latency.p90Ms)}`,
    `p99 ${formatDuration(latency.p99Ms)}`,
    `max ${formatDuration(latency.maxMs)}`,
  ];
  return `Latency  ${figures.join('  ')}  over ${plural(latency.count, 'response')}`;
}

function instanceTable(result: RunResult): string[] {
  const header = ['instance', 'zone', 'requests', 'responses', '5xx', 'gateway errors', 'probes failed', 'transitions'];
  const rows = result.instances.map((instance) => [
    instance.id,
    instance.zone,
    formatCount(instance.requests),
    formatCount(instance.responses),
    formatCount(instance.backend5xx),
    formatCount(instance.gatewayErrors),
    `${formatCount(instance.probesFailed)}/${formatCount(instance.probes)}`,
    formatCount(instance.transitions.length),
  ]);
  const table = formatTable([header, ...rows], ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r']);
  return ['Instances', ...table.map((line) => `  ${line}`)];
}

function incidentLines(result: RunResult, colors: Colors): string[] {
  if (result.incidents.length === 0) {
    return [result.gatewayErrors.total === 0 ? 'No incidents: no gateway errors.' : 'No incidents recorded.'];
  }
  const lines = ['Incidents'];
  const ordered = [...result.incidents].sort((a, b) => a.number - b.number);
  for (const incident of ordered) {
    lines.push(colors.bold(incidentHeadline(incident)));
    for (const paragraph of describeIncident(incident, result)) {
      for (const line of wrapText(paragraph, TEXT_WIDTH_COLUMNS - INCIDENT_INDENT.length)) lines.push(`${INCIDENT_INDENT}${line}`);
    }
  }
  return lines;
}

/** `#1 2m41s-6m32s  503 NoHealthyInstances  2,450 requests  i-1, i-2` */
export function incidentHeadline(incident: Incident): string {
  const named = incident.instanceIds.slice(0, MAX_INSTANCES_NAMED);
  const more = incident.instanceIds.length - named.length;
  const instances = named.length === 0 ? 'no instance' : `${named.join(', ')}${more > 0 ? ` +${more} more` : ''}`;
  const window = `${formatClock(incident.startMs)}-${formatClock(incident.endMs)}`;
  return `  #${incident.number} ${window}  ${incident.status} ${incident.reason}  ${plural(incident.count, 'request')}  ${instances}`;
}

function expectationLines(expectations: readonly ExpectationOutcome[], colors: Colors): string[] {
  const passed = expectations.filter((expectation) => expectation.passed).length;
  const rows = expectations.map((expectation) => [
    expectation.passed ? colors.green('PASS') : colors.red('FAIL'),
    expectation.name ?? expectation.metric,
    `actual ${expectation.actual === null ? 'n/a' : formatCount(expectation.actual, Number.isInteger(expectation.actual) ? 0 : 3)}`,
    expectation.expected === undefined ? '' : `(${expectation.expected})`,
  ]);
  const summary = `Expectations  ${passed} passed, ${expectations.length - passed} failed`;
  return [summary, ...formatTable(rows, ['l', 'l', 'l', 'l']).map((line) => `  ${line}`)];
}

/** Faults and OutOfService stand out in colour; the glyphs alone already carry the meaning without it. */
function colorGlyphs(line: string, colors: Colors): string {
  return line
    .replace(/[▒·]+/g, (run) => colors.red(run))
    .replace(/▓+/g, (run) => colors.yellow(run))
    .replace(/░+/g, (run) => colors.dim(run));
}
