// Service-time samplers: one function per distribution, drawn from the instance's own RNG stream.

import type { Rng } from '../../sim/rng.js';
import type { ServiceTimeSpec } from '../config.js';

export type ServiceTimeSampler = (rng: Rng) => number;

export function serviceTimeSampler(spec: ServiceTimeSpec): ServiceTimeSampler {
  switch (spec.distribution) {
    case 'exponential': {
      const meanMs = spec.meanMs;
      return (rng) => rng.exponential(meanMs);
    }
    case 'constant': {
      const valueMs = spec.meanMs;
      return () => valueMs;
    }
    case 'uniform': {
      const { minMs, maxMs } = spec;
      return (rng) => minMs + (maxMs - minMs) * rng.next();
    }
    case 'lognormal': {
      // Parameterised by its mean: mu = ln(mean) - sigma^2/2 keeps E[X] = mean.
      const sigma = spec.sigma;
      const mu = Math.log(spec.meanMs) - (sigma * sigma) / 2;
      return (rng) => Math.exp(mu + sigma * standardNormal(rng));
    }
  }
}

/** Box–Muller; one of the pair is discarded so each draw uses exactly two uniforms. */
function standardNormal(rng: Rng): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
