// The benchmark's workloads: named SimulationSetup builders for the full simulator, plus the
// queueing parameters the bare reference loop and the SimPy reference share with rr-100x10k.

import type { AlgorithmName, HealthCheckConfig, InstanceConfig, SimulationSetup } from '../src/model/config.js';
import { PROFILES } from '../src/model/profiles.js';
import { SCALE_ALGORITHMS, SCALE_RATE_PER_S, SCALE_SIZES, scaleSetup, sizeText } from './scale-workloads.js';

export const BENCH_SEED = 1;

/** The headline workload as plain queueing parameters: 100 G/M/1 queues at 70% utilisation. */
export const RR_100X10K = {
  instanceCount: 100,
  ratePerS: 10_000,
  /** 100 req/s per instance × 7 ms = 0.7 utilisation. */
  meanServiceMs: 7,
} as const;

export interface Workload {
  name: string;
  /** One line for the report. */
  description: string;
  /** Who runs it: the full simulator, the typed-array reference loop, SimPy, or an algorithm's picks alone. */
  engine: 'simulator' | 'bare' | 'simpy' | 'picks';
  build?: (durationMs: number) => SimulationSetup;
  /** picks: the algorithm and pool size; a duration of D seconds is D × 100,000 picks. */
  picks?: { algorithm: AlgorithmName; size: number };
}

// TCP checks take no worker and no RNG draw from the instance, so they cost almost nothing
// and keep the instance's service-time stream identical to the bare loop's.
const TCP_HEALTH: HealthCheckConfig = {
  target: 'TCP:80',
  protocol: 'TCP',
  port: 80,
  path: '',
  intervalMs: 30_000,
  timeoutMs: 5_000,
  unhealthyThreshold: 2,
  healthyThreshold: 10,
  probeServiceTimeMs: 1,
};

// CLB's shortest allowed interval, so the HTTP variant exercises probes through the queues.
const HTTP_HEALTH_FAST: HealthCheckConfig = {
  target: 'HTTP:80/ping',
  protocol: 'HTTP',
  port: 80,
  path: '/ping',
  intervalMs: 5_000,
  timeoutMs: 2_000,
  unhealthyThreshold: 2,
  healthyThreshold: 10,
  probeServiceTimeMs: 1,
};

const HTTP_HEALTH_DEFAULTISH: HealthCheckConfig = { ...HTTP_HEALTH_FAST, intervalMs: 30_000, timeoutMs: 5_000 };

function instances(count: number, make: (i: number) => Partial<InstanceConfig>): InstanceConfig[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `i-${i + 1}`,
    zone: 'us-east-1a',
    concurrency: 8,
    backlog: 128,
    serviceTime: { distribution: 'exponential', meanMs: 50 },
    keepAliveTimeoutMs: 5_000,
    weight: 1,
    initialState: 'InService',
    registered: true,
    ...make(i),
  }));
}

interface SetupParts {
  name: string;
  durationMs: number;
  algorithm: SimulationSetup['balancer']['algorithm'];
  ratePerS: number;
  healthCheck: HealthCheckConfig;
  instances: InstanceConfig[];
}

function buildSetup(parts: SetupParts): SimulationSetup {
  return {
    name: parts.name,
    description: 'benchmark workload',
    seed: BENCH_SEED,
    durationMs: parts.durationMs,
    warmupMs: 0,
    balancer: {
      name: 'bench-lb',
      profile: 'aws-clb',
      behaviour: PROFILES['aws-clb'].behaviour,
      profileOverrides: [],
      nodes: ['us-east-1a'],
      crossZone: false,
      listeners: [{ protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 80 }],
      algorithm: parts.algorithm,
      routing: { choices: null, hashKey: { by: 'client' }, stickinessMs: null, slowStartMs: null },
      retries: 0,
      perTryTimeoutMs: null,
      idleTimeoutMs: 60_000,
      connectTimeoutMs: 10_000,
      drainingEnabled: false,
      drainingTimeoutMs: 300_000,
      oneWayDelayMs: 0.5,
    },
    healthCheck: parts.healthCheck,
    instances: parts.instances,
    traffic: { rate: parts.ratePerS, arrival: 'poisson', pattern: [], requests: [{ method: 'GET', path: '/', weight: 1 }], clients: null },
    events: [],
  };
}

/** Single-worker instances with a backlog large enough that nothing is ever refused. */
function queueInstances(): InstanceConfig[] {
  return instances(RR_100X10K.instanceCount, () => ({
    concurrency: 1,
    backlog: 100_000,
    serviceTime: { distribution: 'exponential', meanMs: RR_100X10K.meanServiceMs },
  }));
}

export const WORKLOADS: Workload[] = [
  {
    name: 'rr-100x10k',
    description: '100 single-worker instances, Poisson 10,000 req/s, exponential 7 ms (70% load), round-robin, TCP checks every 30 s',
    engine: 'simulator',
    build: (durationMs) =>
      buildSetup({
        name: 'rr-100x10k',
        durationMs,
        algorithm: 'round-robin',
        ratePerS: RR_100X10K.ratePerS,
        healthCheck: TCP_HEALTH,
        instances: queueInstances(),
      }),
  },
  {
    name: 'bare-100x10k',
    description: 'the same queues as rr-100x10k in a minimal typed-array event loop (bench/bare-loop.ts)',
    engine: 'bare',
  },
  {
    name: 'rr-100x10k-http-health',
    description: 'rr-100x10k with HTTP:80/ping checks every 5 s (probes queue for a worker)',
    engine: 'simulator',
    build: (durationMs) =>
      buildSetup({
        name: 'rr-100x10k-http-health',
        durationMs,
        algorithm: 'round-robin',
        ratePerS: RR_100X10K.ratePerS,
        healthCheck: HTTP_HEALTH_FAST,
        instances: queueInstances(),
      }),
  },
  {
    name: 'lor-2x20',
    description: 'default-like: 2 instances (8 workers, backlog 128, exponential 50 ms), Poisson 20 req/s, least-outstanding, HTTP checks every 30 s',
    engine: 'simulator',
    build: (durationMs) =>
      buildSetup({
        name: 'lor-2x20',
        durationMs,
        algorithm: 'least-outstanding',
        ratePerS: 20,
        healthCheck: HTTP_HEALTH_DEFAULTISH,
        instances: instances(2, () => ({})),
      }),
  },
  {
    name: 'simpy-100x10k',
    description: 'the same queues as rr-100x10k in SimPy (bench/simpy_reference.py)',
    engine: 'simpy',
  },
];

/** Every algorithm at 10 and 10,000 instances, 100,000 req/s: whole runs and bare picks. */
function scaleWorkloads(): Workload[] {
  return SCALE_ALGORITHMS.flatMap(({ label, algorithm }) =>
    SCALE_SIZES.flatMap((size): Workload[] => [
      {
        name: `scale-${label}-${sizeText(size)}`,
        description: `${label} over ${size} instances at 100,000 req/s (each at 25% load), a whole run`,
        engine: 'simulator',
        build: (durationMs) => scaleSetup(algorithm, size, durationMs),
      },
      {
        name: `pick-${label}-${sizeText(size)}`,
        description: `${label}'s picks alone over ${size} instances, ${SCALE_RATE_PER_S.toLocaleString('en-US')} per simulated second`,
        engine: 'picks',
        picks: { algorithm, size },
      },
    ]),
  );
}

WORKLOADS.push(...scaleWorkloads());

export function findWorkload(name: string): Workload | undefined {
  return WORKLOADS.find((workload) => workload.name === name);
}
