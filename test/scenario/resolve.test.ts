// Resolution: every default applied in one place, Count groups expanded, events aimed at
// instance ids and sorted, durations in milliseconds.

import { describe, expect, it } from 'vitest';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import type { ResolvedScenario } from '../../src/scenario/resolved.js';

const LISTENERS = [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 8080 }];

function resolved(value: unknown, file = 'scenarios/example.json'): ResolvedScenario {
  const result = parseScenarioText(JSON.stringify(value, null, 2), file);
  if (!result.ok) throw new Error(result.errors.map(formatScenarioError).join('\n'));
  return result.scenario;
}

describe('defaults', () => {
  const bare = (listeners: unknown[], extra: Record<string, unknown> = {}) => resolved({ LoadBalancerName: 'lb', Listeners: listeners, ...extra });

  it('HealthCheck: the AWS API defaults, TCP on the first listener instance port', () => {
    expect(bare(LISTENERS).healthCheck).toEqual({
      target: 'TCP:8080', protocol: 'TCP', port: 8080, path: '',
      intervalMs: 30_000, timeoutMs: 5_000, unhealthyThreshold: 2, healthyThreshold: 10, probeServiceTimeMs: 1,
    });
    expect(bare(LISTENERS, { HealthCheck: { Interval: 10 } }).healthCheck.healthyThreshold).toBe(10);
  });

  it.each([
    ['HTTP', 'least-outstanding'],
    ['HTTPS', 'least-outstanding'],
    ['TCP', 'round-robin'],
    ['SSL', 'round-robin'],
  ])('Algorithm for a first listener on %s: %s', (protocol, algorithm) => {
    const listeners = [{ Protocol: protocol, LoadBalancerPort: 443, InstancePort: 443 }, { Protocol: 'TCP', LoadBalancerPort: 22, InstancePort: 22 }];
    expect(bare(listeners).balancer.algorithm).toBe(algorithm);
  });

  it('an explicit Algorithm wins; InstanceProtocol defaults to Protocol', () => {
    const scenario = bare([{ Protocol: 'SSL', LoadBalancerPort: 443, InstancePort: 443 }], { Balancing: { Algorithm: 'random', Retries: 2 } });
    expect([scenario.balancer.algorithm, scenario.balancer.retries, scenario.balancer.listeners[0]?.instanceProtocol]).toEqual(['random', 2, 'SSL']);
  });

  it('every instance field', () => {
    expect(bare(LISTENERS, { Instances: [{ InstanceId: 'a' }] }).instances).toEqual([
      { id: 'a', zone: 'us-east-1a', concurrency: 8, backlog: 128, serviceTime: { distribution: 'exponential', meanMs: 50 }, keepAliveTimeoutMs: 5_000, weight: 1, initialState: 'InService', registered: true },
    ]);
  });

  it('scenario-level fields, and the name of an inline scenario', () => {
    const scenario = resolved({ LoadBalancerName: 'lb', Listeners: LISTENERS, LoadBalancerAttributes: { ConnectionSettings: { IdleTimeout: '2m' } } }, '<inline>');
    expect([scenario.name, scenario.description, scenario.seed, scenario.durationMs, scenario.warmupMs, scenario.balancer.idleTimeoutMs]).toEqual(['lb', '', 1, 600_000, 0, 120_000]);
    expect(resolved({ LoadBalancerName: 'lb', Listeners: LISTENERS }, 'C:\\lessons\\crash.JSON').name).toBe('crash');
  });

  it('default instances follow AvailabilityZones when given', () => {
    expect(bare(LISTENERS, { AvailabilityZones: ['eu-west-1c'] }).instances.map((i) => i.zone)).toEqual(['eu-west-1c', 'eu-west-1c']);
  });
});

describe('resolution', () => {
  it('expands Count groups to <InstanceId>-1 … -n, spreading zones and copying settings', () => {
    const scenario = resolved({
      LoadBalancerName: 'lb', Listeners: LISTENERS, AvailabilityZones: ['z-a', 'z-b'],
      Instances: [
        { InstanceId: 'web', Count: 3, Concurrency: 2, ServiceTime: { Distribution: 'uniform', Min: '10ms', Max: 0.02 } },
        { InstanceId: 'db', AvailabilityZone: 'z-c', KeepAliveTimeout: '65s', Weight: 2.5, InitialState: 'OutOfService', ServiceTime: { Distribution: 'lognormal', Mean: '1.5s' } },
      ],
    });
    expect(scenario.instances.map((i) => [i.id, i.zone, i.concurrency])).toEqual([
      ['web-1', 'z-a', 2], ['web-2', 'z-b', 2], ['web-3', 'z-a', 2], ['db', 'z-c', 8],
    ]);
    expect(scenario.instances[0]?.serviceTime).toEqual({ distribution: 'uniform', minMs: 10, maxMs: 20 });
    expect(scenario.instances[3]).toMatchObject({ keepAliveTimeoutMs: 65_000, weight: 2.5, initialState: 'OutOfService', serviceTime: { distribution: 'lognormal', meanMs: 1_500, sigma: 1 } });
  });

  it('a constant service time takes Mean or Value', () => {
    const scenario = resolved({ LoadBalancerName: 'lb', Listeners: LISTENERS, Instances: [
      { InstanceId: 'a', ServiceTime: { Distribution: 'constant', Value: '20ms' } },
      { InstanceId: 'b', ServiceTime: { Distribution: 'constant', Mean: 0.03 } },
    ] });
    expect(scenario.instances.map((i) => i.serviceTime)).toEqual([{ distribution: 'constant', meanMs: 20 }, { distribution: 'constant', meanMs: 30 }]);
  });

  it('targets every member of a Count group, once, and sorts events by time then file position', () => {
    const scenario = resolved({
      LoadBalancerName: 'lb', Listeners: LISTENERS,
      Instances: [{ InstanceId: 'web', Count: 3 }, { InstanceId: 'db' }],
      Events: [
        { At: '5m', Instance: ['web', 'web-2', 'db'], Fault: 'errors', Probability: 0.5 },
        { At: '1m', Instance: 'web', Fault: 'slow', Factor: 3, Duration: '30s' },
        { At: 60, Instance: 'db', Fault: 'hang' },
        { At: '6m', Instance: 'web-2', Fault: 'recover' },
      ],
    });
    expect(scenario.events).toEqual([
      { index: 1, atMs: 60_000, fault: 'slow', instanceIds: ['web-1', 'web-2', 'web-3'], durationMs: 30_000, params: { factor: 3, addMs: 0, probability: 1, status: 500, capacity: 1, batchSize: 1, restartMs: 0, deregister: false } },
      { index: 2, atMs: 60_000, fault: 'hang', instanceIds: ['db'], durationMs: null, params: { factor: 1, addMs: 0, probability: 1, status: 500, capacity: 1, batchSize: 1, restartMs: 0, deregister: false } },
      { index: 0, atMs: 300_000, fault: 'errors', instanceIds: ['web-1', 'web-2', 'web-3', 'db'], durationMs: null, params: { factor: 1, addMs: 0, probability: 0.5, status: 500, capacity: 1, batchSize: 1, restartMs: 0, deregister: false } },
      { index: 3, atMs: 360_000, fault: 'recover', instanceIds: ['web-2'], durationMs: null, params: { factor: 1, addMs: 0, probability: 1, status: 500, capacity: 1, batchSize: 1, restartMs: 0, deregister: false } },
    ]);
  });

  it('converts traffic, sorting the pattern by time', () => {
    const scenario = resolved({
      LoadBalancerName: 'lb', Listeners: LISTENERS,
      Traffic: { Rate: 200, Arrival: 'constant', Pattern: [{ At: '5m', Rate: 400 }, { At: '1m', Rate: 0 }], Requests: [{ Path: '/example', Weight: 3 }, { Method: 'POST', Path: '/another-example' }] },
    });
    expect(scenario.traffic).toEqual({
      rate: 200, arrival: 'constant',
      pattern: [{ atMs: 60_000, rate: 0 }, { atMs: 300_000, rate: 400 }],
      requests: [{ method: 'GET', path: '/example', weight: 3 }, { method: 'POST', path: '/another-example', weight: 1 }],
      clients: null,
    });
  });

  it('keeps expectations as parsed', () => {
    const scenario = resolved({ LoadBalancerName: 'lb', Listeners: LISTENERS, Expect: [{ Metric: 'gatewayErrors.total', Max: 2000 }, { Metric: 'incidents.count', Equals: 1, Name: 'one incident' }] });
    expect(scenario.expect).toEqual([
      { metric: 'gatewayErrors.total', min: null, max: 2000, equals: null, name: null },
      { metric: 'incidents.count', min: null, max: null, equals: 1, name: 'one incident' },
    ]);
  });
});
