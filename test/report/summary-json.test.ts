// The `--format json` summary: its documented keys in order, units in seconds, status and
// reason ordering, incidents, and identical output for the same run.
import { describe, expect, it } from 'vitest';
import { toJsonSummary } from '../../src/report/machine/summary-json.js';
import { hangRun, quietRun } from './fixtures.js';

describe('toJsonSummary', () => {
  it('has exactly the documented top-level keys, in order', () => {
    expect(Object.keys(toJsonSummary(hangRun()))).toEqual([
      'scenario',
      'description',
      'seed',
      'profile',
      'profileOverrides',
      'loadBalancer',
      'nodes',
      'crossZone',
      'duration',
      'warmup',
      'requests',
      'statusCounts',
      'gatewayErrors',
      'backend5xx',
      'latency',
      'instances',
      'incidents',
      'expectations',
    ]);
  });

  it('has the documented nested keys, in order', () => {
    const summary = toJsonSummary(hangRun());
    expect(Object.keys(summary.requests)).toEqual(['total', 'inFlightAtEnd', 'attempts', 'attemptsPerRequest', 'routedUnhealthy']);
    expect(Object.keys(summary.gatewayErrors)).toEqual(['total', 'byReason']);
    expect(Object.keys(summary.latency)).toEqual(['count', 'mean', 'p50', 'p90', 'p99', 'max']);
    const instance = summary.instances[0];
    expect(Object.keys(instance ?? {})).toEqual(['id', 'zone', 'requests', 'responses', 'backend5xx', 'gatewayErrors', 'probes', 'probesFailed', 'transitions', 'actual']);
    expect(Object.keys(instance?.transitions[0] ?? {})).toEqual(['t', 'node', 'from', 'to', 'native', 'reason']);
    expect(Object.keys(instance?.actual[0] ?? {})).toEqual(['t', 'state', 'fault']);
    expect(Object.keys(summary.incidents[0] ?? {})).toEqual(['number', 'start', 'end', 'status', 'reason', 'count', 'instances', 'faults', 'cause', 'detectedAt', 'detectionLag', 'node']);
    expect(Object.keys(summary.gatewayErrors.byReason.NoHealthyInstances ?? {})).toEqual(['status', 'count', 'label', 'otherProfiles']);
  });

  it('converts times to seconds and keeps the figures', () => {
    const summary = toJsonSummary(hangRun());
    expect(summary).toMatchObject({
      scenario: 'seed-elb-health-check',
      seed: 1,
      profile: 'aws-clb',
      loadBalancer: 'my-load-balancer',
      duration: 600,
      warmup: 0,
      requests: { total: 12_000, inFlightAtEnd: 0, attempts: 12_000, attemptsPerRequest: 1, routedUnhealthy: 0 },
      latency: { count: 11_760, mean: 1.92, p50: 0.048, p90: 0.21, p99: 60, max: 60 },
    });
    expect(summary.instances[0]?.transitions[0]).toEqual({
      t: 155,
      node: 'lb',
      from: 'InService',
      to: 'OutOfService',
      native: 'OutOfService',
      reason: 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.',
    });
    expect(summary.instances[0]?.actual[1]).toEqual({ t: 120, state: 'hung', fault: 0 });
  });

  it('orders status counts numerically and reasons in taxonomy order, with other profiles', () => {
    const summary = toJsonSummary(hangRun());
    expect(Object.keys(summary.statusCounts)).toEqual(['200', '503', '504']);
    expect(Object.keys(summary.gatewayErrors.byReason)).toEqual(['NoHealthyInstances', 'ResponseTimeout']);
    expect(summary.gatewayErrors.byReason.NoHealthyInstances).toEqual({
      status: 503,
      count: 2_450,
      label: 'no healthy instances',
      otherProfiles: { 'aws-alb': null, nginx: 502, haproxy: 503, envoy: null },
    });
  });

  it('describes incidents with the cause sentence and the detection lag in seconds', () => {
    const incident = toJsonSummary(hangRun()).incidents[1];
    expect(incident).toMatchObject({ number: 2, start: 180, end: 221, status: 504, reason: 'ResponseTimeout', count: 240, instances: ['i-1', 'i-2'], faults: [0], detectedAt: 161, detectionLag: 41 });
    expect(incident?.cause).toMatch(/^i-1 and i-2 stopped answering at 2m00s/);
  });

  it('passes expectations through and defaults to none', () => {
    expect(toJsonSummary(quietRun()).expectations).toEqual([]);
    const expectations = [{ metric: 'gatewayErrors.total', passed: false, actual: 2_690 }];
    expect(toJsonSummary(hangRun(), expectations).expectations).toEqual(expectations);
  });

  it('prints the same JSON for the same run', () => {
    expect(JSON.stringify(toJsonSummary(hangRun()))).toBe(JSON.stringify(toJsonSummary(hangRun())));
    expect(toJsonSummary(quietRun()).incidents).toEqual([]);
    expect(toJsonSummary(quietRun()).gatewayErrors).toEqual({ total: 0, byReason: {} });
  });
});
