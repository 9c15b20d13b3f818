// Envoy's outlier detection wired into a node: five consecutive 5xx eject a host for the base
// ejection time (within max_ejection_percent), and it comes back on the interval sweep (§3.3).

import { describe, expect, it } from 'vitest';
import type { SimulationSetup } from '../../src/model/config.js';
import type { HealthEvent, SimEvent } from '../../src/model/run/events.js';
import { OUTLIER_DEFAULTS, type OutlierParams } from '../../src/model/health/envoy-outlier.js';
import { PROFILES } from '../../src/model/profiles.js';
import { simulate } from '../../src/simulate.js';
import { fault, instance, setup } from '../helpers/setup.js';

/** Four Envoy hosts, one answering 500 from 20 s to the end; its health path still passes. */
function envoy(outlier: Partial<OutlierParams> | null): { result: ReturnType<typeof simulate>; health: HealthEvent[] } {
  const base = setup({
    durationMs: 120_000,
    instances: ['h-1', 'h-2', 'h-3', 'h-4'].map((id) => instance(id)),
    events: [fault(0, 20_000, 'errors', ['h-1'], { params: { status: 500 } }), fault(1, 20_000, 'health-lie', ['h-1'], { params: { status: 500 } })],
  });
  const behaviour = { ...PROFILES.envoy.behaviour, outlier: outlier === null ? null : { ...OUTLIER_DEFAULTS, ...outlier } };
  const config: SimulationSetup = { ...base, balancer: { ...base.balancer, profile: 'envoy', behaviour, nodes: ['envoy'], algorithm: 'round-robin' } };
  const events: SimEvent[] = [];
  const result = simulate(config, { sink: { emit: (event) => events.push(event) } });
  return { result, health: events.filter((e): e is HealthEvent => e.type === 'health') };
}

describe('Envoy outlier detection', () => {
  it('is off by default: the failing host keeps its share of traffic and every one of its answers is a 500', () => {
    const { result, health } = envoy(null);
    expect(health).toEqual([]);
    const share = result.instances.find((i) => i.id === 'h-1')!.requests / result.requests.total;
    expect(share).toBeGreaterThan(0.2);
  });

  it('ejects the host after 5 consecutive 5xx and returns it on a sweep after the ejection time', () => {
    const { result, health } = envoy({ maxEjectionPercent: 50 });
    const ejections = health.filter((e) => e.instance === 'h-1' && e.to === 'OutOfService');
    const returns = health.filter((e) => e.instance === 'h-1' && e.to === 'InService');
    expect(ejections.length).toBeGreaterThan(0);
    expect(ejections[0]!.reason).toMatch(/outlier/);
    expect(returns.length).toBeGreaterThan(0);
    // Back on a 10 s sweep at or after 30 s of ejection: 30–40 s later.
    const outFor = returns[0]!.t - ejections[0]!.t;
    expect(outFor).toBeGreaterThanOrEqual(30);
    expect(outFor).toBeLessThan(40 + 1e-6);
    const off = envoy(null).result.backend5xx;
    expect(result.backend5xx).toBeLessThan(off / 2);
  });

  it('ejects nothing when max_ejection_percent allows no host: 10% of 4 hosts (current Envoy)', () => {
    const { health } = envoy({});
    expect(health.filter((e) => e.reason.includes('outlier'))).toEqual([]);
  });

  it('with always_eject_one_host it ejects one host even in a small pool', () => {
    const { health } = envoy({ alwaysEjectOneHost: true });
    expect(health.some((e) => e.instance === 'h-1' && e.reason.includes('outlier'))).toBe(true);
  });
});
