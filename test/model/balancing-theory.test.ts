// Fault-free runs of each balancing algorithm against queueing theory. N single-worker instances
// with exponential service are N M/M/1 queues fed by the algorithm: random splits Poisson traffic
// (each queue M/M/1), round robin gives each queue every N-th arrival (E_N/M/1), least-outstanding
// with d choices is Mitzenmacher's supermarket model, and full least-outstanding can do no better
// than one shared queue (M/M/N). Tolerances are 99.9% batch-means intervals from each run
// (balancing-runs.ts), so a longer run gives a tighter test; fixed seeds keep the runs identical.
import { describe, expect, it } from 'vitest';
import { measure, type Load } from './balancing-runs.js';
import { erlangArrivalsMeanSojourn, mmcMeanSojourn, supermarketMeanSojourn } from './queueing-theory.js';

const base = { seed: 1, warmupS: 2, batches: 10 } as const;

/** |measured − theory| within the run's own interval plus `allowance` (relative) for what the closed form leaves out. */
function expectNear(load: Load, theory: number, allowance = 0): void {
  const { mean, halfWidth } = measure(load);
  expect(Math.abs(mean - theory)).toBeLessThan(halfWidth + allowance * theory);
  // The run is long enough for the comparison to mean something: the interval is within 3%.
  expect(halfWidth / theory).toBeLessThan(0.03);
}

describe('balancing against queueing theory (units: mean service times)', () => {
  it('random over 20 single-worker instances: each an M/M/1 queue, T = 1/(1−ρ)', () => {
    // Random splitting of Poisson arrivals gives independent Poisson streams of rate λ/N.
    // Whitt (1989) puts the relative sd of one queue's mean over T seconds at √(2(1+ρ)/(ρ(1−ρ)²μT)):
    // 3.7% at 400 s, 0.82% over 20 independent queues; 20 batches of 20 s find about that.
    expectNear({ ...base, algorithm: 'random', instances: 20, rho: 0.7, measuredS: 400, batches: 20 }, 1 / (1 - 0.7));
  });

  it('round-robin over 20: each queue sees Erlang-20 gaps, E_20/M/1 from the GI/M/1 root', () => {
    expectNear({ ...base, algorithm: 'round-robin', instances: 20, rho: 0.7, measuredS: 200 }, erlangArrivalsMeanSojourn(20, 0.7));
  });

  // The fixed point is the N → ∞ limit with choices drawn with replacement; an exact Markov-chain
  // simulation of the finite model (500 queues, distinct choices, 8·10⁶ time units) sits 0.10%
  // (d = 2) and 0.18% (d = 3) above it, so 0.5% covers what the limit leaves out.
  for (const d of [2, 3]) {
    it(`least-outstanding with Choices ${d} over 500: Mitzenmacher's supermarket fixed point`, () => {
      expectNear({ ...base, algorithm: 'least-outstanding', choices: d, instances: 500, rho: 0.8, measuredS: 20 }, supermarketMeanSojourn(d, 0.8), 0.005);
    });
  }

  // Ten instances: small pools are where the algorithms differ most (with hundreds, least-outstanding
  // is within a few percent of M/M/N and the intervals would have to be tighter than that).
  const small = { ...base, warmupS: 5, instances: 10, rho: 0.8 } as const;

  it('full least-outstanding is bounded below by M/M/N (Erlang C)', () => {
    const jsq = measure({ ...small, algorithm: 'least-outstanding', measuredS: 400 });
    // One shared FIFO queue (M/M/N) is optimal; joining the shortest queue can only wait longer.
    expect(jsq.mean - jsq.halfWidth).toBeGreaterThan(mmcMeanSojourn(10, 0.8));
  });

  it('orders the algorithms at the same load: M/M/N ≤ least-outstanding ≤ d=3 ≤ d=2 ≤ random', () => {
    const at = (algorithm: Load['algorithm'], choices: number | null) => measure({ ...small, algorithm, choices, measuredS: 200 });
    const chain = [at('least-outstanding', null), at('least-outstanding', 3), at('least-outstanding', 2), at('random', null)];
    let lower = mmcMeanSojourn(10, 0.8);
    for (const run of chain) {
      // Each step up is separated by more than both runs' intervals.
      expect(run.mean - run.halfWidth).toBeGreaterThan(lower);
      lower = run.mean + run.halfWidth;
    }
  });
});
