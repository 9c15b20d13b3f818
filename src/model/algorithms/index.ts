// The algorithm registry: the only file that lists every algorithm implementation, and the one
// place that wraps an algorithm in slow start and sticky sessions when the scenario asks.

import type { AlgorithmName, BalancerConfig } from '../config.js';
import { baseWeight, type Algorithm, type WeightOf } from './algorithm.js';
import { createConsistentHash } from './consistent-hash.js';
import { requestKey, type RequestKey } from './support/hash-key.js';
import { createLeastOutstanding } from './least-outstanding.js';
import { createLeastOfChoices } from './least-outstanding-choices.js';
import { createMaglev } from './maglev.js';
import { createRandom } from './random.js';
import { createRoundRobin } from './round-robin.js';
import { SlowStartRamp, withSlowStart, type Clock } from './slow-start.js';
import { withStickiness, type CookieJar } from './sticky.js';
import { createWeightedRandom } from './weighted-random.js';
import { createWeightedRoundRobin } from './weighted-round-robin.js';

export { cookieJarFor } from './sticky.js';

export interface AlgorithmOptions {
  /** least-outstanding: candidates drawn per pick; null: all of them. */
  choices: number | null;
  /** consistent-hash and maglev: the request's key. */
  keyOf: RequestKey;
  /** With slow start: each candidate's place on its ramp (0.1–1). Unweighted algorithms then weigh by it alone. */
  ramp: WeightOf | null;
}

const weighted = ({ ramp }: AlgorithmOptions): WeightOf => (ramp === null ? baseWeight : (c) => c.weight * ramp(c));

export const ALGORITHMS: Record<AlgorithmName, (options: AlgorithmOptions) => Algorithm> = {
  'round-robin': ({ ramp }) => (ramp === null ? createRoundRobin() : createWeightedRoundRobin(ramp)),
  'weighted-round-robin': (options) => createWeightedRoundRobin(weighted(options)),
  'least-outstanding': ({ choices }) => (choices === null ? createLeastOutstanding() : createLeastOfChoices(choices)),
  'power-of-two-choices': () => createLeastOfChoices(2),
  random: ({ ramp }) => (ramp === null ? createRandom() : createWeightedRandom(ramp)),
  'weighted-random': (options) => createWeightedRandom(weighted(options)),
  'consistent-hash': ({ keyOf }) => createConsistentHash(keyOf),
  maglev: ({ keyOf }) => createMaglev(keyOf),
};

/** One balancer node's algorithm; `cookies` is shared by every node of the load balancer. */
export function createAlgorithm(config: BalancerConfig, clock: Clock, cookies: CookieJar | null): Algorithm {
  const { routing } = config;
  const ramp = routing.slowStartMs === null ? null : new SlowStartRamp(routing.slowStartMs);
  const options: AlgorithmOptions = {
    choices: routing.choices,
    keyOf: requestKey(routing.hashKey),
    ramp: ramp === null ? null : (candidate) => ramp.of(candidate.index),
  };
  let algorithm = ALGORITHMS[config.algorithm](options);
  if (ramp !== null) algorithm = withSlowStart(algorithm, ramp, clock);
  if (cookies !== null) algorithm = withStickiness(algorithm, cookies, clock);
  return algorithm;
}
