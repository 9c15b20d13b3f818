// consistent-hash: the shared conformance suite, then consistency: removing one of N instances moves only
// that instance's keys, about 1/N of them (a ring with 160 virtual nodes per instance), and path or header keys pin requests.
import { describe, expect, it } from 'vitest';
import { requestKey } from '../../../src/model/algorithms/hash-key.js';
import { ALGORITHMS } from '../../../src/model/algorithms/index.js';
import { RngStreams } from '../../../src/sim/rng.js';
import { options, pool, runConformance } from './algorithm.case.js';
import { owners, shareRelativeSd } from './hashing.js';

const create = (by: 'client' | 'path' = 'client') => ALGORITHMS['consistent-hash'](options({ keyOf: requestKey({ by }) }));

runConformance('consistent-hash', { create: () => create() });
runConformance('consistent-hash by header', { create: () => ALGORITHMS['consistent-hash'](options({ keyOf: requestKey({ by: 'header', name: 'x-tenant' }) })) });

describe('consistent-hash', () => {
  it('removing one of N instances moves only its keys, about 1/N of them', () => {
    const n = 10;
    const keys = 20_000;
    const candidates = pool(n);
    const algorithm = create();
    const before = owners(algorithm, candidates, keys);
    // Four standard deviations of one instance's share (hashing.ts); the bound must still say something.
    const tolerance = 4 * shareRelativeSd(n, keys, 160);
    expect(tolerance).toBeLessThan(0.4);
    for (let removed = 0; removed < n; removed++) {
      const after = owners(algorithm, candidates.filter((c) => c.index !== removed), keys);
      const moved = before.map((owner, k) => owner !== after[k]);
      expect(moved.every((m, k) => !m || before[k] === removed)).toBe(true);
      expect(moved.filter(Boolean).length).toBe(before.filter((owner) => owner === removed).length);
      expect(Math.abs((moved.filter(Boolean).length / keys) * n - 1)).toBeLessThan(tolerance);
    }
  });

  it('keeps its mapping when the same candidates come back, and moves nothing else while one is out', () => {
    const algorithm = create();
    const candidates = pool(8);
    const before = owners(algorithm, candidates, 5_000);
    owners(algorithm, candidates.slice(1), 5_000);
    expect(owners(algorithm, candidates, 5_000)).toEqual(before);
  });

  it('sends every request for a path to one instance, and different paths apart', () => {
    const algorithm = create('path');
    const candidates = pool(16);
    algorithm.reset?.(candidates);
    const rng = new RngStreams(1).stream('algorithm');
    const where = (path: string) => new Set(Array.from({ length: 50 }, (_, client) => algorithm.pick(candidates, rng, { client, kind: { path } })));
    expect(where('/cart').size).toBe(1);
    const paths = Array.from({ length: 64 }, (_, i) => `/item/${i}`);
    expect(new Set(paths.flatMap((path) => [...where(path)])).size).toBeGreaterThan(8);
  });
});
