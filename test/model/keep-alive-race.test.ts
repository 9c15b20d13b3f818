// The keep-alive race through the whole model: Node's 5 s keep-alive behind a 60 s idle timeout
// loses requests to KeepAliveRace under sparse traffic; the classic fix (65 s) loses none.
import { describe, expect, it } from 'vitest';
import type { InstanceConfig } from '../../src/model/config.js';
import type { GatewayErrorEvent, SimEvent } from '../../src/model/run/events.js';
import { PROFILES } from '../../src/model/profiles.js';
import { simulate } from '../../src/simulate.js';
import { instance, setup } from '../helpers/setup.js';

/**
 * Ten instances, requests evenly spaced and round-robin: each instance gets one every 5.01 s, so
 * its connection has been idle for 5.01 s minus the last service time: often just past 5 s.
 */
function sparse(overrides: Partial<InstanceConfig>, oneWayDelayMs = 0.5, profile: 'aws-clb' | 'aws-alb' = 'aws-clb') {
  const base = setup();
  const config = setup({
    // Half an hour: at about one race per hundred requests, enough for a steady count.
    durationMs: 1_800_000,
    instances: Array.from({ length: 10 }, (_, i) => instance(`i-${i + 1}`, overrides)),
    balancer: { ...base.balancer, algorithm: 'round-robin', oneWayDelayMs, profile, behaviour: PROFILES[profile].behaviour },
    traffic: { ...base.traffic, rate: 1.996, arrival: 'constant' },
  });
  const events: SimEvent[] = [];
  const result = simulate(config, { sink: { emit: (event) => events.push(event) } });
  const errors = events.filter((event): event is GatewayErrorEvent => event.type === 'gateway-error');
  return { result, errors };
}

describe('keep-alive race', () => {
  it('fails requests with 504 KeepAliveRace when KeepAliveTimeout 5s < idle timeout 60s', () => {
    const { result, errors } = sparse({ keepAliveTimeoutMs: 5_000 });
    const races = result.gatewayErrors.byReason.KeepAliveRace;
    expect(races?.count).toBeGreaterThan(5);
    expect(races?.status).toBe(504);
    expect(result.gatewayErrors.total).toBe(races?.count);
    // About one request in a hundred lands in the 0.5 ms window: a handful, not a flood.
    expect(races!.count).toBeLessThan(result.requests.total / 20);
    // No fault behind it; the instance was serving and the balancer believed it InService.
    expect(errors.every((e) => e.reason === 'KeepAliveRace' && e.fault === null && e.truth === 'serving' && e.belief === 'InService')).toBe(true);
    expect(result.incidents.every((incident) => incident.reason === 'KeepAliveRace' && incident.faultIndexes.length === 0)).toBe(true);
  });

  it('counts a raced request as sent to the instance that closed the connection', () => {
    const { result, errors } = sparse({ keepAliveTimeoutMs: 5_000 });
    for (const summary of result.instances) {
      const raced = errors.filter((e) => e.instance === summary.id).length;
      expect(summary.gatewayErrors).toBe(raced);
      expect(summary.requests).toBe(summary.responses + raced);
    }
  });

  it('has no race once KeepAliveTimeout is above the idle timeout (65s)', () => {
    const fixed = sparse({ keepAliveTimeoutMs: 65_000 });
    const broken = sparse({ keepAliveTimeoutMs: 5_000 });
    expect(fixed.result.gatewayErrors.total).toBe(0);
    expect(fixed.result.requests.total).toBe(broken.result.requests.total);
  });

  it('has no race without network delay: the balancer sees the close at once', () => {
    expect(sparse({ keepAliveTimeoutMs: 5_000 }, 0).result.gatewayErrors.total).toBe(0);
  });

  it('answers 502 on an ALB, where the same race is the documented 502', () => {
    const { result } = sparse({ keepAliveTimeoutMs: 5_000 }, 0.5, 'aws-alb');
    expect(result.gatewayErrors.byReason.KeepAliveRace?.status).toBe(502);
  });
});
