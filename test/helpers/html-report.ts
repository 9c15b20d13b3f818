// Builds an HTML report the way `lbsim run --html` does, from a scenario file in scenarios/:
// shared by the structural tests and the real-browser tests.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadChartAssets } from '../../src/cli/output/chart-assets.js';
import type { RunResult } from '../../src/model/run/result.js';
import { renderHtml } from '../../src/report/html/html-report.js';
import { TimeSeriesRecorder, type TimeSeries } from '../../src/report/html/time-series.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { simulate } from '../../src/simulate.js';

export const scenariosDir = join(import.meta.dirname, '..', '..', 'scenarios');

export function reportFor(name: string): { html: string; result: RunResult; series: TimeSeries } {
  const path = join(scenariosDir, name);
  const loaded = loadScenarioFile(path);
  if (!loaded.ok) throw new Error(`${name} does not load`);
  const recorder = new TimeSeriesRecorder(loaded.scenario.durationMs);
  const sink = { emit: (event: { type: string }) => (event.type === 'request' ? recorder.add(event as never) : undefined) };
  const result = simulate(loaded.scenario, { sink, logRequests: true });
  const series = recorder.result();
  const html = renderHtml({ result, series, assets: loadChartAssets(), scenarioText: readFileSync(path, 'utf8') });
  return { html, result, series };
}
