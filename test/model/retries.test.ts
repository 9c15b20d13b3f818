// Balancing.Retries, RetryOn, PerTryTimeout and RetryBudget through validation, resolution and a
// run: what is retried, where, how often, and what it costs (attempts per request).

import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/scenario/resolve.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/simulate.js';

const BASE = {
  LoadBalancerName: 'retries',
  Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }],
  HealthCheck: { Target: 'HTTP:80/health', Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 2 },
  Duration: '2m',
  Instances: [{ InstanceId: 'i', Count: 3, AvailabilityZone: 'us-east-1a' }],
  Traffic: { Rate: 50 },
};

function run(more: Record<string, unknown>) {
  const validation = validateScenario({ ...BASE, ...more });
  if (!validation.ok) throw new Error(JSON.stringify(validation.problems));
  return simulate(resolveScenario(validation.scenario, '<inline>'));
}

const crashOne = { Events: [{ At: '30s', Instance: 'i-1', Fault: 'crash' }] };

describe('Balancing.Retries', () => {
  it('Envoy retries nothing by default: a crash before detection gives 503 UF ConnectRefused', () => {
    const result = run({ Profile: 'envoy', ...crashOne });
    expect(result.gatewayErrors.byReason.ConnectRefused?.count ?? 0).toBeGreaterThan(0);
    expect(result.requests.attempts).toBe(result.requests.total);
  });

  it('with Retries 2 (connect-failure and reset by default) the refusals go to another host: no error, more attempts', () => {
    const result = run({ Profile: 'envoy', Balancing: { Retries: 2 }, ...crashOne });
    expect(result.gatewayErrors.byReason.ConnectRefused).toBeUndefined();
    expect(result.requests.attempts).toBeGreaterThan(result.requests.total);
  });

  it('RetryOn 5xx resends a backend 5xx to another instance instead of passing it through', () => {
    // health-lie: the health path passes, so the checks never take i-1 out and only retries help.
    const errors = { Events: [{ At: '0s', Instance: 'i-1', Fault: 'health-lie', Status: 503 }] };
    const without = run({ Profile: 'envoy', ...errors });
    const withRetry = run({ Profile: 'envoy', Balancing: { Retries: 1, RetryOn: ['5xx'] }, ...errors });
    expect(without.backend5xx).toBeGreaterThan(1000);
    expect(withRetry.backend5xx).toBe(0);
    expect(withRetry.requests.attempts).toBeGreaterThan(withRetry.requests.total * 1.2);
  });

  it('PerTryTimeout gives up on a hung instance after 1 s and retries elsewhere: no 60 s waits', () => {
    const hang = { Events: [{ At: '30s', Instance: 'i-1', Fault: 'hang' }] };
    const slow = run({ Profile: 'envoy', ...hang });
    const quick = run({ Profile: 'envoy', Balancing: { Retries: 1, RetryOn: ['ResponseTimeout'], PerTryTimeout: '1s' }, ...hang });
    expect(slow.latency.maxMs).toBeGreaterThan(10_000);
    expect(quick.gatewayErrors.byReason.ResponseTimeout).toBeUndefined();
    expect(quick.latency.maxMs).toBeLessThan(2_000);
  });

  it('does not resend a POST that reached the instance, only one refused before it was sent', () => {
    const post = { Traffic: { Rate: 50, Requests: [{ Method: 'POST', Path: '/orders' }] } };
    const hang = { Events: [{ At: '30s', Instance: 'i-1', Fault: 'hang' }] };
    const result = run({ Profile: 'envoy', Balancing: { Retries: 1, RetryOn: ['ResponseTimeout'], PerTryTimeout: '1s' }, ...post, ...hang });
    expect(result.gatewayErrors.byReason.ResponseTimeout?.count ?? 0).toBeGreaterThan(0);
  });

  it('a retry budget caps retries in flight: fewer extra attempts than without it', () => {
    const storm = {
      Instances: [{ InstanceId: 'i', Count: 3, AvailabilityZone: 'us-east-1a', Concurrency: 2, Backlog: 4, ServiceTime: { Distribution: 'constant', Value: '50ms' } }],
      Traffic: { Rate: 150 },
    };
    const policy = { Retries: 3, RetryOn: ['ConnectRefused'] };
    const unbounded = run({ Profile: 'envoy', Balancing: policy, ...storm });
    const budgeted = run({ Profile: 'envoy', Balancing: { ...policy, RetryBudget: { Percent: 20, MinConcurrent: 0 } }, ...storm });
    const extra = (r: ReturnType<typeof run>) => r.requests.attempts - r.requests.total;
    expect(extra(unbounded)).toBeGreaterThan(0);
    expect(extra(budgeted)).toBeLessThan(extra(unbounded));
  });
});

describe('retry settings: validation', () => {
  const problems = (more: Record<string, unknown>) => {
    const validation = validateScenario({ ...BASE, ...more });
    return validation.ok ? [] : validation.problems.map((p) => `${p.path.join('.')}: ${p.message}`);
  };
  it('names an unknown retry condition and suggests the nearest', () => {
    expect(problems({ Balancing: { Retries: 1, RetryOn: ['ConnectRefuse'] } })).toEqual(['Balancing.RetryOn.0: unknown retry condition; did you mean "ConnectRefused"?']);
  });
  it('refuses Retries given both in Balancing and in the Profile object', () => {
    expect(problems({ Profile: { Base: 'envoy', Retries: 1 }, Balancing: { Retries: 2 } })).toEqual([
      'Balancing.Retries: give Retries in Balancing or in the Profile object, not both',
    ]);
  });
});
