// What the web app's API does with a scenario: validate it with the same loader as the command line
// (errors carry their JSON path, line and column), run it, and answer what `run --format json` prints.

import { evaluateExpectations, metricValue } from '../report/machine/expectations.js';
import { compareRows, type CompareRow } from '../report/machine/compare-rows.js';
import { renderHtml, type ChartAssets } from '../report/html/html-report.js';
import { renderText } from '../report/text/render-text.js';
import { toJsonSummary, type JsonSummary } from '../report/machine/summary-json.js';
import { TimeSeriesRecorder } from '../report/html/time-series.js';
import type { ScenarioError } from '../scenario/errors.js';
import type { FileAccess } from '../scenario/file-access.js';
import { parseScenarioText } from '../scenario/load.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { simulateInSlices, type SliceProgress } from '../simulate.js';
import { RUN_SLICES, runInTurns, type RunSlot } from './web-limits.js';

/** A request to the app runs on its event loop: beyond this many simulated requests it would stall every other one. */
export const MAX_WEB_REQUESTS = 3_000_000;
export const COMPARE_METRICS = ['requests.total', 'gatewayErrors.total', 'backend5xx', 'latency.p50', 'latency.p99', 'incidents.count'];

export type Checked = { ok: true; scenario: ResolvedScenario; text: string } | { ok: false; errors: ScenarioError[] };

/** The scenario as text: a body as posted (positions match what the user typed); a parsed value is laid out as `JSON.stringify` would. */
export function scenarioText(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body ?? null, null, 2);
}

/** Validates a posted scenario; the files it names are opened through `access` (the web app's folder). */
export function checkScenario(body: unknown, access: FileAccess, name = 'scenario.json'): Checked {
  const text = scenarioText(body);
  const loaded = parseScenarioText(text, name, access);
  if (!loaded.ok) return { ok: false, errors: loaded.errors };
  const { scenario } = loaded;
  // A replay streams a log from this machine's disk, outside any folder the app serves: command line only.
  if (scenario.traffic.replay !== undefined) {
    const message = 'the web app does not replay logs (Traffic.Replay reads files on this machine): run it with lbsim run';
    return { ok: false, errors: [{ file: name, line: 1, column: 1, path: 'Traffic.Replay', message }] };
  }
  const peakRate = Math.max(scenario.traffic.rate, ...scenario.traffic.pattern.map((point) => point.rate));
  const expected = (peakRate * scenario.durationMs) / 1000;
  if (expected > MAX_WEB_REQUESTS) {
    const message = `too long for the web app: about ${Math.round(expected)} requests (at most ${MAX_WEB_REQUESTS}); run it with lbsim run`;
    return { ok: false, errors: [{ file: name, line: 1, column: 1, path: 'Duration', message }] };
  }
  return { ok: true, scenario, text };
}

export interface WebRun {
  summary: JsonSummary;
  text: string;
  html: string;
}

/**
 * Runs a checked scenario in `slices` slices of simulated time, yielding after each, and returns what
 * the API answers; the HTML report only when asked, since it needs every request's event.
 */
export function* runScenarioInSlices(checked: Extract<Checked, { ok: true }>, assets: ChartAssets | null, slices?: number): Generator<SliceProgress, WebRun, void> {
  const recorder = assets === null ? null : new TimeSeriesRecorder(checked.scenario.durationMs);
  const sink = recorder === null ? undefined : { emit: (event: { type: string }) => (event.type === 'request' ? recorder.add(event as never) : undefined) };
  const result = yield* simulateInSlices(checked.scenario, sink === undefined ? {} : { sink, logRequests: true }, slices);
  const expectations = evaluateExpectations(toJsonSummary(result) as unknown as Record<string, unknown>, checked.scenario.expect);
  const summary = toJsonSummary(result, expectations);
  const text = renderText(result, { color: false, expectations });
  const html = assets === null || recorder === null ? '' : renderHtml({ result, series: recorder.result(), assets, scenarioText: checked.text, expectations, textReport: text });
  return { summary, text, html };
}

/** Runs a checked scenario within `slot`'s wall-clock time, letting other requests in between slices. */
export function runScenario(checked: Extract<Checked, { ok: true }>, assets: ChartAssets | null, slot: RunSlot): Promise<WebRun> {
  return runInTurns(runScenarioInSlices(checked, assets, RUN_SLICES), slot);
}

export interface WebCompare {
  a: JsonSummary;
  b: JsonSummary;
  rows: CompareRow[];
}

export function compareRuns(a: JsonSummary, b: JsonSummary): WebCompare {
  const values = (summary: JsonSummary) => [COMPARE_METRICS.map((metric) => metricValue(summary as unknown as Record<string, unknown>, metric))];
  return { a, b, rows: compareRows(COMPARE_METRICS, values(a), values(b)) };
}
