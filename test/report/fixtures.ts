// Hand-made run results for the report tests: small enough to reason about line by line,
// shaped like what the simulator returns for the DESIGN mock-up's story.

import type { FaultEventConfig, InstanceConfig, SimulationSetup } from '../../src/model/config.js';
import type { Incident, InstanceSummary, RunResult } from '../../src/model/result.js';

export function instanceConfig(id: string, zone: string): InstanceConfig {
  return {
    id,
    zone,
    concurrency: 8,
    backlog: 128,
    serviceTime: { distribution: 'exponential', meanMs: 50 },
    keepAliveTimeoutMs: 5_000,
    weight: 1,
    initialState: 'InService',
  };
}

export function fault(index: number, name: FaultEventConfig['fault'], atMs: number, instanceIds: string[], durationMs: number | null = null): FaultEventConfig {
  return { index, atMs, fault: name, instanceIds, durationMs, params: { factor: 1, addMs: 0, probability: 1, status: 500 } };
}

export function setupFor(instances: InstanceConfig[], events: FaultEventConfig[] = []): SimulationSetup {
  return {
    name: 'seed-elb-health-check',
    description: 'Both instances hang at 2m: requests time out (504), then no instance is healthy (503).',
    seed: 1,
    durationMs: 600_000,
    warmupMs: 0,
    balancer: {
      name: 'my-load-balancer',
      profile: 'aws-clb',
      listeners: [{ protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 80 }],
      algorithm: 'least-outstanding',
      retries: 0,
      idleTimeoutMs: 60_000,
    },
    healthCheck: {
      target: 'HTTP:80/ping',
      protocol: 'HTTP',
      port: 80,
      path: '/ping',
      intervalMs: 30_000,
      timeoutMs: 5_000,
      unhealthyThreshold: 2,
      healthyThreshold: 2,
      probeServiceTimeMs: 1,
    },
    instances,
    traffic: { rate: 20, arrival: 'poisson', pattern: [], requests: [{ method: 'GET', path: '/example', weight: 1 }] },
    events,
  };
}

export function instanceSummary(id: string, zone: string, overrides: Partial<InstanceSummary> = {}): InstanceSummary {
  return {
    id,
    zone,
    requests: 6_000,
    responses: 6_000,
    backend5xx: 0,
    gatewayErrors: 0,
    probes: 40,
    probesFailed: 0,
    actual: [{ tMs: 0, state: 'serving', faultIndex: null }],
    transitions: [],
    ...overrides,
  };
}

/** Ten quiet minutes: two instances, every request answered 200. */
export function quietRun(): RunResult {
  return {
    setup: { ...setupFor([instanceConfig('i-1', 'us-east-1a'), instanceConfig('i-2', 'us-east-1b')]), name: 'quiet', description: '' },
    requests: { total: 12_000, inFlightAtEnd: 0 },
    statusCounts: { '200': 12_000 },
    gatewayErrors: { total: 0, byReason: {} },
    backend5xx: 0,
    latency: { count: 12_000, meanMs: 52, p50Ms: 36, p90Ms: 118, p99Ms: 240, maxMs: 612 },
    instances: [instanceSummary('i-1', 'us-east-1a'), instanceSummary('i-2', 'us-east-1b')],
    incidents: [],
    stats: { eventsExecuted: 48_000 },
  };
}

const OUT_REASON = 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.';
const IN_REASON = 'Instance has passed at least the HealthyThreshold number of health checks consecutively.';

/**
 * The mock-up's story: both instances hang from 2m00s for 4m (Events[0]); the balancer marks
 * them OutOfService at 2m35s and 2m41s, so requests first time out (504) and then find no
 * InService instance (503) until i-1 passes two checks at 6m32s.
 */
export function hangRun(): RunResult {
  const hang = fault(0, 'hang', 120_000, ['i-1', 'i-2'], 240_000);
  const actual = [
    { tMs: 0, state: 'serving' as const, faultIndex: null },
    { tMs: 120_000, state: 'hung' as const, faultIndex: 0 },
    { tMs: 360_000, state: 'serving' as const, faultIndex: 0 },
  ];
  const noHealthy: Incident = {
    number: 1, startMs: 161_020, endMs: 391_990, status: 503, reason: 'NoHealthyInstances', count: 2_450,
    instanceIds: ['i-1', 'i-2'], faultIndexes: [0], detectedAtMs: 161_000,
  };
  const timeouts: Incident = {
    number: 2, startMs: 180_000, endMs: 221_000, status: 504, reason: 'ResponseTimeout', count: 240,
    instanceIds: ['i-1', 'i-2'], faultIndexes: [0], detectedAtMs: 161_000,
  };
  return {
    setup: setupFor([instanceConfig('i-1', 'us-east-1a'), instanceConfig('i-2', 'us-east-1b')], [hang]),
    requests: { total: 12_000, inFlightAtEnd: 0 },
    statusCounts: { '504': 240, '200': 9_310, '503': 2_450 },
    gatewayErrors: { total: 2_690, byReason: { ResponseTimeout: { status: 504, count: 240 }, NoHealthyInstances: { status: 503, count: 2_450 } } },
    backend5xx: 0,
    latency: { count: 11_760, meanMs: 1_920, p50Ms: 48, p90Ms: 210, p99Ms: 60_000, maxMs: 60_000 },
    instances: [
      instanceSummary('i-1', 'us-east-1a', {
        requests: 4_890, responses: 4_770, gatewayErrors: 120, probesFailed: 9, actual,
        transitions: [
          { tMs: 155_000, node: 'lb', from: 'InService', to: 'OutOfService', reason: OUT_REASON, probes: 2 },
          { tMs: 392_000, node: 'lb', from: 'OutOfService', to: 'InService', reason: IN_REASON, probes: 2 },
        ],
      }),
      instanceSummary('i-2', 'us-east-1b', {
        requests: 4_660, responses: 4_540, gatewayErrors: 120, probesFailed: 9, actual,
        transitions: [
          { tMs: 161_000, node: 'lb', from: 'InService', to: 'OutOfService', reason: OUT_REASON, probes: 2 },
          { tMs: 398_000, node: 'lb', from: 'OutOfService', to: 'InService', reason: IN_REASON, probes: 2 },
        ],
      }),
    ],
    incidents: [noHealthy, timeouts],
    stats: { eventsExecuted: 61_000 },
  };
}
