// The routing features in whole runs: weighted shares within 1% of the weights, slow start ramping
// an instance that returns to service, sticky sessions holding clients, and consistent hashing
// pinning each path to one instance.
import { describe, expect, it } from 'vitest';
import type { AlgorithmName, RoutingConfig, SimulationSetup } from '../../src/model/config.js';
import type { RequestEvent, SimEvent } from '../../src/model/run/events.js';
import { simulate } from '../../src/simulate.js';
import { fault, instance, setup } from '../helpers/setup.js';

function routed(algorithm: AlgorithmName, routing: Partial<RoutingConfig>, more: Partial<SimulationSetup>): SimulationSetup {
  const base = setup();
  return setup({ ...more, balancer: { ...base.balancer, algorithm, routing: { ...base.balancer.routing, ...routing } } });
}

function requestsOf(scenario: SimulationSetup): RequestEvent[] {
  const requests: RequestEvent[] = [];
  simulate(scenario, { sink: { emit: (event: SimEvent) => event.type === 'request' && requests.push(event) }, logRequests: true });
  return requests;
}

const light = (weights: number[]) => weights.map((weight, i) => instance(`i-${i + 1}`, { weight, serviceTime: { distribution: 'constant', meanMs: 1 } }));

describe('weighted algorithms in a run', () => {
  it('weighted-round-robin: each instance gets Weight/ΣWeight of the requests, within 1%', () => {
    const weights = [1, 2, 3, 4];
    const result = simulate(routed('weighted-round-robin', {}, { durationMs: 100_000, instances: light(weights), traffic: { ...setup().traffic, rate: 1000 } }));
    const total = result.requests.total;
    // Smooth round robin is deterministic: within a pick or two of the exact share, far inside 1%.
    result.instances.forEach((summary, i) => expect(Math.abs(summary.requests / total / (weights[i]! / 10) - 1)).toBeLessThan(0.01));
  });

  it('weighted-random: within 1%, with enough requests that 1% is five binomial sds of the smallest share', () => {
    const weights = [2, 3, 5];
    const requests = 1_100_000;
    // Smallest share p = 0.2: 5·√(p(1−p)/n) ≤ 0.01·p needs n ≥ 250,000·(1−p)/p = 1,000,000.
    expect(5 * Math.sqrt((0.2 * 0.8) / requests)).toBeLessThan(0.01 * 0.2);
    const result = simulate(routed('weighted-random', {}, { durationMs: requests, instances: light(weights), traffic: { ...setup().traffic, rate: 1000 } }));
    const total = result.requests.total;
    result.instances.forEach((summary, i) => expect(Math.abs(summary.requests / total / (weights[i]! / 10) - 1)).toBeLessThan(0.01));
  });
});

describe('slow start in a run', () => {
  it('an instance back InService after a crash gets a share that ramps from 10% of its weight to all of it', () => {
    const slowStartMs = 30_000;
    const scenario = routed('round-robin', { slowStartMs }, {
      durationMs: 200_000,
      instances: light([1, 1, 1, 1]),
      traffic: { ...setup().traffic, rate: 400 },
      healthCheck: { ...setup().healthCheck, intervalMs: 5_000, timeoutMs: 2_000 },
      events: [fault(0, 60_000, 'crash', ['i-4'], { durationMs: 30_000 })],
    });
    const result = simulate(scenario);
    const back = result.instances[3]!.transitions.find((t) => t.to === 'InService')!.tMs;
    const requests = requestsOf(scenario).filter((r) => r.status === 200);
    const shareIn = (fromMs: number, toMs: number) => {
      const inWindow = requests.filter((r) => r.arrival * 1000 >= fromMs && r.arrival * 1000 < toMs);
      return inWindow.filter((r) => r.instance === 'i-4').length / inWindow.length;
    };
    // Weight w of 1 beside three at 1: a share of w/(3+w). Early: w = 10%; mid-window: about half; after: all.
    expect(shareIn(back, back + 1_000)).toBeCloseTo(0.1 / 3.1, 2);
    expect(shareIn(back + 14_000, back + 16_000)).toBeCloseTo(0.5 / 3.5, 1);
    expect(shareIn(back + slowStartMs + 1_000, back + slowStartMs + 11_000)).toBeCloseTo(0.25, 2);
  });
});

describe('sticky sessions and hashing in a run', () => {
  it('binds each client to one instance while its cookie lives', () => {
    const scenario = routed('round-robin', { stickinessMs: 3_600_000 }, {
      durationMs: 60_000,
      instances: light([1, 1, 1, 1, 1, 1, 1, 1]),
      traffic: { ...setup().traffic, rate: 200, clients: { count: 3, distribution: 'uniform', exponent: 1 } },
    });
    const afterFirstAnswers = requestsOf(scenario).filter((r) => r.arrival > 1);
    // Three clients, each bound by its first answer: three instances take everything after that.
    expect(new Set(afterFirstAnswers.map((r) => r.instance)).size).toBe(3);
  });

  it('consistent-hash and maglev by path send each path to one instance', () => {
    const paths = ['/a', '/b', '/c', '/d', '/e', '/f'];
    for (const algorithm of ['consistent-hash', 'maglev'] as const) {
      const scenario = routed(algorithm, { hashKey: { by: 'path' } }, {
        durationMs: 20_000,
        instances: light([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
        traffic: { ...setup().traffic, rate: 300, requests: paths.map((path) => ({ method: 'GET', path, weight: 1 })) },
      });
      const requests = requestsOf(scenario);
      for (const path of paths) expect(new Set(requests.filter((r) => r.path === path).map((r) => r.instance)).size).toBe(1);
    }
  });
});

describe('determinism with the routing features', () => {
  it('gives the same requests for the same seed, and other ones for another seed', () => {
    const scenario = (seed: number) =>
      routed('weighted-round-robin', { stickinessMs: 20_000, slowStartMs: 30_000 }, {
        seed,
        durationMs: 60_000,
        instances: light([1, 2, 3, 1]),
        traffic: { ...setup().traffic, rate: 200, clients: { count: 50, distribution: 'zipf', exponent: 1.1 } },
        healthCheck: { ...setup().healthCheck, intervalMs: 5_000, timeoutMs: 2_000 },
        events: [fault(0, 10_000, 'crash', ['i-2'], { durationMs: 15_000 })],
      });
    const trace = (seed: number) => requestsOf(scenario(seed)).map((r) => `${r.request}:${r.instance}:${r.latency}`);
    expect(trace(4)).toEqual(trace(4));
    expect(trace(4)).not.toEqual(trace(5));
  });
});
