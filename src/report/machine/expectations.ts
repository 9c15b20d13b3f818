// Evaluates a scenario's `Expect` list against the JSON summary, walking each metric path by the
// grammar in model/run/metric-paths.ts (the one validation checks at load); counts that never happened read as 0.

import type { ExpectationConfig } from '../../model/config.js';
import { checkMetricPath, isZeroWhenAbsent, type MetricStep } from '../../model/run/metric-paths.js';

export interface ExpectationResult {
  metric: string;
  name: string | null;
  passed: boolean;
  /** The value found; null when the path names nothing. */
  actual: number | null;
  expected: string;
}

export function evaluateExpectations(summary: Record<string, unknown>, expectations: readonly ExpectationConfig[]): ExpectationResult[] {
  return expectations.map((expectation) => {
    const actual = metricValue(summary, expectation.metric);
    const passed = meetsBound(expectation, actual);
    return { metric: expectation.metric, name: expectation.name, passed, actual, expected: describeBound(expectation) };
  });
}

/** Whether a value meets every bound the expectation gives; a path that named nothing never does. */
export function meetsBound(expectation: ExpectationConfig, actual: number | null): boolean {
  return (
    actual !== null &&
    (expectation.min === null || actual >= expectation.min) &&
    (expectation.max === null || actual <= expectation.max) &&
    (expectation.equals === null || actual === expectation.equals)
  );
}

export function describeBound(expectation: ExpectationConfig): string {
  const parts: string[] = [];
  if (expectation.equals !== null) parts.push(`= ${expectation.equals}`);
  if (expectation.min !== null) parts.push(`>= ${expectation.min}`);
  if (expectation.max !== null) parts.push(`<= ${expectation.max}`);
  return parts.join(' and ');
}

/** The number at a metric path, or null when the path is outside the grammar or names nothing in this run. */
export function metricValue(summary: Record<string, unknown>, metric: string): number | null {
  const check = checkMetricPath(metric, { instanceIds: instanceIdsOf(summary) });
  if (!check.ok) return null;
  let node: unknown = summary;
  for (const step of check.steps) {
    if (Array.isArray(node)) node = arrayStep(node, step);
    else if (!isRecord(node)) return null;
    else if (!Object.hasOwn(node, step.key)) return isZeroWhenAbsent(step) ? 0 : null;
    else node = node[step.key];
  }
  return typeof node === 'number' ? node : null;
}

/** Lists are addressed by instance id or incident number; `count` is their length. */
function arrayStep(items: unknown[], step: MetricStep): unknown {
  if (step.kind === 'instance') return items.find((item) => isRecord(item) && item['id'] === step.key);
  if (step.kind === 'incident') return items.find((item) => isRecord(item) && String(item['number']) === step.key);
  return step.key === 'count' ? items.length : undefined;
}

/** Ids as the summary lists them, so ids containing dots split correctly. */
function instanceIdsOf(summary: Record<string, unknown>): Set<string> | null {
  const instances = summary['instances'];
  if (!Array.isArray(instances)) return null;
  return new Set(instances.flatMap((item) => (isRecord(item) && typeof item['id'] === 'string' ? [item['id']] : [])));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
