// Hand-made run results for the report tests: small enough to reason about line by line,
// shaped like what the simulator returns for the DESIGN mock-up's story.

import type { FaultEventConfig, InstanceConfig, SimulationSetup } from '../../src/model/config.js';
import type { Incident, InstanceSummary, RunResult } from '../../src/model/run/result.js';
import { fault, instance, setup } from '../helpers/setup.js';

/** The seed scenario's names, because the report tests assert them in headers and JSON. */
export function setupFor(instances: InstanceConfig[], events: FaultEventConfig[] = []): SimulationSetup {
  const base = setup();
  return setup({
    name: 'seed-elb-health-check',
    description: 'Both instances hang at 2m: requests time out (504), then no instance is healthy (503).',
    balancer: { ...base.balancer, name: 'my-load-balancer' },
    traffic: { ...base.traffic, requests: [{ method: 'GET', path: '/example', weight: 1 }] },
    instances,
    events,
  });
}

const twoZones = () => [instance('i-1', { zone: 'us-east-1a' }), instance('i-2', { zone: 'us-east-1b' })];

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
    setup: { ...setupFor(twoZones()), name: 'quiet', description: '' },
    requests: { total: 12_000, inFlightAtEnd: 0, attempts: 12_000, routedUnhealthy: 0 },
    statusCounts: { '200': 12_000 },
    gatewayErrors: { total: 0, byReason: {} },
    backend5xx: 0,
    latency: { count: 12_000, meanMs: 52, p50Ms: 36, p90Ms: 118, p99Ms: 240, maxMs: 612 },
    instances: [instanceSummary('i-1', 'us-east-1a'), instanceSummary('i-2', 'us-east-1b')],
    incidents: [],
    deploys: [],
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
  const hang = fault(0, 120_000, 'hang', ['i-1', 'i-2'], { durationMs: 240_000 });
  const actual = [
    { tMs: 0, state: 'serving' as const, faultIndex: null },
    { tMs: 120_000, state: 'hung' as const, faultIndex: 0 },
    { tMs: 360_000, state: 'serving' as const, faultIndex: 0 },
  ];
  const noHealthy: Incident = {
    number: 1, startMs: 161_020, endMs: 391_990, status: 503, reason: 'NoHealthyInstances', count: 2_450,
    instanceIds: ['i-1', 'i-2'], faultIndexes: [0], detectedAtMs: 161_000, node: null,
  };
  const timeouts: Incident = {
    number: 2, startMs: 180_000, endMs: 221_000, status: 504, reason: 'ResponseTimeout', count: 240,
    instanceIds: ['i-1', 'i-2'], faultIndexes: [0], detectedAtMs: 161_000, node: null,
  };
  return {
    setup: setupFor(twoZones(), [hang]),
    requests: { total: 12_000, inFlightAtEnd: 0, attempts: 12_000, routedUnhealthy: 0 },
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
    deploys: [],
    stats: { eventsExecuted: 61_000 },
  };
}
