// The client population: uniform and Zipf draws have the requested shares (within five binomial
// standard deviations), and requests carry their client through a run.
import { describe, expect, it } from 'vitest';
import { ClientPopulation } from '../../src/model/traffic/clients.js';
import { RngStreams } from '../../src/sim/rng.js';

function shares(population: ClientPopulation, count: number, draws: number): number[] {
  const counts = new Array<number>(count).fill(0);
  for (let k = 0; k < draws; k++) counts[population.next()]!++;
  return counts.map((c) => c / draws);
}

const tolerance = (p: number, draws: number) => 5 * Math.sqrt((p * (1 - p)) / draws);

describe('client population', () => {
  it('zipf: client k (from 1) with weight 1/k^s', () => {
    const count = 50;
    const exponent = 1.1;
    const draws = 400_000;
    const rng = new RngStreams(1).stream('traffic/clients');
    const measured = shares(new ClientPopulation({ count, distribution: 'zipf', exponent }, rng), count, draws);
    const norm = Array.from({ length: count }, (_, k) => (k + 1) ** -exponent).reduce((s, w) => s + w, 0);
    measured.forEach((share, k) => {
      const p = (k + 1) ** -exponent / norm;
      expect(Math.abs(share - p)).toBeLessThan(tolerance(p, draws));
    });
  });

  it('uniform: every client alike', () => {
    const rng = new RngStreams(2).stream('traffic/clients');
    const draws = 200_000;
    for (const share of shares(new ClientPopulation({ count: 20, distribution: 'uniform', exponent: 1 }, rng), 20, draws)) {
      expect(Math.abs(share - 0.05)).toBeLessThan(tolerance(0.05, draws));
    }
  });
});
