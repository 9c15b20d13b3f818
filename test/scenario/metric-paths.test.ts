// `Expect[].Metric` paths: checked at load against the one grammar of the JSON summary, with a
// "did you mean"; and every path the grammar accepts reads a number from a real run's summary.

import { beforeEach, describe, expect, it } from 'vitest';
import { checkMetricPath } from '../../src/model/run/metric-paths.js';
import { metricValue } from '../../src/report/machine/expectations.js';
import { toJsonSummary } from '../../src/report/machine/summary-json.js';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import type { ResolvedScenario } from '../../src/scenario/resolved.js';
import { simulate } from '../../src/simulate.js';

type Doc = Record<string, unknown>;

const BASE = { LoadBalancerName: 'lb', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }] };
const expecting = (metric: string, extra: Doc = {}) => ({ ...BASE, ...extra, Expect: [{ Metric: metric, Max: 1 }] });

function lines(value: unknown): string[] {
  const result = parseScenarioText(JSON.stringify(value, null, 2), 'bad.json');
  return result.ok ? [] : result.errors.map(formatScenarioError);
}

function load(value: unknown): ResolvedScenario {
  const result = parseScenarioText(JSON.stringify(value, null, 2), 'ok.json');
  if (!result.ok) throw new Error(result.errors.map(formatScenarioError).join('\n'));
  return result.scenario;
}

const GENERIC = 'a path in the JSON summary such as gatewayErrors.total, latency.p99, statusCounts.503';
const REASON_LIST = 'NoRegisteredInstances, NoHealthyInstances, ConnectRefused, ConnectTimeout, ResponseTimeout, UpstreamReset, KeepAliveRace, MalformedResponse, SurgeQueueFull';
const WEB = { Instances: [{ InstanceId: 'web', Count: 3 }] };

describe('Expect[].Metric at load', () => {
  it.each<[string, unknown, string]>([
    ['a misspelt field', expecting('gatewayErrors.totl'),
      `bad.json:12:17 Expect[0].Metric: unknown metric "gatewayErrors.totl"; did you mean "gatewayErrors.total"? (expected ${GENERIC}, got "gatewayErrors.totl")`],
    ['a misspelt group', expecting('statusCount.503'),
      `bad.json:12:17 Expect[0].Metric: unknown metric "statusCount.503"; did you mean "statusCounts.503"? (expected ${GENERIC}, got "statusCount.503")`],
    ['wrong case', expecting('GatewayErrors.Total'),
      `bad.json:12:17 Expect[0].Metric: unknown metric "GatewayErrors.Total"; did you mean "gatewayErrors.total"? (expected ${GENERIC}, got "GatewayErrors.Total")`],
    ['two misspelt segments', expecting('gatewayErrors.byReason.NoHealthyInstance.cuont'),
      `bad.json:12:17 Expect[0].Metric: unknown metric "gatewayErrors.byReason.NoHealthyInstance.cuont"; did you mean "gatewayErrors.byReason.NoHealthyInstances.count"? (expected a reason: one of ${REASON_LIST}, got "gatewayErrors.byReason.NoHealthyInstan…)`],
    // The grammar's longest paths have four segments: one repair each, then the repaired path checked.
    ['all four segments misspelt', expecting('gatewayErrrs.byReasn.KeepAliveRaec.cont'),
      `bad.json:12:17 Expect[0].Metric: unknown metric "gatewayErrrs.byReasn.KeepAliveRaec.cont"; did you mean "gatewayErrors.byReason.KeepAliveRace.count"? (expected ${GENERIC}, got "gatewayErrrs.byReasn.KeepAliveRaec.con…)`],
    ['a status outside 100–599', expecting('statusCounts.600'),
      'bad.json:12:17 Expect[0].Metric: unknown metric "statusCounts.600" (expected statusCounts.<status> with a status code 100–599, got "statusCounts.600")'],
    ['an instance that does not exist', expecting('instances.i-3.requests'),
      'bad.json:12:17 Expect[0].Metric: unknown metric "instances.i-3.requests"; did you mean "instances.i-1.requests"? (expected an instance id: one of i-1, i-2, got "instances.i-3.requests")'],
    ['a Count group instead of its members', expecting('instances.web.requests', WEB),
      'bad.json:18:17 Expect[0].Metric: unknown metric "instances.web.requests" (expected an instance id: one of web-1, web-2, web-3, got "instances.web.requests")'],
    ['a path that stops at a group', expecting('instances.i-1.transitions'),
      'bad.json:12:17 Expect[0].Metric: unknown metric "instances.i-1.transitions" (expected one of instances.i-1.transitions.count, got "instances.i-1.transitions")'],
    ['incident 0', expecting('incidents.0.count'),
      'bad.json:12:17 Expect[0].Metric: unknown metric "incidents.0.count" (expected incidents.count or incidents.<n>.<field> with an incident number n ≥ 1, got "incidents.0.count")'],
    ['a key of the summary that is not a number', expecting('scenario'),
      `bad.json:12:17 Expect[0].Metric: unknown metric "scenario" (expected ${GENERIC}, got "scenario")`],
    ['a step past a number', expecting('backend5xx.count'),
      `bad.json:12:17 Expect[0].Metric: unknown metric "backend5xx.count" (expected ${GENERIC}, got "backend5xx.count")`],
    ['an inherited property name', expecting('instances.constructor.requests'),
      'bad.json:12:17 Expect[0].Metric: unknown metric "instances.constructor.requests" (expected an instance id: one of i-1, i-2, got "instances.constructor.requests")'],
  ])('%s', (_name, value, want) => {
    expect(lines(value)).toEqual([want]);
  });

  it('is checked inside `aws elb describe-load-balancers` output too', () => {
    expect(lines({ LoadBalancerDescriptions: [expecting('latency.p999')] })).toEqual([
      'bad.json:14:21 LoadBalancerDescriptions[0].Expect[0].Metric: unknown metric "latency.p999"; did you mean "latency.p99"? ' +
        `(expected ${GENERIC}, got "latency.p999")`,
    ]);
  });

  it('a missing or mistyped Metric gets its own error only, not an unknown metric too', () => {
    expect(lines({ ...BASE, Expect: [{ Max: 1 }] })).toEqual(['bad.json:11:5 Expect[0].Metric: missing required key (expected a metric name)']);
    expect(lines({ ...BASE, Expect: [{ Metric: 5, Max: 1 }] })).toEqual(['bad.json:12:17 Expect[0].Metric: wrong type (expected a metric name, got 5)']);
  });

  it('does not blame the metric when the instances themselves are invalid', () => {
    const value = expecting('instances.web-1.requests', { Instances: [{ InstanceId: 'a' }, { InstanceId: 'a' }] });
    expect(lines(value)).toEqual(['bad.json:15:21 Instances[1].InstanceId: instance id "a" is already used by Instances[0]']);
  });

  it.each([
    'seed', 'duration', 'warmup', 'requests.total', 'requests.inFlightAtEnd', 'statusCounts.100', 'statusCounts.599',
    'gatewayErrors.total', 'gatewayErrors.byReason.SurgeQueueFull.count', 'gatewayErrors.byReason.ConnectRefused.status', 'backend5xx',
    'latency.count', 'latency.mean', 'latency.p50', 'latency.p90', 'latency.p99', 'latency.max',
    'instances.web-2.requests', 'instances.web-3.probesFailed', 'instances.web-1.transitions.count',
    'incidents.count', 'incidents.1.count', 'incidents.12.detectionLag',
  ])('accepts %s', (metric) => {
    expect(lines(expecting(metric, WEB))).toEqual([]);
  });
});

describe('the grammar and the summary agree', () => {
  // Run inside each test (not when the suite is collected), so per-test coverage sees it.
  const run = () => {
    const scenario = load({
      ...BASE,
      Duration: '3m',
      HealthCheck: { Target: 'HTTP:80/ping', Interval: 10, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 2 },
      Instances: [{ InstanceId: 'web.a' }, { InstanceId: 'web', Count: 2 }],
      Traffic: { Rate: 20 },
      Events: [{ At: '30s', Instance: 'web.a', Fault: 'hang' }],
    });
    return toJsonSummary(simulate(scenario)) as unknown as Record<string, unknown>;
  };
  let summary: Record<string, unknown>;
  beforeEach(() => {
    summary = run();
  });

  it('reads a number for every kind of path the grammar accepts, dotted instance ids included', () => {
    const metrics = [
      'seed', 'duration', 'warmup', 'requests.total', 'requests.inFlightAtEnd', 'statusCounts.200', 'statusCounts.418',
      'gatewayErrors.total', 'gatewayErrors.byReason.KeepAliveRace.count', 'backend5xx',
      'latency.count', 'latency.mean', 'latency.p50', 'latency.p90', 'latency.p99', 'latency.max',
      'instances.web.a.requests', 'instances.web.a.responses', 'instances.web.a.backend5xx', 'instances.web.a.gatewayErrors',
      'instances.web.a.probes', 'instances.web.a.probesFailed', 'instances.web.a.transitions.count', 'instances.web-2.requests',
      'incidents.count', 'incidents.1.count', 'incidents.1.status', 'incidents.1.start', 'incidents.1.end',
    ];
    const ids = new Set(['web.a', 'web-1', 'web-2']);
    for (const metric of metrics) expect(checkMetricPath(metric, { instanceIds: ids }).ok, metric).toBe(true);
    const unread = metrics.filter((metric) => typeof metricValue(summary, metric) !== 'number');
    expect(unread).toEqual([]);
    expect(metricValue(summary, 'instances.web.a.transitions.count')).toBeGreaterThan(0);
    expect(metricValue(summary, 'statusCounts.418')).toBe(0);
  });

  it('reads nothing for paths outside the grammar, even where the summary has a value', () => {
    for (const metric of ['instances.count', 'incidents.1.instances.count', 'scenario', 'instances.web.a.zone']) {
      expect(metricValue(summary, metric), metric).toBeNull();
    }
  });
});
