// The self-contained HTML report: one page with the run's totals, charts over time, health
// swimlanes, incidents and the scenario. Pure: the charting library's files come in as strings.

import type { RunResult } from '../../model/run/result.js';
import { chartData } from './html-chart-data.js';
import { CLIENT_SCRIPT } from './html-client.js';
import { escapeHtml, jsonForScript, scriptText } from './html-escape.js';
import { REPORT_CSS } from './html-style.js';
import { swimlanesHtml } from './html-swimlanes.js';
import { describeIncident } from '../text/incident-text.js';
import { formatClock, formatCount, formatDuration, formatPercent, formatTick } from '../text/format.js';
import { profileText } from '../text/balancer-text.js';
import { toJsonSummary, type ExpectationOutcome, type JsonSummary } from '../machine/summary-json.js';
import type { TimeSeries } from './time-series.js';

/** The charting library, inlined so the page makes no network request. */
export interface ChartAssets {
  script: string;
  css: string;
}

export interface HtmlReportInput {
  result: RunResult;
  series: TimeSeries;
  assets: ChartAssets;
  /** The scenario as the user wrote it. */
  scenarioText: string;
  expectations?: readonly ExpectationOutcome[];
  /** The terminal report, kept in a collapsed section for those who want every line. */
  textReport?: string;
}

export function renderHtml(input: HtmlReportInput): string {
  const { result } = input;
  const summary = toJsonSummary(result, input.expectations ?? []);
  const title = `lbsim report: ${result.setup.name}`;
  const body = [
    headerHtml(result, summary),
    section('Requests and gateway errors over time', 'charts', '<div class="chart" id="chart-requests"></div><div class="chart" id="chart-gateway"></div>' + chartNote()),
    section('Latency over time', 'latency', '<div class="chart" id="chart-latency"></div>'),
    section('Health: truth and the balancer’s belief', 'swimlanes', swimlanesHtml(result)),
    section('Incidents', 'incidents', incidentsHtml(result, summary)),
    ...(summary.expectations.length > 0 ? [section('Expectations', 'expectations', expectationsHtml(summary))] : []),
    section('Scenario', 'scenario', `<pre id="scenario-text">${escapeHtml(input.scenarioText)}</pre>`),
    ...(input.textReport === undefined ? [] : [`<details class="screen-only" id="text-report"><summary>The terminal report</summary><pre>${escapeHtml(input.textReport)}</pre></details>`]),
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${input.assets.css}</style>`,
    `<style>${REPORT_CSS}</style>`,
    '</head><body>',
    ...body,
    `<footer class="note">lbsim · seed ${summary.seed} · rerun with <code>lbsim run FILE --seed ${summary.seed}</code> for the same events.</footer>`,
    `<script type="application/json" id="lbsim-data">${jsonForScript(chartData(result, input.series))}</script>`,
    `<script>${scriptText(input.assets.script)}</script>`,
    `<script>${scriptText(CLIENT_SCRIPT)}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

function section(heading: string, id: string, inner: string): string {
  return `<section id="${id}"><h2>${escapeHtml(heading)}</h2>\n${inner}\n</section>`;
}

function chartNote(): string {
  return '<p class="note">Dashed red lines: fault starts. Shaded: incident windows. Counted when the answer came.</p>';
}

function headerHtml(result: RunResult, summary: JsonSummary): string {
  const { setup } = result;
  const total = summary.requests.total;
  const cards: Array<[string, string]> = [
    [formatCount(total), 'requests'],
    [formatCount(summary.gatewayErrors.total), `gateway errors (${formatPercent(summary.gatewayErrors.total, total)})`],
    [formatCount(summary.backend5xx), 'backend 5xx'],
    [formatDuration(result.latency.p99Ms), 'latency p99'],
    [String(summary.incidents.length), summary.incidents.length === 1 ? 'incident' : 'incidents'],
  ];
  const statusRows = Object.entries(summary.statusCounts).map(([status, count]) => `<tr><td>${status}</td><td class="num">${formatCount(count)}</td><td class="num">${formatPercent(count, total)}</td></tr>`);
  const reasonRows = Object.entries(summary.gatewayErrors.byReason).map(
    ([reason, entry]) => `<tr><td>${entry.status ?? '–'}</td><td>${escapeHtml(reason)}</td><td class="num">${formatCount(entry.count)}</td><td>${escapeHtml(entry.label)}</td></tr>`,
  );
  const latency = result.latency;
  return [
    `<header><h1>${escapeHtml(setup.name)}</h1>`,
    setup.description.length > 0 ? `<p class="sub">${escapeHtml(setup.description)}</p>` : '',
    `<p class="sub">balancer ${escapeHtml(setup.balancer.name)} · profile ${escapeHtml(profileText(setup))} · seed ${setup.seed} · ${formatTick(setup.durationMs)} simulated · ${setup.instances.length} instances</p></header>`,
    `<section id="totals"><div class="cards">${cards.map(([value, label]) => `<div class="card"><b>${value}</b><span>${escapeHtml(label)}</span></div>`).join('')}</div>`,
    '<div class="cards">',
    `<table id="status-table"><tr><th>status</th><th>requests</th><th>share</th></tr>${statusRows.join('')}</table>`,
    reasonRows.length === 0 ? '' : `<table id="reason-table"><tr><th>status</th><th>reason (generated by the balancer)</th><th>count</th><th>label</th></tr>${reasonRows.join('')}</table>`,
    `<table id="latency-table"><tr><th>latency</th><th></th></tr>${(
      [
        ['mean', latency.meanMs],
        ['p50', latency.p50Ms],
        ['p90', latency.p90Ms],
        ['p99', latency.p99Ms],
        ['max', latency.maxMs],
      ] as const
    )
      .map(([name, ms]) => `<tr><td>${name}</td><td class="num">${formatDuration(ms)}</td></tr>`)
      .join('')}</table>`,
    '</div></section>',
  ].join('\n');
}

function incidentsHtml(result: RunResult, summary: JsonSummary): string {
  if (result.incidents.length === 0) return '<p id="no-incidents">No incidents: the balancer generated no error windows in this run.</p>';
  const rows = result.incidents.map((incident, i) => {
    const json = summary.incidents[i];
    const lag = json?.detectionLag == null ? '–' : formatDuration(json.detectionLag * 1000);
    const detected = incident.detectedAtMs === null ? 'never' : formatClock(incident.detectedAtMs);
    const story = describeIncident(incident, result).map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('');
    return [
      `<tr class="incident" data-reason="${escapeHtml(incident.reason)}">`,
      `<td class="num">${incident.number}</td><td>${formatClock(incident.startMs)}–${formatClock(incident.endMs)}</td>`,
      `<td>${incident.status}</td><td>${escapeHtml(incident.reason)}</td><td class="num">${formatCount(incident.count)}</td>`,
      `<td>${escapeHtml(incident.instanceIds.join(', '))}</td><td>${detected}</td><td class="num lag">${lag}</td>`,
      `<td class="cause">${story}</td></tr>`,
    ].join('');
  });
  const head = '<tr><th>#</th><th>window</th><th>status</th><th>reason</th><th>requests</th><th>instances</th><th>detected</th><th>detection lag</th><th>cause</th></tr>';
  return `<table id="incidents-table">${head}${rows.join('')}</table>`;
}

function expectationsHtml(summary: JsonSummary): string {
  const rows = summary.expectations.map((e) => {
    const verdict = e.passed ? '<span class="pass">pass</span>' : '<span class="fail">FAIL</span>';
    return `<tr><td>${verdict}</td><td>${escapeHtml(e.name ?? e.metric)}</td><td>${escapeHtml(e.expected ?? '')}</td><td class="num">${e.actual ?? '–'}</td></tr>`;
  });
  return `<table id="expectations-table"><tr><th></th><th>metric</th><th>expected</th><th>actual</th></tr>${rows.join('')}</table>`;
}
