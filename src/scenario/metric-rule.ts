// `Expect[].Metric` checked against the summary's metric grammar (model/run/metric-paths.ts) at load,
// so a misspelt metric stops the file before the run instead of failing its assertion after it.

import { checkMetricPath, type MetricContext } from '../model/run/metric-paths.js';
import { closestName, didYouMean } from './errors.js';
import type { Findings } from './findings.js';

/** One repair per wrong segment; a path has at most four segments. */
const MAX_REPAIRS = 4;

/** The valid path reached by replacing each wrong segment with a close match, if there is one. */
export function suggestMetric(metric: string, context: MetricContext): string | undefined {
  let candidate = metric;
  for (let repairs = 0; repairs <= MAX_REPAIRS; repairs++) {
    const check = checkMetricPath(candidate, context);
    if (check.ok) return candidate === metric ? undefined : candidate;
    const fix = check.segment === '' ? undefined : closestName(check.segment, check.options);
    if (fix === undefined) return undefined;
    candidate = check.before + fix + check.after;
  }
  return undefined;
}

/** `instanceIds` are the ids after Count expansion, or null when the instances are invalid and any id goes. */
export function metricRule(f: Findings, index: number, instanceIds: ReadonlySet<string> | null): void {
  const path = ['Expect', index, 'Metric'];
  if (!f.has(path) || !f.clean(path)) return;
  const metric = String(f.at(path));
  const context = { instanceIds };
  const check = checkMetricPath(metric, context);
  if (check.ok) return;
  const message = `unknown metric "${metric}"${didYouMean(suggestMetric(metric, context))}`;
  f.withActual(path, { message, anchor: 'value', expected: check.expected });
}
