// Fault timelines: nesting of one kind, recover, restart after a crash, and which fault an
// error is blamed on.
import { describe, expect, it } from 'vitest';
import type { FaultEvent, GatewayErrorEvent, SimEvent } from '../../src/model/run/events.js';
import { simulate } from '../../src/simulate.js';
import { fault, setup } from '../helpers/setup.js';

function run(overrides: Parameters<typeof setup>[0]) {
  const events: SimEvent[] = [];
  const result = simulate(setup(overrides), { sink: { emit: (e) => events.push(e) } });
  return { result, events, errors: events.filter((e): e is GatewayErrorEvent => e.type === 'gateway-error') };
}

const states = (result: ReturnType<typeof run>['result'], id: string) =>
  result.instances.find((i) => i.id === id)!.actual.map((a) => [a.tMs / 1000, a.state, a.faultIndex]);

describe('fault timeline', () => {
  it('nests faults of one kind: a shorter hang inside a longer one does not end it', () => {
    const { result } = run({
      durationMs: 300_000,
      events: [fault(0, 60_000, 'hang', ['i-1']), fault(1, 120_000, 'hang', ['i-1'], { durationMs: 30_000 })],
    });
    expect(states(result, 'i-1')).toEqual([
      [0, 'serving', null],
      [60, 'hung', 0],
    ]);
  });

  it('re-applies the older slow factor when a nested one ends', () => {
    const params = (factor: number) => ({ params: { factor, addMs: 0, probability: 1, status: 500 } });
    const { result } = run({
      durationMs: 200_000,
      events: [
        fault(0, 10_000, 'slow', ['i-1'], { durationMs: 100_000, ...params(4) }),
        fault(1, 20_000, 'slow', ['i-1'], { durationMs: 10_000, ...params(8) }),
      ],
    });
    // Still degraded after the inner one ends at 30 s; serving only when the outer ends at 110 s.
    expect(states(result, 'i-1')).toEqual([
      [0, 'serving', null],
      [10, 'degraded', 0],
      [110, 'serving', 0],
    ]);
  });

  it('a crash that ends restarts a fresh process, not a hung one', () => {
    const { result } = run({
      durationMs: 200_000,
      events: [fault(0, 60_000, 'hang', ['i-1']), fault(1, 90_000, 'crash', ['i-1'], { durationMs: 30_000 })],
    });
    expect(states(result, 'i-1')).toEqual([
      [0, 'serving', null],
      [60, 'hung', 0],
      [90, 'crashed', 1],
      [120, 'serving', 1],
    ]);
  });

  it('the old process hang is over after the restart: a later hang that ends leaves the new process serving', () => {
    // Hang 0 has no Duration, but the crash at 90 s ends that process; hang 2 (150 s to 170 s) is
    // the new process's only hang, so at 170 s nothing holds the instance any more.
    const { result } = run({
      durationMs: 200_000,
      events: [
        fault(0, 60_000, 'hang', ['i-1']),
        fault(1, 90_000, 'crash', ['i-1'], { durationMs: 30_000 }),
        fault(2, 150_000, 'hang', ['i-1'], { durationMs: 20_000 }),
      ],
    });
    expect(states(result, 'i-1')).toEqual([
      [0, 'serving', null],
      [60, 'hung', 0],
      [90, 'crashed', 1],
      [120, 'serving', 1],
      [150, 'hung', 2],
      [170, 'serving', 2],
    ]);
  });

  it("the old process's hang ending after the restart does not end the new process's hang", () => {
    // Hang 0 would last until 160 s, but the crash at 90 s ends that process; hang 2 (from 130 s,
    // no Duration) belongs to the new one and holds until the run ends.
    const { result, events } = run({
      durationMs: 200_000,
      events: [
        fault(0, 60_000, 'hang', ['i-1'], { durationMs: 100_000 }),
        fault(1, 90_000, 'crash', ['i-1'], { durationMs: 30_000 }),
        fault(2, 130_000, 'hang', ['i-1']),
      ],
    });
    expect(states(result, 'i-1')).toEqual([
      [0, 'serving', null],
      [60, 'hung', 0],
      [90, 'crashed', 1],
      [120, 'serving', 1],
      [130, 'hung', 2],
    ]);
    // The event log still marks each Duration's end, at atMs + Duration.
    const phases = events.filter((e): e is FaultEvent => e.type === 'fault').map((e) => [e.t, e.index, e.phase]);
    expect(phases).toEqual([
      [60, 0, 'start'],
      [90, 1, 'start'],
      [120, 1, 'end'],
      [130, 2, 'start'],
      [160, 0, 'end'],
    ]);
  });

  it('recover ends every fault in force, and a later Duration end is a no-op', () => {
    const { result } = run({
      durationMs: 200_000,
      events: [
        fault(0, 10_000, 'hang', ['i-1'], { durationMs: 100_000 }),
        fault(1, 20_000, 'errors', ['i-1']),
        fault(2, 50_000, 'recover', ['i-1']),
      ],
    });
    expect(states(result, 'i-1')).toEqual([
      [0, 'serving', null],
      [10, 'hung', 0],
      [50, 'serving', 2],
    ]);
  });

  it('blames a timeout on the hang that froze the request, not on a newer nested one', () => {
    const { errors } = run({
      durationMs: 200_000,
      events: [fault(0, 60_000, 'hang', ['i-1', 'i-2']), fault(1, 120_000, 'hang', ['i-1', 'i-2'], { durationMs: 30_000 })],
    });
    const timeouts = errors.filter((e) => e.reason === 'ResponseTimeout');
    expect(timeouts.length).toBeGreaterThan(0);
    expect(new Set(timeouts.map((e) => e.fault))).toEqual(new Set([0]));
  });

  it('a fault of another kind ending leaves a hang in force, and its timeouts blamed on it', () => {
    // Only a crash's restart ends a hang; here a slow fault (70 s to 80 s) ends inside the hang.
    const { errors } = run({
      durationMs: 200_000,
      events: [fault(0, 60_000, 'hang', ['i-1', 'i-2']), fault(1, 70_000, 'slow', ['i-1', 'i-2'], { durationMs: 10_000, params: { factor: 2 } })],
    });
    const later = errors.filter((e) => e.reason === 'ResponseTimeout' && e.t > 80);
    expect(later.length).toBeGreaterThan(0);
    expect(new Set(later.map((e) => e.fault))).toEqual(new Set([0]));
  });

  it('records belief when the request was sent and when it failed', () => {
    const { errors } = run({ durationMs: 400_000, events: [fault(0, 60_000, 'hang', ['i-1', 'i-2'])] });
    const timeouts = errors.filter((e) => e.reason === 'ResponseTimeout');
    expect(timeouts.every((e) => e.belief === 'InService' && e.truth === 'hung')).toBe(true);
    // Requests sent just before detection time out after it: the balancer had noticed by then.
    expect(timeouts.some((e) => e.beliefAtError === 'OutOfService')).toBe(true);
  });

  it('NoHealthyInstances blames the newest fault, also when it starts on an instance already out of service', () => {
    const { errors } = run({
      durationMs: 300_000,
      events: [fault(0, 60_000, 'hang', ['i-1', 'i-2']), fault(1, 200_000, 'crash', ['i-1', 'i-2'])],
    });
    const noHealthy = errors.filter((e) => e.reason === 'NoHealthyInstances');
    expect(noHealthy.some((e) => e.t < 200 && e.fault === 0)).toBe(true);
    expect(noHealthy.filter((e) => e.t > 200).every((e) => e.fault === 1)).toBe(true);
  });

  it('counts only requests after Warmup as in flight at the end', () => {
    const { result } = run({ durationMs: 120_000, warmupMs: 119_000, events: [fault(0, 60_000, 'hang', ['i-1', 'i-2'])] });
    expect(result.requests.inFlightAtEnd).toBeLessThanOrEqual(result.requests.total);
    const answered = Object.values(result.statusCounts).reduce((a, b) => a + b, 0);
    expect(answered + result.requests.inFlightAtEnd).toBe(result.requests.total);
  });
});
