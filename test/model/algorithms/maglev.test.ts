// maglev: the shared conformance suite, then consistency: removing one of N instances moves only
// that instance's keys, about 1/N of them (a 65,537-entry Maglev table), and path or header keys pin requests.
import { describe, expect, it } from 'vitest';
import { requestKey } from '../../../src/model/algorithms/support/hash-key.js';
import { ALGORITHMS } from '../../../src/model/algorithms/index.js';
import { tableSizeFor } from '../../../src/model/algorithms/maglev.js';
import { RngStreams } from '../../../src/sim/rng.js';
import { options, pool, runConformance } from './algorithm.case.js';
import { consistencySuite, owners } from './hashing.js';

const create = (by: 'client' | 'path' = 'client') => ALGORITHMS['maglev'](options({ keyOf: requestKey({ by }) }));

runConformance('maglev', { create: () => create() });
runConformance('maglev by header', { create: () => ALGORITHMS['maglev'](options({ keyOf: requestKey({ by: 'header', name: 'x-tenant' }) })) });

describe('maglev', () => {
  consistencySuite(create, Infinity, 0.4);
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
