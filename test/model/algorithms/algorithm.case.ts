// The conformance suite every balancing algorithm passes (called from each algorithm's test file,
// Hono's runTest pattern): picks stay inside the candidates, candidate-set changes and a retry's
// filtered copy are handled, runs are deterministic for a seed, and odd weights do not break it.

import { describe, expect, it } from 'vitest';
import type { Algorithm, Candidate, PickRequest } from '../../../src/model/algorithms/algorithm.js';
import { requestKey } from '../../../src/model/algorithms/support/hash-key.js';
import type { AlgorithmOptions } from '../../../src/model/algorithms/index.js';
import { RngStreams, type Rng } from '../../../src/sim/rng.js';

export interface FakeCandidate extends Candidate {
  outstanding: number;
  weight: number;
  belief: 'InService' | 'OutOfService';
}

export function pool(size: number, weightOf: (i: number) => number = () => 1): FakeCandidate[] {
  return Array.from({ length: size }, (_, index) => ({ index, id: `i-${index + 1}`, outstanding: 0, weight: weightOf(index), belief: 'InService' as const }));
}

/** Registry options: no Choices, keyed by client, no slow start, unless overridden. */
export function options(overrides: Partial<AlgorithmOptions> = {}): AlgorithmOptions {
  return { choices: null, keyOf: requestKey({ by: 'client' }), ramp: null, ...overrides };
}

const KINDS = [{ path: '/a' }, { path: '/b', headers: { 'x-tenant': 't1' } }, { path: '/c', headers: { 'x-tenant': 't2' } }];

export function request(rng: Rng): PickRequest {
  return { client: rng.int(1000), kind: KINDS[rng.int(KINDS.length)]! };
}

/** A balancer's use of an algorithm: picks, and outstanding counts that rise and fall around them. */
export function drive(algorithm: Algorithm, candidates: FakeCandidate[], picks: number, rng: Rng, within: readonly FakeCandidate[] = candidates): number[] {
  const chosen: number[] = [];
  const open: FakeCandidate[] = [];
  for (let k = 0; k < picks; k++) {
    const position = algorithm.pick(within, rng, request(rng));
    chosen.push(position);
    const picked = within[position];
    if (picked === undefined) continue;
    picked.outstanding++;
    algorithm.outstandingChanged?.(picked);
    open.push(picked);
    // About as many answers as requests, in a random order, so counts wander.
    while (open.length > 0 && rng.next() < 0.5) {
      const done = open.splice(rng.int(open.length), 1)[0]!;
      done.outstanding--;
      algorithm.outstandingChanged?.(done);
    }
  }
  return chosen;
}

const validIn = (positions: number[], n: number) => positions.every((p) => Number.isInteger(p) && p >= 0 && p < n);

export interface ConformanceOptions {
  /** Builds a fresh algorithm; each case makes its own. */
  create: () => Algorithm;
  /** Cases this algorithm skips, each with the reason. */
  skip?: Partial<Record<'spreads', string>>;
}

export function runConformance(name: string, { create, skip = {} }: ConformanceOptions): void {
  describe(`${name}: conformance`, () => {
    const rng = () => new RngStreams(7).stream('algorithm');

    it('never picks outside the candidates, over random candidate sets and weights', () => {
      const r = rng();
      const algorithm = create();
      for (let round = 0; round < 30; round++) {
        const all = pool(60, () => 0.5 + 2.5 * r.next());
        const candidates = all.filter(() => r.next() < 0.6);
        if (candidates.length === 0) candidates.push(all[0]!);
        algorithm.reset?.(candidates);
        expect(validIn(drive(algorithm, candidates, 200, r), candidates.length)).toBe(true);
      }
    });

    it('handles candidate sets that grow, shrink, empty and come back', () => {
      const r = rng();
      const algorithm = create();
      const all = pool(20);
      for (const size of [20, 5, 1, 0, 3, 20, 2]) {
        const candidates = all.slice(0, size);
        algorithm.reset?.(candidates);
        if (size === 0) continue;
        const picks = drive(algorithm, candidates, 100, r);
        expect(validIn(picks, size)).toBe(true);
        if (size === 1) expect(new Set(picks)).toEqual(new Set([0]));
      }
    });

    it("picks within a retry's filtered copy of the candidates", () => {
      const r = rng();
      const algorithm = create();
      const candidates = pool(12, (i) => 1 + (i % 3));
      algorithm.reset?.(candidates);
      drive(algorithm, candidates, 50, r);
      for (let k = 0; k < 50; k++) {
        const remaining = candidates.filter(() => r.next() < 0.5);
        if (remaining.length === 0) continue;
        const picks = drive(algorithm, candidates, 5, r, remaining);
        expect(validIn(picks, remaining.length)).toBe(true);
      }
    });

    it('is deterministic for a seed', () => {
      const script = () => {
        const r = new RngStreams(11).stream('algorithm');
        const algorithm = create();
        const all = pool(30, (i) => 1 + (i % 4));
        const out: number[] = [];
        for (const size of [30, 17, 30]) {
          const candidates = all.slice(0, size);
          algorithm.reset?.(candidates);
          out.push(...drive(algorithm, candidates, 300, r));
        }
        return out;
      };
      expect(script()).toEqual(script());
    });

    it('copes with extreme and equal weights and a single candidate', () => {
      const r = rng();
      for (const weights of [[1e-6, 1e6, 1], [1, 1, 1, 1], [1e-9]]) {
        const algorithm = create();
        const candidates = pool(weights.length, (i) => weights[i]!);
        algorithm.reset?.(candidates);
        expect(validIn(drive(algorithm, candidates, 500, r), candidates.length)).toBe(true);
      }
    });

    it.skipIf(skip.spreads !== undefined)(`spreads requests from many clients over every candidate${skip.spreads ? ` (skipped: ${skip.spreads})` : ''}`, () => {
      const r = rng();
      const algorithm = create();
      const candidates = pool(10);
      algorithm.reset?.(candidates);
      expect(new Set(drive(algorithm, candidates, 2000, r)).size).toBe(10);
    });
  });
}
