// Fault-free runs for the balancing theory tests: N single-worker instances with exponential
// service (each an M/M/1 queue fed by whatever the algorithm sends it), and batch means of the
// time in system, so each test's tolerance comes from the run itself.

import type { AlgorithmName, SimulationSetup } from '../../src/model/config.js';
import type { SimEvent } from '../../src/model/run/events.js';
import { simulate } from '../../src/simulate.js';
import { instance, setup } from '../helpers/setup.js';
import { T_999 } from './queueing-theory.js';

/** Mean service time: 10 ms, so μ = 100/s per instance. */
export const SERVICE_MS = 10;

export interface Load {
  algorithm: AlgorithmName;
  choices?: number | null;
  instances: number;
  /** Per-instance utilisation λ/(Nμ). */
  rho: number;
  seed: number;
  /** Counted span after the warm-up, split into `batches` equal windows by arrival time. */
  measuredS: number;
  warmupS: number;
  batches: number;
}

export function loadSetup(load: Load): SimulationSetup {
  const base = setup();
  return setup({
    seed: load.seed,
    durationMs: (load.warmupS + load.measuredS) * 1000,
    warmupMs: load.warmupS * 1000,
    balancer: { ...base.balancer, algorithm: load.algorithm, routing: { ...base.balancer.routing, choices: load.choices ?? null } },
    instances: Array.from({ length: load.instances }, (_, i) =>
      instance(`i-${i + 1}`, { concurrency: 1, backlog: 1_000_000, serviceTime: { distribution: 'exponential', meanMs: SERVICE_MS } }),
    ),
    traffic: { ...base.traffic, rate: (load.rho * load.instances * 1000) / SERVICE_MS },
    // TCP checks take no worker, so the queues see client requests only.
    healthCheck: { ...base.healthCheck, protocol: 'TCP', path: '' },
  });
}

export interface Measured {
  /** Mean time in system over every counted request, in mean service times. */
  mean: number;
  /** 99.9% half-width from batch means (Student t with batches − 1 degrees of freedom). */
  halfWidth: number;
  requests: number;
}

/**
 * Batch means: the counted span is cut into windows by arrival time; each window's mean time in
 * system is one observation. Windows of a second or more are hundreds of service times and
 * relaxation times long at these loads, so their means are close to independent and the t
 * interval over them is an honest bound that narrows as the run grows. Requests still in flight
 * when the run ends are left out; they are the longest, a downward bias of a few tenths of a
 * percent at these lengths, well inside the intervals.
 */
export function measure(load: Load): Measured {
  const sums = new Float64Array(load.batches);
  const counts = new Float64Array(load.batches);
  const batchS = load.measuredS / load.batches;
  const sink = {
    emit(event: SimEvent): void {
      if (event.type !== 'request' || !event.counted) return;
      const b = Math.min(load.batches - 1, Math.floor((event.arrival - load.warmupS) / batchS));
      sums[b]! += event.latency;
      counts[b]!++;
    },
  };
  const result = simulate(loadSetup(load), { sink, logRequests: true });
  const means = Array.from(sums, (sum, b) => (sum * 1000) / counts[b]! / SERVICE_MS);
  const mean = means.reduce((s, x) => s + x, 0) / means.length;
  const sd = Math.sqrt(means.reduce((s, x) => s + (x - mean) ** 2, 0) / (means.length - 1));
  return { mean: result.latency.meanMs / SERVICE_MS, halfWidth: (T_999[load.batches - 1]! * sd) / Math.sqrt(load.batches), requests: result.latency.count };
}
