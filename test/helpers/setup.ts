// Builds SimulationSetup values in code for model tests, so they do not depend on the file format.

import type { FaultEventConfig, FaultParams, InstanceConfig, SimulationSetup } from '../../src/model/config.js';
import { PROFILES } from '../../src/model/profiles.js';

export function instance(id: string, overrides: Partial<InstanceConfig> = {}): InstanceConfig {
  return {
    id,
    zone: 'us-east-1a',
    concurrency: 8,
    backlog: 128,
    serviceTime: { distribution: 'exponential', meanMs: 50 },
    keepAliveTimeoutMs: 5000,
    weight: 1,
    initialState: 'InService',
    registered: true,
    ...overrides,
  };
}

export function fault(
  index: number,
  atMs: number,
  name: FaultEventConfig['fault'],
  instanceIds: string[],
  more: Partial<Omit<FaultEventConfig, 'params'>> & { params?: Partial<FaultParams> } = {},
): FaultEventConfig {
  const { params, ...rest } = more;
  return {
    index,
    atMs,
    fault: name,
    instanceIds,
    durationMs: null,
    ...rest,
    params: { factor: 1, addMs: 0, probability: 1, status: 500, capacity: 1, batchSize: 1, restartMs: 0, deregister: false, ...params },
  };
}

export function setup(overrides: Partial<SimulationSetup> = {}): SimulationSetup {
  return {
    name: 'test',
    description: '',
    seed: 1,
    durationMs: 600_000,
    warmupMs: 0,
    balancer: {
      name: 'test-lb',
      profile: 'aws-clb',
      behaviour: PROFILES['aws-clb'].behaviour,
      profileOverrides: [],
      nodes: ['us-east-1a'],
      crossZone: false,
      listeners: [{ protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 80 }],
      algorithm: 'least-outstanding',
      routing: { choices: null, hashKey: { by: 'client' }, stickinessMs: null, slowStartMs: null },
      retries: 0,
      perTryTimeoutMs: null,
      idleTimeoutMs: 60_000,
      connectTimeoutMs: 10_000,
      drainingEnabled: false,
      drainingTimeoutMs: 300_000,
      oneWayDelayMs: 0.5,
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
    instances: [instance('i-1'), instance('i-2')],
    traffic: { rate: 20, arrival: 'poisson', pattern: [], requests: [{ method: 'GET', path: '/', weight: 1 }], clients: null },
    events: [],
    ...overrides,
  };
}
