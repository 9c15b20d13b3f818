// Slow start: the conformance suite for the algorithms it wraps, then the ramp: an instance that
// turns InService while others serve gets a weight rising linearly from 10% over the window
// (stepped every window/30), none when the group was empty, and a new ramp after it leaves and returns.
import { describe, expect, it } from 'vitest';
import type { Algorithm } from '../../../src/model/algorithms/algorithm.js';
import { createAlgorithm } from '../../../src/model/algorithms/index.js';
import { SLOW_START_WEIGHT_MIN } from '../../../src/model/algorithms/slow-start.js';
import type { AlgorithmName } from '../../../src/model/config.js';
import { RngStreams } from '../../../src/sim/rng.js';
import { setup } from '../../helpers/setup.js';
import { pool, request, runConformance, type FakeCandidate } from './algorithm.case.js';

const WINDOW_MS = 30_000;

function rampedAlgorithm(name: AlgorithmName, clock: { nowMs(): number }): Algorithm {
  const balancer = setup().balancer;
  return createAlgorithm({ ...balancer, algorithm: name, routing: { ...balancer.routing, slowStartMs: WINDOW_MS } }, clock, null);
}

for (const name of ['round-robin', 'weighted-round-robin', 'random', 'weighted-random'] as const) {
  let t = 0;
  // Every reset advances the clock, so candidates that join do ramp.
  runConformance(`${name} with slow start`, { create: () => rampedAlgorithm(name, { nowMs: () => (t += 100) }) });
}

/** The newcomer's share of picks in each simulated second, 1,000 picks a second. */
function newcomerShares(name: AlgorithmName, seconds: number): { algorithm: Algorithm; shares: number[]; clock: { t: number } } {
  const clock = { t: 0 };
  const algorithm = rampedAlgorithm(name, { nowMs: () => clock.t });
  const rng = new RngStreams(1).stream('algorithm');
  const candidates = pool(4);
  algorithm.reset?.(candidates.slice(0, 3));
  clock.t = 5_000;
  algorithm.reset?.(candidates);
  const shares: number[] = [];
  for (let s = 0; s < seconds; s++) {
    let newcomer = 0;
    for (let k = 0; k < 1000; k++) {
      clock.t = 5_000 + s * 1000 + k;
      if (algorithm.pick(candidates, rng, request(rng)) === 3) newcomer++;
    }
    shares.push(newcomer / 1000);
  }
  return { algorithm, shares, clock };
}

/** The ramp's share after `s` whole seconds: weight max(10%, s/30) beside three at weight 1. */
const expectedShare = (s: number) => {
  const weight = s >= 30 ? 1 : Math.max(SLOW_START_WEIGHT_MIN, s / 30);
  return weight / (3 + weight);
};

describe('slow start', () => {
  it('ramps a joining instance linearly over the window (smooth round robin: within 2 picks a second)', () => {
    const { shares } = newcomerShares('round-robin', 40);
    shares.forEach((share, s) => expect(Math.abs(share - expectedShare(s))).toBeLessThan(0.003));
  });

  it('ramps under weighted-random too, within the binomial bound of 1,000 picks', () => {
    const { shares } = newcomerShares('weighted-random', 40);
    shares.forEach((share, s) => expect(Math.abs(share - expectedShare(s))).toBeLessThan(5 * Math.sqrt(0.25 / 1000)));
  });

  it('skips the ramp for an instance joining an empty group, and restarts it after a leave', () => {
    const clock = { t: 0 };
    const algorithm = rampedAlgorithm('round-robin', { nowMs: () => clock.t });
    const rng = new RngStreams(1).stream('algorithm');
    const candidates: FakeCandidate[] = pool(2);
    algorithm.reset?.([]);
    algorithm.reset?.(candidates.slice(0, 1));
    algorithm.reset?.(candidates);
    const firstSecond = Array.from({ length: 1000 }, () => algorithm.pick(candidates, rng, request(rng)));
    // Instance 0 joined an empty group: full weight. Instance 1 joined beside it: 10%.
    expect(firstSecond.filter((p) => p === 1).length).toBe(Math.round((1000 * 0.1) / 1.1));
    clock.t = 60_000;
    algorithm.pick(candidates, rng, request(rng));
    algorithm.reset?.(candidates.slice(0, 1));
    algorithm.reset?.(candidates);
    const again = Array.from({ length: 1000 }, () => algorithm.pick(candidates, rng, request(rng)));
    expect(again.filter((p) => p === 1).length).toBeLessThan(100);
  });
});
