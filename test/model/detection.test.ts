// Health-check detection timing over many seeds. With Interval I and UnhealthyThreshold U, the
// first failing probe comes within (0, I] of the fault, so a crash is noticed within
// (I(U-1), IU]; a hang makes each HTTP probe wait its Timeout T first: (I(U-1)+T, IU+T].
import { describe, expect, it } from 'vitest';
import type { HealthCheckConfig } from '../../src/model/config.js';
import { simulate } from '../../src/simulate.js';
import { fault, instance, setup } from '../helpers/setup.js';

const intervalMs = 10_000;
const timeoutMs = 4_000;
const unhealthyThreshold = 3;
const faultAtMs = 100_000;
const probeServiceMs = 1;
const seeds = Array.from({ length: 40 }, (_, i) => i + 1);

function detectionLagMs(seed: number, faultName: 'crash' | 'hang', protocol: HealthCheckConfig['protocol'] = 'HTTP'): number | null {
  const base = setup();
  const result = simulate(
    setup({
      seed,
      durationMs: faultAtMs + 60_000,
      // Plenty of workers: probes never wait behind requests, so only the check timing matters.
      instances: [instance('i-1', { concurrency: 100 }), instance('i-2', { concurrency: 100 })],
      traffic: { ...base.traffic, rate: 2 },
      healthCheck: { ...base.healthCheck, protocol, intervalMs, timeoutMs, unhealthyThreshold, probeServiceTimeMs: probeServiceMs },
      events: [fault(0, faultAtMs, faultName, ['i-1'])],
    }),
  );
  const transition = result.instances[0]!.transitions.find((t) => t.to === 'OutOfService');
  return transition ? transition.tMs - faultAtMs : null;
}

describe('detection windows', () => {
  it(`a crash is seen within (I(U-1), IU] = (20s, 30s] on each of ${seeds.length} seeds`, () => {
    const lags = seeds.map((seed) => detectionLagMs(seed, 'crash')!);
    for (const lag of lags) {
      expect(lag).toBeGreaterThan(intervalMs * (unhealthyThreshold - 1));
      expect(lag).toBeLessThanOrEqual(intervalMs * unhealthyThreshold);
    }
    // The phase is uniform, so the lags must spread over the window, not sit at one value.
    expect(Math.max(...lags) - Math.min(...lags)).toBeGreaterThan(intervalMs / 2);
  });

  it(`a hang adds the Timeout: within (I(U-1)+T, IU+T] = (24s, 34s] on each of ${seeds.length} seeds`, () => {
    for (const seed of seeds) {
      const lag = detectionLagMs(seed, 'hang')!;
      // A probe already in service when the hang starts (1 ms of work) can fail that much early.
      expect(lag).toBeGreaterThan(intervalMs * (unhealthyThreshold - 1) + timeoutMs - probeServiceMs);
      expect(lag).toBeLessThanOrEqual(intervalMs * unhealthyThreshold + timeoutMs);
    }
  });

  it('a TCP check never notices a hang: the connection still opens', () => {
    expect(detectionLagMs(1, 'hang', 'TCP')).toBeNull();
    expect(detectionLagMs(1, 'crash', 'TCP')).not.toBeNull();
  });
});
