// Fault-free runs against queueing theory. One instance with one worker is M/M/1; with c
// workers it is M/M/c (Erlang C). Tolerances come from the run length, not from guesses.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.js';
import { instance, setup } from '../helpers/setup.js';
import { erlangC } from './queueing-theory.js';

function run(seed: number, concurrency: number, rate: number, meanServiceMs: number, durationMs: number, warmupMs: number) {
  const base = setup();
  return simulate(
    setup({
      seed,
      durationMs,
      warmupMs,
      instances: [instance('i-1', { concurrency, backlog: 1_000_000, serviceTime: { distribution: 'exponential', meanMs: meanServiceMs } })],
      traffic: { ...base.traffic, rate },
      // TCP checks take no worker, so the queue sees client requests only.
      healthCheck: { ...base.healthCheck, protocol: 'TCP', path: '' },
    }),
  );
}

describe('queueing validation', () => {
  it('one worker matches M/M/1: mean response time 1/(μ-λ)', () => {
    const lambda = 10; // req/s
    const mu = 20; // 50 ms mean service
    const rho = lambda / mu;
    const durationS = 4_000;
    const result = run(3, 1, lambda, 1000 / mu, (durationS + 100) * 1000, 100_000);
    const theoryMs = 1000 / (mu - lambda);
    // Whitt (1989): the time-average number in an M/M/1 system over T seconds has variance
    // ≈ 2ρ(1+ρ)/(1-ρ)^4 / (μT); by Little's law the mean response time inherits its relative error.
    const relativeSd = Math.sqrt((2 * rho * (1 + rho)) / (1 - rho) ** 4 / (mu * durationS)) / (rho / (1 - rho));
    const tolerance = 4 * relativeSd;
    expect(Math.abs(result.latency.meanMs / theoryMs - 1)).toBeLessThan(tolerance);
    expect(tolerance).toBeLessThan(0.1); // the run is long enough for the check to mean something
  });

  it('c workers match M/M/c (Erlang C): mean response over 8 independent seeds', () => {
    const c = 4;
    const mu = 20;
    const lambda = 60; // ρ = 0.75
    const a = lambda / mu;
    const theoryMs = 1000 * (erlangC(c, a) / (c * mu - lambda) + 1 / mu);
    const means = Array.from({ length: 8 }, (_, i) => run(100 + i, c, lambda, 1000 / mu, 410_000, 10_000).latency.meanMs);
    const mean = means.reduce((s, x) => s + x, 0) / means.length;
    const sd = Math.sqrt(means.reduce((s, x) => s + (x - mean) ** 2, 0) / (means.length - 1));
    // Replications are independent, so a Student t interval applies: t(0.999, 7 df) = 4.785.
    const halfWidth = (4.785 * sd) / Math.sqrt(means.length);
    expect(Math.abs(mean - theoryMs)).toBeLessThan(halfWidth);
    expect(halfWidth / theoryMs).toBeLessThan(0.05);
  });

  it('Erlang C matches known values', () => {
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 12); // M/M/1: P(wait) = ρ
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
  });
});
