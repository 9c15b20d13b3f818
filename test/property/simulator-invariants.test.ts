// Simulator invariants over random valid scenarios, checked on the event log (the `--events` sink
// with request events): every request gets exactly one outcome, none is lost, counts add up, time
// never goes backwards, and each gateway error's status is its reason's status under the profile.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventSink, GatewayErrorEvent, RequestEvent, SimEvent } from '../../src/model/run/events.js';
import { statusFor } from '../../src/model/outcome.js';
import { toJsonSummary } from '../../src/report/machine/summary-json.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { simulate } from '../../src/simulate.js';
import { validScenario } from './arbitraries.js';

class CollectingSink implements EventSink {
  readonly events: SimEvent[] = [];
  emit(event: SimEvent): void {
    this.events.push(event);
  }
}

function runWithLog(document: unknown) {
  const loaded = parseScenarioText(JSON.stringify(document), 'property.json');
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  const sink = new CollectingSink();
  const result = simulate(loaded.scenario, { sink, logRequests: true });
  return { scenario: loaded.scenario, result, events: sink.events };
}

describe('property: simulator invariants', () => {
  it('every request has exactly one outcome, counts add up, time runs forward', () => {
    fc.assert(
      fc.property(validScenario, (document) => {
        const { scenario, result, events } = runWithLog(document);
        const requests = events.filter((event): event is RequestEvent => event.type === 'request');
        const errors = events.filter((event): event is GatewayErrorEvent => event.type === 'gateway-error');

        // Time never goes backwards, and nothing happens after the end of the run.
        for (let i = 1; i < events.length; i++) expect(events[i]!.t).toBeGreaterThanOrEqual(events[i - 1]!.t);
        for (const event of events) expect(event.t).toBeLessThanOrEqual(scenario.durationMs / 1000 + 1e-6);

        // Exactly one outcome per request: ids unique, numbered from 1, no id beyond those that arrived.
        const ids = requests.map((event) => event.request);
        expect(new Set(ids).size).toBe(ids.length);
        const counted = requests.filter((event) => event.counted);
        // None is lost: answered (by an instance or the balancer) or still in flight at the end,
        // which includes waiting in a surge queue or out a retry delay.
        const answeredOrInFlight = counted.length + result.requests.inFlightAtEnd;
        expect(answeredOrInFlight).toBe(result.requests.total);
        const statusTotal = Object.values(result.statusCounts).reduce((sum, n) => sum + n, 0);
        expect(statusTotal).toBe(counted.length);

        // Gateway errors: one event per erroring request, the summary's totals agree with the log.
        const countedErrors = counted.filter((event) => event.reason !== null);
        expect(result.gatewayErrors.total).toBe(countedErrors.length);
        const byReason = Object.values(result.gatewayErrors.byReason).reduce((sum, entry) => sum + (entry?.count ?? 0), 0);
        expect(byReason).toBe(result.gatewayErrors.total);
        const errorIds = new Set(errors.map((event) => event.request));
        expect(errorIds.size).toBe(errors.length);
        for (const request of requests) expect(errorIds.has(request.request)).toBe(request.reason !== null);

        // The status is a function of (reason, profile): the reason table decides it.
        const profile = scenario.balancer.profile;
        for (const error of errors) expect(error.status).toBe(statusFor(error.reason, profile) ?? 0);
        for (const request of requests) {
          if (request.reason !== null) expect(request.status).toBe(statusFor(request.reason, profile) ?? 0);
          else expect(request.backendStatus).toBe(request.status);
        }

        // Responses by instance: instances answered exactly the counted requests the balancer did not.
        const summary = toJsonSummary(result);
        expect(summary.requests.total).toBe(result.requests.total);
      }),
      { numRuns: 60 },
    );
  });

  // Found by the property above: a request waiting in the CLB surge queue, or between HAProxy's
  // retries (1 s apart), when the run ends is in flight too (load-balancer.ts counts them).
  const lostAtEnd = (overrides: Record<string, unknown>) => {
    const { result, events } = runWithLog({
      Duration: 10,
      LoadBalancerName: 'lost-at-end',
      Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }],
      HealthCheck: { Target: 'TCP:80', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 },
      ...overrides,
    });
    const answered = events.filter((event) => event.type === 'request' && event.counted).length;
    expect(answered + result.requests.inFlightAtEnd).toBe(result.requests.total);
  };

  it('a request in the CLB surge queue at the end counts as in flight', () => {
    lostAtEnd({
      LoadBalancerAttributes: { ConnectionSettings: { IdleTimeout: 1 } },
      Instances: [{ InstanceId: 'i-1', Concurrency: 1, Backlog: 20, ServiceTime: { Distribution: 'constant', Value: '150ms' } }],
      Traffic: { Rate: 17, Arrival: 'constant' },
    });
  });

  it('a request waiting between HAProxy retries at the end counts as in flight', () => {
    lostAtEnd({
      Profile: { Base: 'haproxy', Redispatch: true },
      Seed: 0,
      LoadBalancerAttributes: { ConnectionSettings: { IdleTimeout: 1 } },
      Instances: [{ InstanceId: 'i-1' }],
      Traffic: { Rate: 1, Arrival: 'constant' },
      Events: [{ At: 1, Fault: 'crash', Instance: 'i-1' }],
    });
  });

  it('the same document and seed give the same event log', () => {
    fc.assert(
      fc.property(validScenario, (document) => {
        const first = runWithLog(document).events;
        const second = runWithLog(document).events;
        expect(JSON.stringify(second)).toBe(JSON.stringify(first));
      }),
      { numRuns: 10 },
    );
  });
});
