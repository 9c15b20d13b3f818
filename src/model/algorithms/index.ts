// The algorithm registry: the only file that lists every algorithm implementation.

import type { AlgorithmName } from '../config.js';
import type { Algorithm } from './algorithm.js';
import { createLeastOutstanding } from './least-outstanding.js';
import { createRandom } from './random.js';
import { createRoundRobin } from './round-robin.js';

export const ALGORITHMS: Record<AlgorithmName, () => Algorithm> = {
  'round-robin': createRoundRobin,
  'least-outstanding': createLeastOutstanding,
  random: createRandom,
};
