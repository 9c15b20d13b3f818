// Service-time samplers against their distributions: every draw in range, and the sample mean
// within five standard errors of the theoretical mean (SE = sd/√n, sd from the distribution itself).
import { describe, expect, it } from 'vitest';
import { serviceTimeSampler } from '../../src/model/instance/service-time.js';
import { RngStreams } from '../../src/sim/rng.js';

const DRAWS = 100_000;

function draws(spec: Parameters<typeof serviceTimeSampler>[0], seed: number): number[] {
  const sample = serviceTimeSampler(spec);
  const rng = new RngStreams(seed).stream('instance/i-1');
  return Array.from({ length: DRAWS }, () => sample(rng));
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

describe('service-time samplers', () => {
  it('uniform: every draw within [MinMs, MaxMs), mean (min + max) / 2', () => {
    const values = draws({ distribution: 'uniform', minMs: 20, maxMs: 80 }, 1);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...values)).toBeLessThan(80);
    // sd of a uniform on [20, 80] is 60/√12.
    expect(Math.abs(mean(values) - 50)).toBeLessThan((5 * 60) / Math.sqrt(12) / Math.sqrt(DRAWS));
  });

  it('lognormal: the mean is MeanMs whatever Sigma', () => {
    const sigma = 0.5;
    const values = draws({ distribution: 'lognormal', meanMs: 40, sigma }, 2);
    expect(Math.min(...values)).toBeGreaterThan(0);
    // sd of a lognormal with mean m is m·√(e^{σ²} − 1).
    expect(Math.abs(mean(values) - 40)).toBeLessThan((5 * 40 * Math.sqrt(Math.exp(sigma * sigma) - 1)) / Math.sqrt(DRAWS));
  });
});
