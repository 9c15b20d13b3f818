// The algorithm scale workloads: every balancing algorithm over 10 and over 10,000 instances at
// 100,000 req/s, as whole simulations (`scale-…`) and as bare picks against a pool (`pick-…`).

import type { AlgorithmName, InstanceConfig, SimulationSetup } from '../src/model/config.js';
import { PROFILES } from '../src/model/profiles.js';

export const SCALE_RATE_PER_S = 100_000;
export const SCALE_SIZES = [10, 10_000] as const;
/** Requests in flight at 100,000 req/s and 50 ms each: what the pick benchmark keeps outstanding. */
export const SCALE_IN_FLIGHT = 5_000;
/** Clients for the hashing algorithms: enough that keys spread over 10,000 instances. */
export const SCALE_CLIENTS = 100_000;

export interface ScaleAlgorithm {
  label: string;
  algorithm: AlgorithmName;
}

export const SCALE_ALGORITHMS: readonly ScaleAlgorithm[] = [
  { label: 'round-robin', algorithm: 'round-robin' },
  { label: 'weighted-round-robin', algorithm: 'weighted-round-robin' },
  { label: 'least-outstanding', algorithm: 'least-outstanding' },
  { label: 'power-of-two-choices', algorithm: 'power-of-two-choices' },
  { label: 'random', algorithm: 'random' },
  { label: 'weighted-random', algorithm: 'weighted-random' },
  { label: 'consistent-hash', algorithm: 'consistent-hash' },
  { label: 'maglev', algorithm: 'maglev' },
];

export const sizeText = (size: number) => (size >= 1000 ? `${size / 1000}k` : String(size));

/**
 * Exponential 50 ms service and Concurrency scaled so each instance runs at 25% whatever the pool
 * size (2,000 workers each for 10 instances, 2 for 10,000): the instances do the same work per
 * request, so a difference in cost per request is the balancer's. Weights 1, 2, 3 in turn.
 */
export function scaleSetup(algorithm: AlgorithmName, size: number, durationMs: number): SimulationSetup {
  const concurrency = Math.max(1, Math.round((SCALE_RATE_PER_S * 0.05) / size / 0.25));
  const instances: InstanceConfig[] = Array.from({ length: size }, (_, i) => ({
    id: `i-${i + 1}`, zone: 'us-east-1a', concurrency, backlog: 1_000,
    serviceTime: { distribution: 'exponential', meanMs: 50 }, keepAliveTimeoutMs: 5_000,
    weight: 1 + (i % 3), initialState: 'InService', registered: true,
  }));
  return {
    name: `scale-${algorithm}-${sizeText(size)}`, description: 'benchmark workload', seed: 1, durationMs, warmupMs: 0,
    balancer: {
      name: 'bench-lb', profile: 'aws-clb', behaviour: PROFILES['aws-clb'].behaviour, profileOverrides: [], nodes: ['us-east-1a'],
      crossZone: false, listeners: [{ protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 80 }],
      algorithm, routing: { choices: null, hashKey: { by: 'client' }, stickinessMs: null, slowStartMs: null }, retries: 0, perTryTimeoutMs: null,
      idleTimeoutMs: 60_000, connectTimeoutMs: 10_000, drainingEnabled: false, drainingTimeoutMs: 300_000, oneWayDelayMs: 0.5,
    },
    // TCP checks every 30 s: 333 probes a second over 10,000 instances, no worker taken.
    healthCheck: { target: 'TCP:80', protocol: 'TCP', port: 80, path: '', intervalMs: 30_000, timeoutMs: 5_000, unhealthyThreshold: 2, healthyThreshold: 10, probeServiceTimeMs: 1 },
    instances,
    traffic: {
      rate: SCALE_RATE_PER_S, arrival: 'poisson', pattern: [], requests: [{ method: 'GET', path: '/', weight: 1 }],
      clients: algorithm === 'consistent-hash' || algorithm === 'maglev' ? { count: SCALE_CLIENTS, distribution: 'uniform', exponent: 1 } : null,
    },
    events: [],
  };
}
