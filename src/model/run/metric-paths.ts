// The one grammar of `Expect[].Metric` paths: which numbers of the `--format json` summary an
// assertion may name. Scenario validation checks paths with it at load; evaluation walks with it.

import { REASONS } from '../outcome.js';

/** Keys from an open set: any status code, any reason, the run's instance ids, incident numbers. */
export type OpenKey = 'status' | 'reason' | 'instance' | 'incident';

/** One step into the summary: a fixed key, or a key from an open set (which says how to look it up). */
export interface MetricStep {
  key: string;
  kind: 'field' | OpenKey;
}

interface Branch {
  /** Fixed keys; null marks a number, where a path must end. */
  readonly fields: ReadonlyMap<string, Branch | null>;
  readonly open?: { readonly key: OpenKey; readonly then: Branch | null };
}

const branch = (fields: Record<string, Branch | null>, open?: Branch['open']): Branch =>
  open === undefined ? { fields: new Map(Object.entries(fields)) } : { fields: new Map(Object.entries(fields)), open };
const leaves = (...names: string[]): Record<string, null> => Object.fromEntries(names.map((name) => [name, null]));
const numbers = (...names: string[]): Branch => branch(leaves(...names));

// Mirrors JsonSummary in report/machine/summary-json.ts; arrays are addressed by instance id or incident number.
const SUMMARY = branch({
  seed: null,
  duration: null,
  warmup: null,
  requests: numbers('total', 'inFlightAtEnd', 'attempts', 'attemptsPerRequest', 'routedUnhealthy'),
  statusCounts: branch({}, { key: 'status', then: null }),
  gatewayErrors: branch({ total: null, byReason: branch({}, { key: 'reason', then: numbers('count', 'status') }) }),
  backend5xx: null,
  latency: numbers('count', 'mean', 'p50', 'p90', 'p99', 'max'),
  instances: branch(
    {},
    {
      key: 'instance',
      then: branch({ ...leaves('requests', 'responses', 'backend5xx', 'gatewayErrors', 'probes', 'probesFailed'), transitions: numbers('count') }),
    },
  ),
  incidents: branch({ count: null }, { key: 'incident', then: numbers('count', 'status', 'start', 'end', 'detectedAt', 'detectionLag') }),
});

export const METRIC_PATH_EXPECTED = 'a path in the JSON summary such as gatewayErrors.total, latency.p99, statusCounts.503';

/** What the grammar needs to know of the run. */
export interface MetricContext {
  /** Instance ids after Count expansion; null accepts any id (when the instances themselves are invalid). */
  instanceIds: ReadonlySet<string> | null;
}

export type MetricPathCheck =
  | { ok: true; steps: MetricStep[] }
  | {
      ok: false;
      /** `path === before + segment + after`: the valid beginning, the first wrong segment, the rest. */
      before: string;
      segment: string;
      after: string;
      /** Keys that would be valid in the wrong segment's place, for "did you mean". */
      options: readonly string[];
      expected: string;
    };

/** Status codes and reasons that did not occur are absent from the summary but read as 0. */
export const isZeroWhenAbsent = (step: MetricStep): boolean => step.kind === 'status' || step.kind === 'reason';

const MAX_LISTED_IDS = 8;

function openKeyMatches(key: OpenKey, segment: string, context: MetricContext): boolean {
  switch (key) {
    case 'status':
      return /^[1-5]\d\d$/.test(segment);
    case 'reason':
      return (REASONS as readonly string[]).includes(segment);
    case 'instance':
      return segment !== '' && (context.instanceIds === null || context.instanceIds.has(segment));
    case 'incident':
      return /^[1-9]\d*$/.test(segment);
  }
}

function openKeyHelp(key: OpenKey, context: MetricContext): { options: string[]; expected: string } {
  switch (key) {
    case 'status':
      return { options: [], expected: 'statusCounts.<status> with a status code 100–599' };
    case 'reason':
      return { options: [...REASONS], expected: `a reason: one of ${REASONS.join(', ')}` };
    case 'instance': {
      const ids = [...(context.instanceIds ?? [])];
      const listed = ids.slice(0, MAX_LISTED_IDS).join(', ') + (ids.length > MAX_LISTED_IDS ? ', …' : '');
      return { options: ids, expected: ids.length === 0 ? 'an instance id, but there are no instances' : `an instance id: one of ${listed}` };
    }
    case 'incident':
      return { options: [], expected: 'incidents.count or incidents.<n>.<field> with an incident number n ≥ 1' };
  }
}

/** The segment starting at `at`: up to the next dot, or a whole instance id that itself contains dots. */
function segmentAt(path: string, at: number, key: OpenKey | undefined, context: MetricContext): string {
  const dot = path.indexOf('.', at);
  const plain = path.slice(at, dot < 0 ? undefined : dot);
  if (key !== 'instance' || context.instanceIds === null) return plain;
  // Ids may contain dots ("web.1"): the longest id that ends at a dot or at the end wins.
  let longest = plain;
  for (const id of context.instanceIds) {
    const fits = path.startsWith(id, at) && (at + id.length === path.length || path[at + id.length] === '.');
    if (id.length > longest.length && fits) longest = id;
  }
  return longest;
}

/** A path that stops at a group (`latency`) is shown the numbers under it. */
function deeperPaths(group: string, fields: ReadonlyMap<string, Branch | null>): string {
  const prefix = group.endsWith('.') ? group : `${group}.`;
  return `one of ${[...fields.keys()].map((key) => prefix + key).join(', ')}`;
}

/** The steps a metric path takes through the summary, or where and why it leaves the grammar. */
export function checkMetricPath(path: string, context: MetricContext): MetricPathCheck {
  const steps: MetricStep[] = [];
  let current: Branch | null = SUMMARY;
  // Offset of the next segment; segments after the first follow a dot.
  let start = 0;
  for (;;) {
    if (current === null) {
      if (start > path.length) return { ok: true, steps };
      // A number cannot be stepped into: everything after it is the wrong part.
      return { ok: false, before: path.slice(0, start), segment: path.slice(start), after: '', options: [], expected: METRIC_PATH_EXPECTED };
    }
    const { fields, open }: Branch = current;
    const segment = start > path.length ? '' : segmentAt(path, start, open?.key, context);
    const fixed: Branch | null | undefined = fields.get(segment);
    let next: Branch | null;
    if (fixed !== undefined) {
      steps.push({ key: segment, kind: 'field' });
      next = fixed;
    } else if (open !== undefined && openKeyMatches(open.key, segment, context)) {
      steps.push({ key: segment, kind: open.key });
      next = open.then;
    } else {
      const help = open === undefined ? null : openKeyHelp(open.key, context);
      const before = path.slice(0, Math.min(start, path.length));
      const options = [...fields.keys(), ...(help?.options ?? [])];
      const expected = help?.expected ?? (start >= path.length && start > 0 ? deeperPaths(before, fields) : METRIC_PATH_EXPECTED);
      return { ok: false, before, segment, after: path.slice(start + segment.length), options, expected };
    }
    current = next;
    start += segment.length + 1;
  }
}
