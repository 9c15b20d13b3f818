// Sticky sessions (a CLB-style LB cookie): the conformance suite with stickiness around an
// algorithm, then the cookie: set by the response from an instance the client is not bound to,
// honoured while that instance is a candidate and the cookie lives, never extended, shared by nodes.
import { describe, expect, it } from 'vitest';
import type { Algorithm } from '../../../src/model/algorithms/algorithm.js';
import { createAlgorithm } from '../../../src/model/algorithms/index.js';
import { CookieJar } from '../../../src/model/algorithms/sticky.js';
import { RngStreams } from '../../../src/sim/rng.js';
import { setup } from '../../helpers/setup.js';
import { pool, runConformance } from './algorithm.case.js';

const DURATION_MS = 60_000;
const clock = { t: 0 };

function sticky(jar: CookieJar): Algorithm {
  const balancer = setup().balancer;
  const config = { ...balancer, algorithm: 'round-robin' as const, routing: { ...balancer.routing, stickinessMs: DURATION_MS } };
  return createAlgorithm(config, { nowMs: () => clock.t }, jar);
}

runConformance('round-robin with stickiness', { create: () => sticky(new CookieJar(1000, DURATION_MS)) });
runConformance('least-outstanding with stickiness', {
  create: () => {
    const balancer = setup().balancer;
    return createAlgorithm({ ...balancer, routing: { ...balancer.routing, stickinessMs: DURATION_MS } }, { nowMs: () => clock.t }, new CookieJar(1000, DURATION_MS));
  },
});

describe('sticky sessions', () => {
  const rng = new RngStreams(1).stream('algorithm');
  const client = (id: number) => ({ client: id, kind: { path: '/' } });

  it('binds a client to the instance that answered it, until the cookie expires (never extended)', () => {
    clock.t = 0;
    const jar = new CookieJar(10, DURATION_MS);
    const algorithm = sticky(jar);
    const candidates = pool(4);
    algorithm.reset?.(candidates);
    algorithm.pick(candidates, rng, client(1)); // round robin: position 0, no cookie yet
    const first = algorithm.pick(candidates, rng, client(7));
    algorithm.answered?.(client(7), candidates[first]!);
    for (let t = 0; t < DURATION_MS; t += 5_000) {
      clock.t = t;
      expect(algorithm.pick(candidates, rng, client(7))).toBe(first);
      algorithm.answered?.(client(7), candidates[first]!);
    }
    clock.t = DURATION_MS;
    const after = [0, 1, 2, 3].map(() => algorithm.pick(candidates, rng, client(7)));
    expect(new Set(after).size).toBe(4); // expired: round robin again
  });

  it('re-picks when its instance is no longer a candidate, and the next answer rebinds', () => {
    clock.t = 0;
    const jar = new CookieJar(10, DURATION_MS);
    const algorithm = sticky(jar);
    const candidates = pool(3);
    algorithm.reset?.(candidates);
    algorithm.answered?.(client(2), candidates[1]!);
    const without = [candidates[0]!, candidates[2]!];
    algorithm.reset?.(without);
    const moved = algorithm.pick(without, rng, client(2));
    algorithm.answered?.(client(2), without[moved]!);
    algorithm.reset?.(candidates);
    expect(algorithm.pick(candidates, rng, client(2))).toBe(without[moved]!.index);
  });

  it("is the load balancer's: a cookie one node set binds the client at another", () => {
    clock.t = 0;
    const jar = new CookieJar(10, DURATION_MS);
    const [nodeA, nodeB] = [sticky(jar), sticky(jar)];
    const candidates = pool(5);
    nodeA.reset?.(candidates);
    nodeB.reset?.(candidates);
    nodeA.answered?.(client(3), candidates[4]!);
    expect(nodeB.pick(candidates, rng, client(3))).toBe(4);
  });
});
