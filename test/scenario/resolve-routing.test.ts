// Resolution of the routing keys: the power-of-two-choices alias, Choices, HashKey, Stickiness and
// SlowStart in milliseconds with their defaults, the client population and lower-cased headers.

import { describe, expect, it } from 'vitest';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import type { ResolvedScenario } from '../../src/scenario/resolved.js';

const LISTENERS = [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }];

function resolved(extra: Record<string, unknown>): ResolvedScenario {
  const result = parseScenarioText(JSON.stringify({ LoadBalancerName: 'lb', Listeners: LISTENERS, ...extra }), 'routing.json');
  if (!result.ok) throw new Error(result.errors.map(formatScenarioError).join('\n'));
  return result.scenario;
}

describe('routing defaults', () => {
  it('leaves everything off: all candidates, client keys, no cookie, no ramp, no clients', () => {
    const scenario = resolved({});
    expect(scenario.balancer.routing).toEqual({ choices: null, hashKey: { by: 'client' }, stickinessMs: null, slowStartMs: null });
    expect(scenario.traffic.clients).toBeNull();
  });

  it('power-of-two-choices is two choices; least-outstanding keeps its Choices', () => {
    expect(resolved({ Balancing: { Algorithm: 'power-of-two-choices' } }).balancer.routing.choices).toBe(2);
    expect(resolved({ Balancing: { Algorithm: 'least-outstanding', Choices: 3 } }).balancer.routing.choices).toBe(3);
  });

  it('hash keys: path, or a header by its lower-case name; request headers lower-cased too', () => {
    const clients = { Traffic: { Clients: { Count: 10 } } };
    expect(resolved({ Balancing: { Algorithm: 'maglev', HashKey: 'path' }, ...clients }).balancer.routing.hashKey).toEqual({ by: 'path' });
    expect(resolved({ Balancing: { Algorithm: 'maglev', HashKey: 'client' }, ...clients }).balancer.routing.hashKey).toEqual({ by: 'client' });
    const scenario = resolved({ Balancing: { Algorithm: 'maglev', HashKey: { Header: 'X-Tenant' } }, Traffic: { Requests: [{ Path: '/a', Headers: { 'X-Tenant': 'blue' } }] } });
    expect(scenario.balancer.routing.hashKey).toEqual({ by: 'header', name: 'x-tenant' });
    expect(scenario.traffic.requests).toEqual([{ method: 'GET', path: '/a', weight: 1, headers: { 'x-tenant': 'blue' } }]);
  });

  it('request headers come out in name order whatever order the file gives them, so the resolved scenario is one text', () => {
    const scenario = resolved({ Traffic: { Requests: [{ Path: '/a', Headers: { 'X-Zone': 'b', Accept: 'text/html', 'X-Tenant': 'blue' } }] } });
    expect(Object.keys(scenario.traffic.requests[0]!.headers!)).toEqual(['accept', 'x-tenant', 'x-zone']);
  });

  it("stickiness lasts ALB's default day unless given; slow start in milliseconds", () => {
    const clients = { Traffic: { Clients: { Count: 10 } } };
    expect(resolved({ Balancing: { Algorithm: 'round-robin', Stickiness: {} }, ...clients }).balancer.routing.stickinessMs).toBe(86_400_000);
    const scenario = resolved({ Balancing: { Algorithm: 'round-robin', Stickiness: { Duration: '1h' }, SlowStart: '45s' }, ...clients });
    expect([scenario.balancer.routing.stickinessMs, scenario.balancer.routing.slowStartMs]).toEqual([3_600_000, 45_000]);
  });

  it('a client population is uniform unless it says zipf, whose exponent defaults to 1', () => {
    expect(resolved({ Traffic: { Clients: { Count: 7 } } }).traffic.clients).toEqual({ count: 7, distribution: 'uniform', exponent: 1 });
    expect(resolved({ Traffic: { Clients: { Count: 7, Distribution: 'zipf', Exponent: 1.2 } } }).traffic.clients).toEqual({ count: 7, distribution: 'zipf', exponent: 1.2 });
  });
});
