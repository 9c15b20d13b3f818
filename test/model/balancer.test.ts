// Outcome classification of the Classic ELB model: each reason in the taxonomy from the
// situation that produces it, with CLB's status.
import { describe, expect, it } from 'vitest';
import type { GatewayErrorEvent, SimEvent } from '../../src/model/run/events.js';
import { simulate } from '../../src/simulate.js';
import { fault, instance, setup } from '../helpers/setup.js';

function run(overrides: Parameters<typeof setup>[0]) {
  const events: SimEvent[] = [];
  const result = simulate(setup(overrides), { sink: { emit: (e) => events.push(e) } });
  const errors = events.filter((e): e is GatewayErrorEvent => e.type === 'gateway-error');
  return { result, events, errors };
}

describe('Classic ELB outcomes', () => {
  it('serves everything with 200 when nothing fails', () => {
    const { result } = run({ durationMs: 60_000 });
    expect(result.gatewayErrors.total).toBe(0);
    expect(result.statusCounts).toEqual({ '200': result.requests.total - result.requests.inFlightAtEnd });
    expect(result.incidents).toEqual([]);
  });

  it('answers 503 NoRegisteredInstances when the pool is empty', () => {
    const { result, errors } = run({ durationMs: 10_000, instances: [] });
    expect(result.gatewayErrors.byReason).toEqual({ NoRegisteredInstances: { status: 503, count: result.requests.total } });
    expect(errors[0]).toMatchObject({ status: 503, reason: 'NoRegisteredInstances', instance: null, belief: null });
  });

  it('answers 503 NoHealthyInstances when no instance is InService', () => {
    const { result, errors } = run({
      durationMs: 5_000,
      instances: [instance('i-1', { initialState: 'OutOfService' }), instance('i-2', { initialState: 'OutOfService' })],
    });
    expect(result.gatewayErrors.byReason.NoHealthyInstances?.count).toBe(result.requests.total);
    expect(errors[0]!.label).toBe('no healthy instances');
    expect(result.incidents[0]).toMatchObject({ reason: 'NoHealthyInstances', status: 503, instanceIds: ['i-1', 'i-2'] });
  });

  it('retries a refused connection on another InService instance: one crash among two costs no request', () => {
    const { result } = run({ durationMs: 120_000, events: [fault(0, 30_000, 'crash', ['i-1'])] });
    expect(result.gatewayErrors.byReason.ConnectRefused).toBeUndefined();
    const i1 = result.instances.find((i) => i.id === 'i-1')!;
    expect(i1.transitions.map((t) => t.to)).toEqual(['OutOfService']);
  });

  it('answers 503 ConnectRefused when every InService instance refuses, naming the crash', () => {
    const { result, errors } = run({ durationMs: 120_000, events: [fault(0, 30_000, 'crash', ['i-1', 'i-2'])] });
    const refused = errors.filter((e) => e.reason === 'ConnectRefused');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ status: 503, truth: 'crashed', belief: 'InService', attempts: 2, fault: 0 });
    expect(result.gatewayErrors.byReason.ConnectRefused!.status).toBe(503);
  });

  it('answers 504 ResponseTimeout after the idle timeout when the instance hangs', () => {
    const { errors } = run({ durationMs: 200_000, events: [fault(0, 30_000, 'hang', ['i-1', 'i-2'])] });
    const timeouts = errors.filter((e) => e.reason === 'ResponseTimeout');
    expect(timeouts.length).toBeGreaterThan(0);
    // Nothing times out before a request has waited the full 60 s.
    expect(timeouts[0]!.t).toBeGreaterThanOrEqual(90);
    expect(timeouts[0]).toMatchObject({ status: 504, truth: 'hung', fault: 0 });
  });

  it('answers 504 UpstreamReset for requests in flight when an instance crashes', () => {
    const slow = { distribution: 'constant', meanMs: 2_000 } as const;
    const { errors } = run({
      durationMs: 60_000,
      instances: [instance('i-1', { serviceTime: slow }), instance('i-2', { serviceTime: slow })],
      events: [fault(0, 30_000, 'crash', ['i-1'])],
    });
    const resets = errors.filter((e) => e.reason === 'UpstreamReset');
    expect(resets.length).toBeGreaterThan(0);
    expect(resets.every((e) => e.t === 30 && e.status === 504 && e.instance === 'i-1' && e.fault === 0)).toBe(true);
  });

  it('passes backend 5xx through and counts them apart from gateway errors', () => {
    // 25 s is shorter than two 30 s check intervals, so the balancer cannot have reacted yet.
    const { result } = run({
      durationMs: 25_000,
      events: [fault(0, 0, 'errors', ['i-1', 'i-2'], { params: { factor: 1, addMs: 0, probability: 1, status: 502 } })],
    });
    expect(result.gatewayErrors.total).toBe(0);
    expect(result.backend5xx).toBeGreaterThan(0);
    expect(result.statusCounts['502']).toBe(result.backend5xx);
    expect(result.statusCounts['200']).toBeUndefined();
  });

  it('an erroring instance also fails its HTTP health check (only 200 passes) and leaves service', () => {
    const { result } = run({
      durationMs: 120_000,
      events: [fault(0, 0, 'errors', ['i-1'], { params: { factor: 1, addMs: 0, probability: 1, status: 500 } })],
    });
    const i1 = result.instances.find((i) => i.id === 'i-1')!;
    expect(i1.transitions.map((t) => t.to)).toEqual(['OutOfService']);
    expect(i1.probesFailed).toBe(i1.probes);
    expect(result.gatewayErrors.total).toBe(0);
  });

  it('slow raises latency without errors when it stays under the idle timeout', () => {
    const base = run({ durationMs: 120_000 }).result.latency.meanMs;
    const { result } = run({
      durationMs: 120_000,
      events: [fault(0, 0, 'slow', ['i-1', 'i-2'], { params: { factor: 4, addMs: 0, probability: 1, status: 500 } })],
    });
    expect(result.gatewayErrors.total).toBe(0);
    expect(result.latency.meanMs).toBeGreaterThan(3 * base);
  });

  it('undoes a fault after its Duration', () => {
    const { result } = run({ durationMs: 120_000, events: [fault(0, 10_000, 'hang', ['i-1'], { durationMs: 20_000 })] });
    const i1 = result.instances.find((i) => i.id === 'i-1')!;
    expect(i1.actual.map((a) => [a.tMs, a.state])).toEqual([
      [0, 'serving'],
      [10_000, 'hung'],
      [30_000, 'serving'],
    ]);
  });

  it('counts nothing that arrives during Warmup', () => {
    const all = run({ durationMs: 60_000 }).result.requests.total;
    const warm = run({ durationMs: 60_000, warmupMs: 30_000 }).result.requests.total;
    expect(warm).toBeGreaterThan(0.35 * all);
    expect(warm).toBeLessThan(0.65 * all);
  });

  it('counts a request arriving at the very end of Warmup (docs/scenario-format.md: only those arriving before it are left out)', () => {
    // Constant arrivals at 10 req/s come every 100 ms from t = 100 ms, so exactly the 299 at 100 ms
    // ... 29 900 ms arrive before a 30 s Warmup; the one at 30 000 ms is counted.
    const traffic = { rate: 10, arrival: 'constant' as const, pattern: [], requests: [{ method: 'GET', path: '/', weight: 1 }], clients: null };
    const all = run({ durationMs: 60_000, traffic }).result.requests.total;
    const warm = run({ durationMs: 60_000, warmupMs: 30_000, traffic }).result.requests.total;
    expect(all - warm).toBe(299);
  });
});
