// The faults that change what an instance answers: reset, malformed, health-fail, health-lie
// and overload, each with the reason and status a Classic ELB gives.
import { describe, expect, it } from 'vitest';
import type { GatewayErrorEvent, HealthCheckEvent, SimEvent } from '../../src/model/run/events.js';
import { simulate } from '../../src/simulate.js';
import { fault, instance, setup } from '../helpers/setup.js';

function run(overrides: Parameters<typeof setup>[0]) {
  const events: SimEvent[] = [];
  const result = simulate(setup(overrides), { sink: { emit: (e) => events.push(e) } });
  return {
    result,
    errors: events.filter((e): e is GatewayErrorEvent => e.type === 'gateway-error'),
    probes: events.filter((e): e is HealthCheckEvent => e.type === 'health-check'),
  };
}

const transitionsOf = (result: ReturnType<typeof run>['result'], id: string) =>
  result.instances.find((i) => i.id === id)!.transitions.map((t) => t.to);

describe('faults that change the answer', () => {
  it('reset: the connection closes before an answer, 504 UpstreamReset on a Classic ELB', () => {
    const { result, errors } = run({ durationMs: 20_000, events: [fault(0, 5_000, 'reset', ['i-1', 'i-2'])] });
    expect(result.gatewayErrors.byReason.UpstreamReset?.status).toBe(504);
    expect(errors.every((e) => e.reason === 'UpstreamReset' && e.fault === 0 && e.t >= 5)).toBe(true);
    expect(errors.length).toBeGreaterThan(100);
  });

  it('reset with a Duration: answers are whole again once it ends', () => {
    // Resets from 5 s to 10 s, and the instances are back to plain answers (state serving) at 10 s.
    // A reset cuts an answer when it is due: service times are exponential with a 50 ms mean and the
    // pool is nearly idle, so an answer due after 11 s comes from a request sent before 10 s with
    // probability e^-20 each: the last reset falls before 11 s.
    const { result, errors } = run({ durationMs: 20_000, events: [fault(0, 5_000, 'reset', ['i-1', 'i-2'], { durationMs: 5_000 })] });
    expect(errors.length).toBeGreaterThan(50);
    expect(Math.max(...errors.map((e) => e.t))).toBeLessThan(11);
    expect(result.instances.find((i) => i.id === 'i-1')!.actual.map((a) => [a.tMs, a.state])).toEqual([
      [0, 'serving'],
      [5_000, 'degraded'],
      [10_000, 'serving'],
    ]);
  });

  it('reset with Probability 0.25 cuts about a quarter of the answers', () => {
    const { result } = run({ durationMs: 120_000, events: [fault(0, 0, 'reset', ['i-1', 'i-2'], { params: { probability: 0.25 } })] });
    const share = (result.gatewayErrors.byReason.UpstreamReset?.count ?? 0) / result.requests.total;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
  });

  it('malformed: the one 502 a Classic ELB documents, and the health check fails too', () => {
    const { result, errors, probes } = run({ durationMs: 25_000, events: [fault(0, 0, 'malformed', ['i-1'])] });
    expect(result.gatewayErrors.byReason.MalformedResponse).toEqual({ status: 502, count: errors.length });
    expect(errors.every((e) => e.instance === 'i-1' && e.label === 'unable to parse the response')).toBe(true);
    expect(probes.filter((p) => p.instance === 'i-1').every((p) => p.result === 'fail' && p.detail === 'malformed')).toBe(true);
  });

  it('health-fail: a working instance is taken out of service; traffic never fails', () => {
    const { result } = run({ durationMs: 120_000, events: [fault(0, 0, 'health-fail', ['i-1'], { params: { status: 404 } })] });
    expect(transitionsOf(result, 'i-1')).toEqual(['OutOfService']);
    expect(result.gatewayErrors.total).toBe(0);
    expect(result.backend5xx).toBe(0);
  });

  it('health-lie: health checks pass while traffic gets 5xx, so the balancer keeps routing', () => {
    const { result, probes } = run({ durationMs: 120_000, events: [fault(0, 0, 'health-lie', ['i-1'], { params: { status: 503 } })] });
    expect(transitionsOf(result, 'i-1')).toEqual([]);
    expect(probes.filter((p) => p.instance === 'i-1').every((p) => p.result === 'pass')).toBe(true);
    expect(result.statusCounts['503']).toBe(result.instances.find((i) => i.id === 'i-1')!.backend5xx);
    expect(result.gatewayErrors.total).toBe(0);
  });

  it('health-lie hides even a hang-free error storm that would otherwise fail the checks', () => {
    const lying = run({
      durationMs: 120_000,
      events: [fault(0, 0, 'errors', ['i-1']), fault(1, 0, 'health-lie', ['i-1'])],
    });
    expect(transitionsOf(lying.result, 'i-1')).toEqual([]);
  });

  it('overload: a capacity cut makes the queue grow until health checks time out in it', () => {
    const busy = { concurrency: 4, backlog: 5_000, serviceTime: { distribution: 'exponential', meanMs: 100 } } as const;
    const base = setup();
    // Round-robin keeps sending i-1 its half; least-outstanding would steer around the queue.
    const { result } = run({
      durationMs: 300_000,
      balancer: { ...base.balancer, algorithm: 'round-robin' },
      instances: [instance('i-1', busy), instance('i-2', busy)],
      traffic: { ...base.traffic, rate: 40 },
      events: [fault(0, 60_000, 'overload', ['i-1'], { params: { capacity: 0.25 } })],
    });
    const i1 = result.instances.find((i) => i.id === 'i-1')!;
    expect(i1.actual.map((a) => a.state)).toEqual(['serving', 'degraded']);
    expect(i1.transitions[0]?.to).toBe('OutOfService');
    expect(i1.probesFailed).toBeGreaterThan(0);
  });
});

describe('blackhole', () => {
  it('a connection to a blackholed instance waits the connect timeout, then goes to another instance', () => {
    const { result, errors } = run({ durationMs: 25_000, events: [fault(0, 5_000, 'blackhole', ['i-1'])] });
    // The other instance takes the retries: no client error, only slower answers.
    expect(errors.filter((e) => e.reason === 'ConnectTimeout')).toEqual([]);
    expect(result.latency.maxMs).toBeGreaterThanOrEqual(10_000);
    expect(result.instances.find((i) => i.id === 'i-1')!.actual.map((a) => a.state)).toEqual(['serving', 'unreachable']);
  });

  it('with every instance blackholed: 504 ConnectTimeout (inferred for CLB) after trying each one', () => {
    const { result, errors } = run({ durationMs: 60_000, events: [fault(0, 5_000, 'blackhole', ['i-1', 'i-2'])] });
    const timeouts = errors.filter((e) => e.reason === 'ConnectTimeout');
    expect(timeouts.length).toBeGreaterThan(0);
    expect(timeouts.every((e) => e.status === 504 && e.fault === 0 && e.truth === 'unreachable')).toBe(true);
    // Both instances are tried while both are InService; once health checks take one out, one try.
    expect(timeouts[0]!.attempts).toBe(2);
    expect(timeouts.some((e) => e.attempts === 1)).toBe(true);
    // Two 10 s connect timeouts in a row, the first starting at 5 s at the earliest.
    expect(Math.min(...timeouts.map((e) => e.t))).toBeGreaterThanOrEqual(25);
    expect(result.gatewayErrors.byReason.ConnectTimeout?.status).toBe(504);
  });

  it('health checks to a blackholed instance time out, TCP ones too', () => {
    const base = setup();
    const tcp = { ...base.healthCheck, protocol: 'TCP' as const, path: '' };
    const { probes } = run({ durationMs: 120_000, healthCheck: tcp, events: [fault(0, 30_000, 'blackhole', ['i-1'])] });
    const after = probes.filter((p) => p.instance === 'i-1' && p.t > 40);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((p) => p.result === 'fail' && p.detail === 'timeout' && p.latency === 5)).toBe(true);
  });

  it('answers to requests already sent are lost: they wait out the idle timeout', () => {
    const slowService = { serviceTime: { distribution: 'constant', meanMs: 2_000 } } as const;
    const { errors } = run({
      durationMs: 100_000,
      instances: [instance('i-1', slowService), instance('i-2', slowService)],
      events: [fault(0, 10_000, 'blackhole', ['i-1'])],
    });
    const lost = errors.filter((e) => e.reason === 'ResponseTimeout' && e.instance === 'i-1');
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((e) => e.fault === 0)).toBe(true);
  });
});

describe('blame for a fault that is over by the time the error comes', () => {
  it('a 2 s blackhole still owns the connect timeouts and lost answers that end after it', () => {
    const base = setup();
    const { errors } = run({
      durationMs: 120_000,
      instances: [instance('i-1', { concurrency: 100, serviceTime: { distribution: 'constant', meanMs: 5_000 } })],
      traffic: { ...base.traffic, rate: 5 },
      events: [fault(0, 30_000, 'blackhole', ['i-1'], { durationMs: 2_000 })],
    });
    const late = errors.filter((e) => e.t > 32);
    expect(late.some((e) => e.reason === 'ConnectTimeout')).toBe(true);
    expect(late.some((e) => e.reason === 'ResponseTimeout')).toBe(true);
    expect(late.every((e) => e.fault === 0)).toBe(true);
  });
});
