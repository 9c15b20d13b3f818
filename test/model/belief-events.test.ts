// The health events tell the node's belief as it went: each `from` is the previous `to`, for NGINX
// Plus too, where the active checks and the passive max_fails accounting both move one belief.

import { describe, expect, it } from 'vitest';
import type { HealthCheckEvent, HealthEvent, SimEvent } from '../../src/model/run/events.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { simulate } from '../../src/simulate.js';

function runEvents(document: object): SimEvent[] {
  const loaded = parseScenarioText(JSON.stringify(document), 'belief-events.json');
  if (!loaded.ok) throw new Error(loaded.errors.map((error) => error.message).join('; '));
  const events: SimEvent[] = [];
  simulate(loaded.scenario, { sink: { emit: (event) => events.push(event) } });
  return events;
}

describe('health events', () => {
  it('NGINX Plus: a check failing a peer that max_fails already disabled is no change, and says so by its absence', () => {
    const events = runEvents({
      Duration: 40,
      Profile: { Base: 'nginx', ActiveChecks: true },
      LoadBalancerName: 'belief-events',
      Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }],
      HealthCheck: { Target: 'HTTP:80/ping', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 },
      Instances: [{ InstanceId: 'i-1' }, { InstanceId: 'i-2' }],
      Traffic: { Rate: 10, Arrival: 'constant' },
      // Every answer (probes included) is malformed: the first request disables i-1 (max_fails 1),
      // then two failed checks take it out by the checks as well.
      Events: [{ At: 3, Fault: 'malformed', Probability: 1, Instance: 'i-1' }],
    });
    const health = events.filter((event): event is HealthEvent => event.type === 'health' && event.instance === 'i-1');
    const probes = events.filter((event): event is HealthCheckEvent => event.type === 'health-check' && event.instance === 'i-1');
    // The case itself must happen: i-1 goes out by a request (no probe of it at that instant), then
    // at least two failed checks (UnhealthyThreshold) come while no other event of i-1's health does.
    const passive = health.find((event) => event.to === 'OutOfService' && !probes.some((probe) => Math.abs(probe.t - event.t) < 1e-6));
    expect(passive, 'a passive OutOfService of i-1').toBeDefined();
    const next = health.find((event) => event.t > passive!.t);
    const failedInBetween = probes.filter((probe) => probe.t > passive!.t && (next === undefined || probe.t < next.t) && probe.result === 'fail');
    expect(failedInBetween.length).toBeGreaterThanOrEqual(2);
    let belief = 'InService';
    for (const event of health) {
      expect({ t: event.t, from: event.from, reason: event.reason }).toEqual({ t: event.t, from: belief, reason: event.reason });
      expect(event.to).not.toBe(event.from);
      belief = event.to;
    }
  });
});
