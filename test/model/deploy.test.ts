// The `deploy` fault: batches in target order, each deregistered, drained, down for RestartTime,
// restarted, registered and InService again before the next; restarts in place; a stalled deploy.
import { describe, expect, it } from 'vitest';
import type { FaultEvent, GatewayErrorEvent, SimEvent } from '../../src/model/run/events.js';
import type { DeployBatch, RunResult } from '../../src/model/run/result.js';
import { simulate } from '../../src/simulate.js';
import { fault, instance, setup } from '../helpers/setup.js';

const NOT_REGISTERED = 'Instance is not currently registered with the LoadBalancer.';
const base = setup();
/** Requests that stay in flight for seconds, so cuts are visible. */
const busy = { concurrency: 100, serviceTime: { distribution: 'constant', meanMs: 3_000 } } as const;
const pool = (n: number) => Array.from({ length: n }, (_, i) => instance(`i-${i + 1}`, busy));
const ids = (n: number) => pool(n).map((config) => config.id);
const fastChecks = { ...base.healthCheck, intervalMs: 10_000, healthyThreshold: 2, unhealthyThreshold: 2 };

function run(overrides: Parameters<typeof setup>[0]) {
  const events: SimEvent[] = [];
  const result = simulate(setup({ healthCheck: fastChecks, ...overrides }), { sink: { emit: (e) => events.push(e) } });
  return {
    result,
    batches: result.deploys[0]?.batches ?? [],
    errors: events.filter((e): e is GatewayErrorEvent => e.type === 'gateway-error'),
    faults: events.filter((e): e is FaultEvent => e.type === 'fault'),
  };
}

const summary = (result: RunResult, id: string) => result.instances.find((i) => i.id === id)!;
/** When the balancer next believed `id` InService at or after `fromMs`. */
const inServiceAfter = (result: RunResult, id: string, fromMs: number) => summary(result, id).transitions.find((t) => t.to === 'InService' && t.tMs >= fromMs)?.tMs;

/** Each batch starts when the one before is done, and is done when its instances are InService again. */
function expectChained(result: RunResult, batches: DeployBatch[]): void {
  batches.forEach((batch, k) => {
    if (k > 0) expect(batch.startMs).toBe(batches[k - 1]!.doneMs);
    const back = Math.max(...batch.instanceIds.map((id) => inServiceAfter(result, id, batch.restartedMs!)!));
    expect(batch.doneMs).toBe(back);
  });
}

describe('deploy, deregistering first', () => {
  it('without draining: deregister and stop at once, down RestartTime, register, next batch once InService', () => {
    const { result, batches, errors, faults } = run({
      durationMs: 400_000,
      instances: pool(3),
      events: [fault(0, 60_000, 'deploy', ids(3), { params: { batchSize: 1, restartMs: 20_000, deregister: true } })],
    });
    expect(batches.map((b) => b.instanceIds)).toEqual([['i-1'], ['i-2'], ['i-3']]);
    expect(batches[0]!.startMs).toBe(60_000);
    for (const batch of batches) {
      expect(batch.stoppedMs).toBe(batch.startMs);
      expect(batch.restartedMs).toBe(batch.startMs + 20_000);
      expect(batch.registeredMs).toBe(batch.restartedMs);
      // HealthyThreshold 2 at a 10 s Interval: the second passing check comes 10–20 s after joining.
      expect(batch.doneMs! - batch.restartedMs!).toBeGreaterThan(10_000);
      expect(batch.doneMs! - batch.restartedMs!).toBeLessThanOrEqual(20_000);
      const [id] = batch.instanceIds as [string];
      expect(summary(result, id).actual.slice(1)).toEqual([
        { tMs: batch.stoppedMs, state: 'crashed', faultIndex: 0 },
        { tMs: batch.restartedMs, state: 'serving', faultIndex: 0 },
      ]);
      expect(summary(result, id).transitions.map((t) => [t.tMs, t.to, t.reason])).toEqual([
        [batch.startMs, 'OutOfService', NOT_REGISTERED],
        [batch.doneMs, 'InService', 'N/A'],
      ]);
    }
    expectChained(result, batches);
    expect(result.deploys[0]!.endMs).toBe(batches[2]!.doneMs);
    expect(faults.map((f) => f.phase)).toEqual(['start', 'end']);
    expect(faults[0]!.t).toBe(60);
    expect(faults[1]!.t).toBeCloseTo(batches[2]!.doneMs! / 1000, 5);
    // Only the cuts at each deregistration, blamed on the deploy; nothing is ever refused.
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.reason === 'UpstreamReset' && e.fault === 0)).toBe(true);
    const at = (ms: number) => Math.round(ms);
    expect(new Set(errors.map((e) => at(e.t * 1000)))).toEqual(new Set(batches.map((b) => at(b.startMs))));
  });

  it('with draining: the processes stop after the draining Timeout, and requests in flight finish', () => {
    const { result, batches, errors } = run({
      durationMs: 400_000,
      balancer: { ...base.balancer, drainingEnabled: true, drainingTimeoutMs: 15_000 },
      instances: pool(3),
      events: [fault(0, 60_000, 'deploy', ids(3), { params: { batchSize: 1, restartMs: 20_000, deregister: true } })],
    });
    expect(batches).toHaveLength(3);
    for (const batch of batches) {
      expect(batch.stoppedMs).toBe(batch.startMs + 15_000);
      expect(batch.restartedMs).toBe(batch.stoppedMs! + 20_000);
    }
    expectChained(result, batches);
    expect(errors).toEqual([]);
  });

  it('a draining Timeout shorter than the work: what is still running when the process stops is cut, blamed on the deploy', () => {
    const long = { concurrency: 1_000, serviceTime: { distribution: 'constant', meanMs: 20_000 } } as const;
    const { batches, errors } = run({
      durationMs: 200_000,
      balancer: { ...base.balancer, drainingEnabled: true, drainingTimeoutMs: 5_000 },
      instances: [instance('i-1', long), instance('i-2', long)],
      events: [fault(0, 60_000, 'deploy', ['i-1'], { params: { batchSize: 1, restartMs: 10_000, deregister: true } })],
    });
    expect(batches[0]!.stoppedMs).toBe(65_000);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.t === 65 && e.instance === 'i-1' && e.reason === 'UpstreamReset' && e.fault === 0)).toBe(true);
  });

  it('BatchSize 2: two at a time in target order; the next batch waits for both', () => {
    const { result, batches } = run({
      durationMs: 400_000,
      instances: pool(5),
      events: [fault(0, 30_000, 'deploy', ['i-4', 'i-1', 'i-2', 'i-3', 'i-5'], { params: { batchSize: 2, restartMs: 20_000, deregister: true } })],
    });
    expect(result.deploys[0]!.batchCount).toBe(3);
    expect(batches.map((b) => b.instanceIds)).toEqual([['i-4', 'i-1'], ['i-2', 'i-3'], ['i-5']]);
    expectChained(result, batches);
    expect(result.deploys[0]!.endMs).toBe(batches[2]!.doneMs);
  });
});

describe('deploy, restarting in place (Deregister false)', () => {
  it('stops at once; health checks take it out; the next batch starts when it is InService again', () => {
    const { result, batches, errors } = run({
      durationMs: 400_000,
      instances: pool(3),
      events: [fault(0, 60_000, 'deploy', ids(3), { params: { batchSize: 1, restartMs: 40_000, deregister: false } })],
    });
    expect(batches).toHaveLength(3);
    for (const batch of batches) {
      expect(batch.stoppedMs).toBe(batch.startMs);
      expect(batch.registeredMs).toBeNull();
      const [id] = batch.instanceIds as [string];
      // Down 40 s with checks every 10 s: two refused checks in a row take it out first.
      const out = summary(result, id).transitions.find((t) => t.to === 'OutOfService')!;
      expect(out.tMs).toBeGreaterThan(batch.stoppedMs!);
      expect(out.tMs).toBeLessThan(batch.restartedMs!);
      expect(out.reason).not.toBe(NOT_REGISTERED);
    }
    expectChained(result, batches);
    // Requests in flight are cut by the stop; new connections are refused and retried elsewhere.
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.reason === 'UpstreamReset' && e.fault === 0)).toBe(true);
    expect(result.gatewayErrors.byReason.ConnectRefused).toBeUndefined();
  });

  it('a restart too short for the checks to notice: the batch is done at its restart', () => {
    const { result, batches } = run({
      durationMs: 200_000,
      healthCheck: { ...fastChecks, intervalMs: 30_000 },
      instances: pool(3),
      events: [fault(0, 60_000, 'deploy', ids(3), { params: { batchSize: 1, restartMs: 2_000, deregister: false } })],
    });
    expect(batches).toHaveLength(3);
    for (const batch of batches) expect(batch.doneMs).toBe(batch.restartedMs);
    expect(result.deploys[0]!.endMs).toBe(60_000 + 3 * 2_000);
    expect(result.instances.every((i) => i.transitions.length === 0)).toBe(true);
  });
});

describe('a deploy is deterministic', () => {
  it('the same setup twice gives the same batches and the same events', () => {
    const once = () =>
      run({
        durationMs: 300_000,
        balancer: { ...base.balancer, drainingEnabled: true, drainingTimeoutMs: 10_000 },
        instances: pool(4),
        events: [fault(0, 30_000, 'deploy', ids(4), { params: { batchSize: 2, restartMs: 15_000, deregister: true } })],
      });
    const [a, b] = [once(), once()];
    expect(a.result.deploys).toEqual(b.result.deploys);
    expect(a.errors).toEqual(b.errors);
    expect(a.faults).toEqual(b.faults);
  });
});

describe('a deploy that stalls', () => {
  it('a batch that never passes its checks again holds the rest back, and the deploy never ends', () => {
    const { result, batches, faults } = run({
      durationMs: 300_000,
      instances: pool(3),
      events: [
        fault(0, 60_000, 'deploy', ids(3), { params: { batchSize: 1, restartMs: 20_000, deregister: true } }),
        // The new version's health endpoint is broken: it fails from just after the restart.
        fault(1, 81_000, 'health-fail', ['i-1']),
      ],
    });
    expect(batches).toHaveLength(1);
    expect(batches[0]!.restartedMs).toBe(80_000);
    expect(batches[0]!.doneMs).toBeNull();
    expect(result.deploys[0]!.endMs).toBeNull();
    expect(faults.filter((f) => f.index === 0).map((f) => f.phase)).toEqual(['start']);
    expect(summary(result, 'i-2').actual).toHaveLength(1);
  });

  it('a deploy that restarts a process ends the faults on it, as recover does', () => {
    const { result } = run({
      durationMs: 200_000,
      instances: pool(2),
      events: [fault(0, 10_000, 'hang', ['i-1']), fault(1, 60_000, 'deploy', ['i-1'], { params: { restartMs: 10_000, deregister: true } })],
    });
    expect(summary(result, 'i-1').actual.map((a) => [a.tMs, a.state, a.faultIndex])).toEqual([
      [0, 'serving', null],
      [10_000, 'hung', 0],
      [60_000, 'crashed', 1],
      [70_000, 'serving', 1],
    ]);
    expect(result.deploys[0]!.endMs).not.toBeNull();
  });

  it('stopping an instance that is already down records no change; its restart does', () => {
    const { result } = run({
      durationMs: 200_000,
      instances: pool(2),
      events: [fault(0, 10_000, 'crash', ['i-1']), fault(1, 60_000, 'deploy', ['i-1'], { params: { restartMs: 10_000, deregister: true } })],
    });
    expect(summary(result, 'i-1').actual.map((a) => [a.tMs, a.state, a.faultIndex])).toEqual([
      [0, 'serving', null],
      [10_000, 'crashed', 0],
      [70_000, 'serving', 1],
    ]);
  });
});

describe('after a deploy has ended', () => {
  it('an instance coming back InService later (a crash and restart) leaves the finished deploy as it was', () => {
    // The deploy of i-1 is done by about 100 s; i-2 then crashes at 200 s for 20 s, fails its checks
    // and passes HealthyThreshold 2 checks again 10–20 s after its restart.
    const { result, batches } = run({
      durationMs: 300_000,
      instances: pool(2),
      events: [
        fault(0, 60_000, 'deploy', ['i-1'], { params: { batchSize: 1, restartMs: 20_000, deregister: true } }),
        fault(1, 200_000, 'crash', ['i-2'], { durationMs: 20_000 }),
      ],
    });
    expect(batches).toHaveLength(1);
    expect(result.deploys[0]!.endMs).toBe(batches[0]!.doneMs);
    expect(batches[0]!.doneMs).toBeLessThan(200_000);
    const back = inServiceAfter(result, 'i-2', 220_000)!;
    expect(back).toBeGreaterThan(230_000);
    expect(back).toBeLessThanOrEqual(240_000);
  });
});
