// The live recorder builds run's RunResult from what the proxy reports: answers counted after
// Warmup only, gateway errors blamed by the simulator's rules (the fault on the instance tried; for
// NoHealthyInstances the node's out-of-service instances), incidents with detection, transitions.

import { describe, expect, it } from 'vitest';
import { LiveRecorder } from '../../src/live/run/live-recorder.js';
import { Instance } from '../../src/model/instance/instance.js';
import { instanceStreams } from '../../src/model/instance/instance-streams.js';
import { RngStreams } from '../../src/sim/rng.js';
import { Simulator } from '../../src/sim/simulator.js';
import { fault, setup } from '../helpers/setup.js';

const LIVE = { speed: 10, realMs: 1000, sent: 0, late: 0, loopDelayMs: 0 };

function build(overrides = {}) {
  const clock = new Simulator();
  const scenario = setup({ warmupMs: 10_000, events: [fault(0, 20_000, 'crash', ['i-1'])], ...overrides });
  const rngs = new RngStreams(1);
  const states = scenario.instances.map((config) => new Instance(config, clock, instanceStreams(rngs, config.id), 1));
  const recorder = new LiveRecorder(scenario, states, clock);
  /** Moves the clock to `ms` (scenario time) by running an empty event there. */
  const at = (ms: number) => {
    clock.at(ms, 0, () => undefined, null);
    clock.run(ms);
  };
  return { recorder, states, at, scenario };
}

describe('LiveRecorder', () => {
  it('counts answers after Warmup only and splits backend answers from gateway errors', () => {
    const { recorder } = build();
    recorder.onAttempt('us-east-1a', 0, 5_000, false);
    recorder.onAnswer({ node: 'us-east-1a', arrivalMs: 5_000, answeredMs: 5_050, status: 200, reason: null, instance: 0, attempts: 1, hopRealMs: 9 });
    recorder.onAttempt('us-east-1a', 0, 12_000, false);
    recorder.onAnswer({ node: 'us-east-1a', arrivalMs: 12_000, answeredMs: 12_040, status: 200, reason: null, instance: 0, attempts: 1, hopRealMs: 2 });
    recorder.onAttempt('us-east-1a', 1, 13_000, true);
    recorder.onAnswer({ node: 'us-east-1a', arrivalMs: 13_000, answeredMs: 13_060, status: 500, reason: null, instance: 1, attempts: 1, hopRealMs: 4 });
    // Four arrived after Warmup: two answered, two still in flight at the end.
    const result = recorder.finish(4, [], LIVE, 600_000);
    expect(result.requests).toEqual({ total: 4, inFlightAtEnd: 2, attempts: 2, routedUnhealthy: 1 });
    expect(result.statusCounts).toEqual({ '200': 1, '500': 1 });
    expect(result.backend5xx).toBe(1);
    expect(result.latency.count).toBe(2);
    expect(result.latency.meanMs).toBeCloseTo(50, 0);
    expect(result.instances.map((i) => [i.requests, i.responses, i.backend5xx])).toEqual([[1, 1, 0], [1, 1, 1]]);
    // The hop overhead is over the counted answers only: (2 + 4) / 2, not the one before Warmup.
    expect(result.live).toEqual({ ...LIVE, hopOverheadMs: 3 });
  });

  it('blames the fault on the instance tried, groups errors into an incident and dates its detection', () => {
    const { recorder, states, at } = build();
    at(20_000);
    states[0]!.faults.crash.push(fault(0, 20_000, 'crash', ['i-1']));
    states[0]!.crash();
    states[0]!.lastFaultIndex = 0;
    recorder.onActualChange(states[0]!, 'crashed', 0);
    recorder.onAnswer({ node: 'us-east-1a', arrivalMs: 20_500, answeredMs: 20_500, status: 503, reason: 'ConnectRefused', instance: 0, attempts: 1 });
    at(45_000);
    recorder.onBelief('us-east-1a', 0, 'InService', 'OutOfService', 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.', 2);
    const result = recorder.finish(1, [], LIVE, 600_000);
    expect(result.gatewayErrors.byReason).toEqual({ ConnectRefused: { status: 503, count: 1 } });
    expect(result.incidents).toHaveLength(1);
    expect(result.incidents[0]).toMatchObject({ reason: 'ConnectRefused', instanceIds: ['i-1'], faultIndexes: [0], detectedAtMs: 45_000 });
    expect(result.instances[0]!.actual.map((a) => a.state)).toEqual(['serving', 'crashed']);
    expect(result.instances[0]!.transitions).toEqual([
      expect.objectContaining({ tMs: 45_000, node: 'us-east-1a', from: 'InService', to: 'OutOfService', probes: 2 }),
    ]);
  });

  it('blames a connect timeout on the blackhole the instance had, also when it ended during the wait', () => {
    const { recorder, states, at } = build({ events: [fault(0, 20_000, 'blackhole', ['i-1'], { durationMs: 5_000 })] });
    at(20_000);
    recorder.onActualChange(states[0]!, 'unreachable', 0);
    at(25_000);
    recorder.onActualChange(states[0]!, 'serving', 0);
    // Sent at 24 s into the blackhole, timed out at 34 s, after the blackhole had ended.
    recorder.onAnswer({ node: 'us-east-1a', arrivalMs: 24_000, answeredMs: 34_000, status: 504, reason: 'ConnectTimeout', instance: 0, attempts: 1 });
    const result = recorder.finish(1, [], LIVE, 600_000);
    expect(result.incidents[0]).toMatchObject({ reason: 'ConnectTimeout', instanceIds: ['i-1'], faultIndexes: [0] });
  });

  it('blames NoHealthyInstances on the instances the node believes out of service', () => {
    const { recorder, at } = build();
    at(30_000);
    recorder.onBelief('us-east-1a', 0, 'InService', 'OutOfService', 'down', 2);
    recorder.onBelief('us-east-1a', 1, 'InService', 'OutOfService', 'down', 2);
    recorder.onAnswer({ node: 'us-east-1a', arrivalMs: 31_000, answeredMs: 31_000, status: 503, reason: 'NoHealthyInstances', instance: null, attempts: 0 });
    const result = recorder.finish(1, [], LIVE, 600_000);
    expect(result.incidents[0]).toMatchObject({ reason: 'NoHealthyInstances', instanceIds: ['i-1', 'i-2'] });
  });

  it('records nothing after close (an answer then is in flight at the end), and an early end shortens the run', () => {
    const { recorder } = build();
    recorder.close();
    recorder.onAnswer({ node: 'us-east-1a', arrivalMs: 15_000, answeredMs: 16_000, status: 200, reason: null, instance: 0, attempts: 1 });
    const result = recorder.finish(1, [], LIVE, 42_000);
    expect(result.requests).toMatchObject({ total: 1, inFlightAtEnd: 1 });
    expect(result.statusCounts).toEqual({});
    expect(result.setup.durationMs).toBe(42_000);
  });
});
