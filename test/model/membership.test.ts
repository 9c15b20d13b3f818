// register and deregister: the balancer's pool changes, with and without connection draining.
import { describe, expect, it } from 'vitest';
import type { GatewayErrorEvent, SimEvent } from '../../src/model/run/events.js';
import { simulate } from '../../src/simulate.js';
import { fault, instance, setup } from '../helpers/setup.js';

function run(overrides: Parameters<typeof setup>[0]) {
  const events: SimEvent[] = [];
  const result = simulate(setup(overrides), { sink: { emit: (e) => events.push(e) } });
  return { result, errors: events.filter((e): e is GatewayErrorEvent => e.type === 'gateway-error') };
}

const slow = { concurrency: 100, serviceTime: { distribution: 'constant', meanMs: 3_000 } } as const;
const base = setup();

describe('membership', () => {
  it('deregister without draining cuts the requests in flight (504 UpstreamReset) and sends no more', () => {
    const { result, errors } = run({
      durationMs: 60_000,
      instances: [instance('i-1', slow), instance('i-2', slow)],
      events: [fault(0, 20_000, 'deregister', ['i-1'])],
    });
    const cut = errors.filter((e) => e.reason === 'UpstreamReset');
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.every((e) => e.t === 20 && e.instance === 'i-1' && e.status === 504)).toBe(true);
    const i1 = result.instances.find((i) => i.id === 'i-1')!;
    expect(i1.transitions.map((t) => [t.tMs, t.to, t.reason])).toEqual([
      [20_000, 'OutOfService', 'Instance is not currently registered with the LoadBalancer.'],
    ]);
  });

  it('with ConnectionDraining, requests in flight finish and nothing fails', () => {
    const { errors } = run({
      durationMs: 60_000,
      balancer: { ...base.balancer, drainingEnabled: true, drainingTimeoutMs: 300_000 },
      instances: [instance('i-1', slow), instance('i-2', slow)],
      events: [fault(0, 20_000, 'deregister', ['i-1'])],
    });
    expect(errors).toEqual([]);
  });

  it('a draining timeout shorter than the work cuts what is left when it runs out', () => {
    const verySlow = { concurrency: 1_000, serviceTime: { distribution: 'constant', meanMs: 20_000 } } as const;
    const { errors } = run({
      durationMs: 60_000,
      balancer: { ...base.balancer, drainingEnabled: true, drainingTimeoutMs: 5_000 },
      instances: [instance('i-1', verySlow), instance('i-2', verySlow)],
      events: [fault(0, 20_000, 'deregister', ['i-1'])],
    });
    const cut = errors.filter((e) => e.reason === 'UpstreamReset');
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.every((e) => e.t === 25 && e.instance === 'i-1')).toBe(true);
  });

  it('no instance left in the pool: 503 NoRegisteredInstances', () => {
    const { result } = run({ durationMs: 30_000, events: [fault(0, 10_000, 'deregister', ['i-1', 'i-2'])] });
    expect(result.gatewayErrors.byReason.NoRegisteredInstances?.status).toBe(503);
    expect(result.gatewayErrors.byReason.NoHealthyInstances).toBeUndefined();
  });

  it('register: a new instance takes traffic only after HealthyThreshold passing checks', () => {
    const { result } = run({
      durationMs: 200_000,
      instances: [instance('i-1'), instance('i-2', { registered: false })],
      events: [fault(0, 30_000, 'register', ['i-2'])],
    });
    const i2 = result.instances.find((i) => i.id === 'i-2')!;
    const inService = i2.transitions.find((t) => t.to === 'InService')!;
    // HealthyThreshold 2 at a 30 s Interval: the second passing check comes 30–60 s after joining.
    expect(inService.tMs).toBeGreaterThan(30_000 + 30_000);
    expect(inService.tMs).toBeLessThanOrEqual(30_000 + 60_000);
    expect(i2.requests).toBeGreaterThan(0);
    expect(result.gatewayErrors.total).toBe(0);
  });

  it('an instance outside the pool is never checked', () => {
    const { result } = run({ durationMs: 100_000, instances: [instance('i-1'), instance('i-2', { registered: false })] });
    expect(result.instances.find((i) => i.id === 'i-2')!.probes).toBe(0);
  });
});

describe('membership blame', () => {
  it('requests cut by a deregistration are blamed on it, even with a reset fault in force', () => {
    const { errors } = run({
      durationMs: 90_000,
      instances: [instance('i-1', slow), instance('i-2', slow)],
      events: [fault(0, 10_000, 'reset', ['i-1'], { params: { probability: 0.01 } }), fault(1, 60_000, 'deregister', ['i-1'])],
    });
    const cut = errors.filter((e) => e.t === 60);
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.every((e) => e.fault === 1)).toBe(true);
  });

  it('a deregister that changes nothing (already out of the pool) takes no blame', () => {
    const { errors } = run({
      durationMs: 60_000,
      balancer: { ...base.balancer, drainingEnabled: true, drainingTimeoutMs: 10_000 },
      instances: [instance('i-1', { concurrency: 1_000, serviceTime: { distribution: 'constant', meanMs: 30_000 } }), instance('i-2')],
      events: [fault(0, 5_000, 'deregister', ['i-1']), fault(1, 7_000, 'deregister', ['i-1'])],
    });
    const cut = errors.filter((e) => e.reason === 'UpstreamReset');
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.every((e) => e.t === 15 && e.fault === 0)).toBe(true);
  });
});

describe('an empty pool', () => {
  it('names the instances that left it and the events that took them out', () => {
    const { result, errors } = run({
      durationMs: 30_000,
      events: [fault(0, 10_000, 'deregister', ['i-1']), fault(1, 12_000, 'deregister', ['i-2'])],
    });
    const incident = result.incidents.find((i) => i.reason === 'NoRegisteredInstances')!;
    expect(incident.instanceIds).toEqual(['i-1', 'i-2']);
    expect(incident.faultIndexes).toEqual([0, 1]);
    expect(errors.filter((e) => e.reason === 'NoRegisteredInstances').every((e) => e.fault === 1)).toBe(true);
  });
});
