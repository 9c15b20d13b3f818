// Resolution of `Events`: targets by Instance, AvailabilityZone and Fraction become instance ids in
// pool order, and every fault's parameters are complete, with each new fault's own defaults.

import { describe, expect, it } from 'vitest';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { fractionCount } from '../../src/scenario/pool.js';
import type { ResolvedScenario } from '../../src/scenario/resolved.js';

const LISTENERS = [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 8080 }];
const NEUTRAL = { factor: 1, addMs: 0, probability: 1, status: 500, capacity: 1, batchSize: 1, restartMs: 0, deregister: false };

function resolved(extra: Record<string, unknown>): ResolvedScenario {
  const result = parseScenarioText(JSON.stringify({ LoadBalancerName: 'lb', Listeners: LISTENERS, ...extra }, null, 2), 'scenarios/example.json');
  if (!result.ok) throw new Error(result.errors.map(formatScenarioError).join('\n'));
  return result.scenario;
}

/** Each event's instance ids, in file order (all events are at the same time, so sorting keeps it). */
const targetsOf = (extra: Record<string, unknown>) => resolved(extra).events.map((event) => event.instanceIds);

const FIVE = { Instances: [{ InstanceId: 'a' }, { InstanceId: 'web', Count: 3 }, { InstanceId: 'b' }] };

describe('targets', () => {
  it('Fraction takes the first ⌈f × N⌉ instances in pool order: 5 instances, 0.5 → the first 3', () => {
    const events = [0.5, 1, 0.2, 0.01, 0.61].map((Fraction) => ({ At: '1m', Fraction, Fault: 'crash' }));
    expect(targetsOf({ ...FIVE, Events: events })).toEqual([
      ['a', 'web-1', 'web-2'],
      ['a', 'web-1', 'web-2', 'web-3', 'b'],
      ['a'],
      ['a'],
      ['a', 'web-1', 'web-2', 'web-3'],
    ]);
  });

  it('Fraction of the default pool', () => {
    expect(targetsOf({ Events: [{ At: 0, Fraction: 0.5, Fault: 'overload' }] })).toEqual([['i-1']]);
  });

  it('fractionCount ignores floating-point noise: 0.1 × 30 is 3, not 4', () => {
    expect([fractionCount(0.1, 30), fractionCount(0.7, 10), fractionCount(0.5, 5), fractionCount(1e-9, 3), fractionCount(1, 7)]).toEqual([3, 7, 3, 1, 7]);
  });

  it('AvailabilityZone takes every instance of the zone, explicit or assigned round-robin, in pool order', () => {
    const scenario = resolved({
      AvailabilityZones: ['z-a', 'z-b'],
      Instances: [{ InstanceId: 'web', Count: 3 }, { InstanceId: 'db', AvailabilityZone: 'z-b' }, { InstanceId: 'cache', AvailabilityZone: 'z-c' }],
      Events: [
        { At: 0, AvailabilityZone: 'z-b', Fault: 'hang' },
        { At: 0, AvailabilityZone: 'z-a', Fault: 'health-lie' },
        { At: 0, AvailabilityZone: 'z-c', Fault: 'recover' },
      ],
    });
    expect(scenario.events.map((event) => event.instanceIds)).toEqual([['web-2', 'db'], ['web-1', 'web-3'], ['cache']]);
    expect(scenario.instances.map((instance) => instance.zone)).toEqual(['z-a', 'z-b', 'z-a', 'z-b', 'z-c']);
  });

  it('AvailabilityZone of the default pool', () => {
    expect(targetsOf({ Events: [{ At: 0, AvailabilityZone: 'us-east-1b', Fault: 'crash' }] })).toEqual([['i-2']]);
  });

  it('an Instance list comes out in pool order, groups expanded, duplicates once', () => {
    expect(targetsOf({ ...FIVE, Events: [{ At: 0, Instance: ['b', 'web-3', 'web', 'a'], Fault: 'reset' }] })).toEqual([['a', 'web-1', 'web-2', 'web-3', 'b']]);
  });
});

describe('parameters', () => {
  const paramsOf = (events: Array<Record<string, unknown>>) =>
    resolved({ Events: events.map((event) => ({ At: 0, Instance: 'i-1', ...event })) }).events.map((event) => [event.fault, event.params]);

  it('each new fault without parameters: its defaults, neutral values elsewhere', () => {
    expect(paramsOf(['reset', 'malformed', 'health-fail', 'health-lie', 'overload'].map((Fault) => ({ Fault })))).toEqual([
      ['reset', NEUTRAL],
      ['malformed', NEUTRAL],
      ['health-fail', NEUTRAL],
      ['health-lie', NEUTRAL],
      ['overload', { ...NEUTRAL, capacity: 0.5 }],
    ]);
  });

  it('each new fault with its parameters', () => {
    expect(paramsOf([
      { Fault: 'reset', Probability: 0.25 },
      { Fault: 'malformed', Probability: 0.5 },
      { Fault: 'health-fail', Status: 404 },
      { Fault: 'health-lie', Status: 503 },
      { Fault: 'overload', Capacity: 0.125 },
    ])).toEqual([
      ['reset', { ...NEUTRAL, probability: 0.25 }],
      ['malformed', { ...NEUTRAL, probability: 0.5 }],
      ['health-fail', { ...NEUTRAL, status: 404 }],
      ['health-lie', { ...NEUTRAL, status: 503 }],
      ['overload', { ...NEUTRAL, capacity: 0.125 }],
    ]);
  });

  it('the existing faults keep full capacity', () => {
    expect(paramsOf([{ Fault: 'crash' }, { Fault: 'slow', Factor: 2, Add: '10ms' }, { Fault: 'errors', Status: 502 }])).toEqual([
      ['crash', NEUTRAL],
      ['slow', { ...NEUTRAL, factor: 2, addMs: 10 }],
      ['errors', { ...NEUTRAL, status: 502 }],
    ]);
  });

  it('deploy: one at a time, 30 s down, deregistered first, unless the file says otherwise', () => {
    expect(paramsOf([{ Fault: 'deploy' }, { Fault: 'deploy', BatchSize: 2, RestartTime: '1m30s', Deregister: false }])).toEqual([
      ['deploy', { ...NEUTRAL, batchSize: 1, restartMs: 30_000, deregister: true }],
      ['deploy', { ...NEUTRAL, batchSize: 2, restartMs: 90_000, deregister: false }],
    ]);
    expect(resolved({ Events: [{ At: '1m', Instance: 'i-1', Fault: 'deploy' }] }).events[0]!.durationMs).toBeNull();
  });
});
