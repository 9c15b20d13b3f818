// Each profile validates the shared vocabulary with its own ranges (lb-semantics.md §1.1, §2.1, §3.2,
// §4.1, §5.1): HAProxy's own defaults load, AWS keeps AWS's limits, nginx refuses active checks it lacks.

import { describe, expect, it } from 'vitest';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';

type Doc = Record<string, unknown>;
const BASE = { LoadBalancerName: 'lb', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }] };

function load(profile: unknown, extra: Doc) {
  return parseScenarioText(JSON.stringify({ ...BASE, Profile: profile, ...extra }, null, 2), 'p.json');
}
function messages(profile: unknown, extra: Doc): string[] {
  const result = load(profile, extra);
  // Positions are pinned by rules.test.ts; here the message says whose range it is.
  return result.ok ? [] : result.errors.map((e) => formatScenarioError(e).replace(/^p\.json:\d+:\d+ /, ''));
}

describe('profile-true health-check ranges', () => {
  it("accepts HAProxy's own defaults, which AWS's ranges refuse (inter 2s, timeout 1s, rise 1)", () => {
    const healthCheck = { HealthCheck: { Interval: 2, Timeout: 1, HealthyThreshold: 1, UnhealthyThreshold: 1 } };
    expect(messages('haproxy', healthCheck)).toEqual([]);
    expect(messages('aws-clb', healthCheck)).toEqual([
      'HealthCheck.Interval: out of range for aws-clb (expected 5–300 seconds, got 2)',
      'HealthCheck.Timeout: out of range for aws-clb (expected 2–60 seconds, got 1)',
      'HealthCheck.HealthyThreshold: out of range for aws-clb (expected an integer 2–10, got 1)',
      'HealthCheck.UnhealthyThreshold: out of range for aws-clb (expected an integer 2–10, got 1)',
    ]);
  });

  it('takes millisecond intervals for HAProxy and resolves them exactly', () => {
    const result = load({ Base: 'haproxy' }, { HealthCheck: { Interval: '250ms', Timeout: '100ms' } });
    expect(result.ok && [result.scenario.healthCheck.intervalMs, result.scenario.healthCheck.timeoutMs]).toEqual([250, 100]);
  });

  it('lets a HAProxy check timeout exceed inter (timeout check is a read timeout of its own) but not an AWS one', () => {
    expect(messages('haproxy', { HealthCheck: { Interval: 2, Timeout: 3 } })).toEqual([]);
    expect(messages('aws-alb', { HealthCheck: { Interval: 10, Timeout: 10 } })).toEqual([
      'HealthCheck.Timeout: must be less than Interval (expected < 10, got 10)',
    ]);
  });

  it("gives ALB its 2–120 s timeout and CLB its 2–60 s", () => {
    expect(messages('aws-alb', { HealthCheck: { Interval: 300, Timeout: 120 } })).toEqual([]);
    expect(messages('aws-alb', { HealthCheck: { Interval: 300, Timeout: 121 } })).toEqual([
      'HealthCheck.Timeout: out of range for aws-alb (expected 2–120 seconds, got 121)',
    ]);
    expect(messages('aws-clb', { HealthCheck: { Interval: 300, Timeout: 61 } })).toEqual([
      'HealthCheck.Timeout: out of range for aws-clb (expected 2–60 seconds, got 61)',
    ]);
  });

  it('names the profile of the object form, and refuses zero thresholds for Envoy', () => {
    expect(messages({ Base: 'envoy' }, { HealthCheck: { Interval: '500ms', Timeout: '250ms', UnhealthyThreshold: 0 } })).toEqual([
      'HealthCheck.UnhealthyThreshold: out of range for envoy (expected an integer ≥ 1, got 0)',
    ]);
    expect(messages('envoy', { HealthCheck: { HealthyThreshold: 1.5 } })).toEqual([
      'HealthCheck.HealthyThreshold: must be an integer (expected an integer ≥ 1, got 1.5)',
    ]);
  });

  it('refuses active-check settings for open-source nginx, with the hint; NGINX Plus (ActiveChecks) takes them', () => {
    const [line] = messages('nginx', { HealthCheck: { Interval: 5 } });
    expect(line).toMatch(/^HealthCheck: open-source nginx has no active health checks \(expected no HealthCheck block: .*MaxFails and FailTimeout.*"ActiveChecks": true/);
    expect(messages({ Base: 'nginx', ActiveChecks: true }, { HealthCheck: { Interval: '1s', Timeout: '500ms', HealthyThreshold: 1, UnhealthyThreshold: 1 } })).toEqual([]);
  });

  it('gives the proxies any positive response timeout and slow start; AWS keeps 1–4000 s and 30–900 s', () => {
    const settings = { LoadBalancerAttributes: { ConnectionSettings: { IdleTimeout: '500ms' } }, Balancing: { Algorithm: 'round-robin', SlowStart: '10s' } };
    expect(messages('haproxy', settings)).toEqual([]);
    expect(messages('aws-alb', settings)).toEqual([
      'LoadBalancerAttributes.ConnectionSettings.IdleTimeout: out of range for aws-alb (expected 1–4000 seconds, got "500ms")',
      'Balancing.SlowStart: out of range for aws-alb (expected 30–900 seconds, got "10s")',
    ]);
    expect(messages('haproxy', { LoadBalancerAttributes: { ConnectionSettings: { IdleTimeout: 0 } } })).toEqual([
      'LoadBalancerAttributes.ConnectionSettings.IdleTimeout: out of range for haproxy (expected a duration > 0 and ≤ 30d, got 0)',
    ]);
  });

  it("takes a HAProxy or Envoy matcher of any HTTP code (http-check expect status 503); ALB keeps 200–499", () => {
    expect(messages({ Base: 'haproxy', Matcher: '503' }, {})).toEqual([]);
    expect(messages({ Base: 'envoy', Matcher: '200-599' }, {})).toEqual([]);
    expect(messages({ Base: 'aws-alb', Matcher: '503' }, {})).toEqual([
      'Profile.Matcher: "503" is outside 200-499, the codes an ALB health check accepts (aws-alb) (expected HTTP codes 200–499, got "503")',
    ]);
    expect(messages({ Base: 'haproxy', Matcher: '099' }, {})[0]).toMatch(/^Profile\.Matcher: "099" is outside 100-599, HTTP status codes/);
  });
});
