// Which summary numbers sweep and compare report: `--metric PATH` (repeatable), else the Expect
// metrics of the scenarios, else a default set. A path outside the grammar is exit 2 with a suggestion.

import { checkMetricPath } from '../model/run/metric-paths.js';
import { didYouMean } from '../scenario/errors.js';
import { suggestMetric } from '../scenario/metric-rule.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { UsageError } from './exit-codes.js';

export const DEFAULT_METRICS = ['gatewayErrors.total', 'latency.p99', 'incidents.count'] as const;

export function chooseMetrics(given: readonly string[] | undefined, scenarios: readonly ResolvedScenario[]): string[] {
  if (given !== undefined && given.length > 0) {
    for (const metric of given) checkMetric(metric, scenarios);
    return unique(given);
  }
  const fromExpect = unique(scenarios.flatMap((scenario) => scenario.expect.map((e) => e.metric)));
  return fromExpect.length > 0 ? fromExpect : [...DEFAULT_METRICS];
}

/** Valid for every scenario it will be read from (instance ids differ between files). */
function checkMetric(metric: string, scenarios: readonly ResolvedScenario[]): void {
  const failures = scenarios.flatMap((scenario) => {
    const context = { instanceIds: new Set(scenario.instances.map((instance) => instance.id)) };
    const check = checkMetricPath(metric, context);
    return check.ok ? [] : [{ scenario, expected: check.expected, suggestion: suggestMetric(metric, context) }];
  });
  const first = failures[0];
  if (first === undefined) return;
  // Name the file only when the path is valid for the other one (an instance id only it has).
  const inFile = failures.length < scenarios.length ? ` in ${first.scenario.file}` : '';
  throw new UsageError(`--metric: unknown metric "${metric}"${inFile}${didYouMean(first.suggestion)} (expected ${first.expected})`);
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
