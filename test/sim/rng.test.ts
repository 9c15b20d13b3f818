// Seeded random streams: same seed and stream give the same draws, streams stay independent,
// and the distributions have the requested shape.
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { RngStreams } from '../../src/sim/rng.js';

const draw = (streams: RngStreams, name: 'traffic' | 'health', n = 5) => Array.from({ length: n }, () => streams.stream(name).next());

describe('RngStreams', () => {
  it("draws exactly seedrandom's Alea sequence for the stream's seed text (the generator is stepped in place)", () => {
    for (const [seed, name] of [[1, 'traffic'], [42, 'instance/i-7'], [2 ** 31, 'health/us-east-1b']] as const) {
      const reference = seedrandom.alea(`lbsim:${seed}:${name}`);
      const rng = new RngStreams(seed).stream(name);
      const ours = Array.from({ length: 20_000 }, () => rng.next());
      expect(ours).toEqual(Array.from({ length: 20_000 }, () => reference()));
    }
  });

  it('gives the same sequence for the same seed and stream', () => {
    expect(draw(new RngStreams(42), 'traffic')).toEqual(draw(new RngStreams(42), 'traffic'));
  });

  it('gives different sequences for different seeds', () => {
    expect(draw(new RngStreams(42), 'traffic')).not.toEqual(draw(new RngStreams(43), 'traffic'));
  });

  it('keeps streams independent: using one never shifts another', () => {
    const alone = new RngStreams(9);
    const traffic = draw(alone, 'traffic');
    const mixed = new RngStreams(9);
    draw(mixed, 'health', 100);
    mixed.stream('instance/i-7').next();
    expect(draw(mixed, 'traffic')).toEqual(traffic);
  });

  it('draws exponentials with the requested mean and uniforms in [0, 1)', () => {
    const rng = new RngStreams(1).stream('traffic');
    let sum = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) sum += rng.exponential(50);
    // Standard error of the mean is 50/sqrt(n) ≈ 0.11; 5 of them is 0.56.
    expect(Math.abs(sum / n - 50)).toBeLessThan(0.56);
    for (let i = 0; i < 10_000; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
    }
  });
});
