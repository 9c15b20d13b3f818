// detectedAt: when the balancer noticed what an incident's errors came from.
import { describe, expect, it } from 'vitest';
import { detectionTimes } from '../../src/model/run/detection.js';
import type { Incident, InstanceSummary } from '../../src/model/run/result.js';
import { fault, setup } from '../helpers/setup.js';

function summary(id: string, outOfServiceAtMs: number[]): InstanceSummary {
  return {
    id, zone: 'us-east-1a', requests: 0, responses: 0, backend5xx: 0, gatewayErrors: 0, probes: 0, probesFailed: 0, actual: [],
    transitions: outOfServiceAtMs.map((tMs) => ({ tMs, node: 'lb', from: 'InService' as const, to: 'OutOfService' as const, reason: '', probes: 2 })),
  };
}

function incident(reason: Incident['reason'], startMs: number, instanceIds: string[], faultIndexes: number[] = []): Incident {
  return { number: 1, startMs, endMs: startMs + 1000, status: 503, reason, count: 1, instanceIds, faultIndexes, detectedAtMs: null, node: null };
}

describe('detection times', () => {
  const instances = [summary('i-1', [50_000, 150_000]), summary('i-2', [60_000, 170_000])];

  it('NoHealthyInstances: the last instance marked OutOfService before the incident, in each episode', () => {
    const [first, second] = detectionTimes(
      [incident('NoHealthyInstances', 60_100, ['i-1', 'i-2']), incident('NoHealthyInstances', 170_050, ['i-1', 'i-2'])],
      instances,
      setup(),
    );
    expect(first!.detectedAtMs).toBe(60_000);
    expect(second!.detectedAtMs).toBe(170_000);
  });

  it('fault-caused errors: the first OutOfService mark after the fault began, the latest over the instances', () => {
    const s = setup({ events: [fault(0, 100_000, 'hang', ['i-1', 'i-2'])] });
    const [detected] = detectionTimes([incident('ResponseTimeout', 160_000, ['i-1', 'i-2'], [0])], instances, s);
    expect(detected!.detectedAtMs).toBe(170_000);
  });

  it('is null when an instance involved was never marked OutOfService', () => {
    const s = setup({ events: [fault(0, 100_000, 'hang', ['i-1'])] });
    const [detected] = detectionTimes([incident('ResponseTimeout', 160_000, ['i-3'], [0])], instances, s);
    expect(detected!.detectedAtMs).toBeNull();
  });
});
