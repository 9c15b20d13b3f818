// maglev: the shared conformance suite, then consistency: removing one of N instances moves only
// that instance's keys, about 1/N of them (a 65,537-entry Maglev table), and path or header keys pin requests.
import { describe, expect, it } from 'vitest';
import { requestKey } from '../../../src/model/algorithms/hash-key.js';
import { ALGORITHMS } from '../../../src/model/algorithms/index.js';
import { tableSizeFor } from '../../../src/model/algorithms/maglev.js';
import { RngStreams } from '../../../src/sim/rng.js';
import { options, pool, runConformance } from './algorithm.case.js';
import { owners, shareRelativeSd } from './hashing.js';

const create = (by: 'client' | 'path' = 'client') => ALGORITHMS['maglev'](options({ keyOf: requestKey({ by }) }));

runConformance('maglev', { create: () => create() });
runConformance('maglev by header', { create: () => ALGORITHMS['maglev'](options({ keyOf: requestKey({ by: 'header', name: 'x-tenant' }) })) });

describe('maglev', () => {
  it('removing one of N instances moves only its keys, about 1/N of them', () => {
    const n = 10;
    const keys = 20_000;
    const candidates = pool(n);
    const algorithm = create();
    const before = owners(algorithm, candidates, keys);
    // Four standard deviations of one instance's share (hashing.ts); the bound must still say something.
    const tolerance = 4 * shareRelativeSd(n, keys, Infinity);
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

describe('maglev table', () => {
  it('is 65,537 entries up to 655 instances, then the next prime above 100·N', () => {
    expect([tableSizeFor(10), tableSizeFor(655), tableSizeFor(656), tableSizeFor(10_000)]).toEqual([65_537, 65_537, 65_609, 1_000_003]);
  });

  it('rebuilt from scratch without one instance, moves few keys beyond that instance’s own (the paper reports a few percent)', () => {
    const n = 10;
    const keys = 20_000;
    const candidates = pool(n);
    const before = owners(create(), candidates, keys);
    const after = owners(create(), candidates.slice(1), keys);
    const extra = before.filter((owner, k) => owner !== 0 && owner !== after[k]).length;
    expect(extra / keys).toBeLessThan(0.05);
  });
});

describe('maglev weights', () => {
  it('gives each instance table entries, and so keys, in proportion to its Weight', () => {
    const weights = [1, 2, 3, 4];
    const keys = 40_000;
    const counts = [0, 0, 0, 0];
    for (const owner of owners(create(), pool(4, (i) => weights[i]!), keys)) counts[owner]!++;
    // Table shares are exact to an entry in 65,537; what is left is the key sample's binomial noise.
    weights.forEach((w, i) => expect(Math.abs(counts[i]! / keys - w / 10)).toBeLessThan(5 * Math.sqrt(((w / 10) * (1 - w / 10)) / keys)));
  });

  it('builds quickly even when one weight dwarfs the rest, and still gives every instance an entry', () => {
    const candidates = pool(2_000, (i) => (i === 0 ? 1e6 : 1));
    const algorithm = create();
    algorithm.reset?.(candidates);
    // A retry's copy holding only instance 1999: its one entry is in the table, and probing finds it.
    const last = [candidates[1_999]!];
    const rng = new RngStreams(1).stream('algorithm');
    expect(algorithm.pick(last, rng, { client: 5, kind: { path: '/' } })).toBe(0);
  });
});
