// Evaluates a scenario's `Expect` list against the JSON summary. Metric paths address that
// summary (`gatewayErrors.byReason.NoHealthyInstances.count`, `statusCounts.502`,
// `incidents.count`, `instances.i-1.requests`); counts that never happened read as 0.

import type { ExpectationConfig } from '../model/config.js';
import { REASONS } from '../model/outcome.js';

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
    const passed =
      actual !== null &&
      (expectation.min === null || actual >= expectation.min) &&
      (expectation.max === null || actual <= expectation.max) &&
      (expectation.equals === null || actual === expectation.equals);
    return { metric: expectation.metric, name: expectation.name, passed, actual, expected: describeBound(expectation) };
  });
}

export function describeBound(expectation: ExpectationConfig): string {
  const parts: string[] = [];
  if (expectation.equals !== null) parts.push(`= ${expectation.equals}`);
  if (expectation.min !== null) parts.push(`>= ${expectation.min}`);
  if (expectation.max !== null) parts.push(`<= ${expectation.max}`);
  return parts.join(' and ');
}

/** The number at a metric path, or null when the path does not exist. */
export function metricValue(summary: Record<string, unknown>, metric: string): number | null {
  const parts = metric.split('.');
  let node: unknown = summary;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (Array.isArray(node)) {
      if (part === 'count' && i === parts.length - 1) return node.length;
      node = node.find((item) => isRecord(item) && (item.id === part || String(item.number) === part));
      continue;
    }
    if (!isRecord(node)) return null;
    if (!(part in node)) return zeroForOpenKey(parts.slice(0, i), part) ? 0 : null;
    node = node[part];
  }
  return typeof node === 'number' ? node : null;
}

/** Status codes and reasons that simply did not occur are zero, not unknown paths. */
function zeroForOpenKey(parentPath: string[], key: string): boolean {
  const parent = parentPath.join('.');
  if (parent === 'statusCounts') return /^[1-5]\d\d$/.test(key);
  if (parent === 'gatewayErrors.byReason') return (REASONS as readonly string[]).includes(key);
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
