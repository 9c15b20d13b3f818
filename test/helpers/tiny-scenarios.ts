// Small scenario files for the CLI tests of test, sweep, merge and compare: a minute of light
// traffic over two instances, so each run takes milliseconds and a test a few seconds.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tinyScenario(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Name: 'tiny',
    Seed: 3,
    Duration: '60s',
    LoadBalancerName: 'tiny-lb',
    Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }],
    HealthCheck: { Target: 'HTTP:80/ping', Interval: 10, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 2 },
    Instances: [{ InstanceId: 'i-1' }, { InstanceId: 'i-2' }],
    Traffic: { Rate: 20 },
    Events: [{ At: '20s', Instance: 'i-1', Fault: 'crash' }],
    Expect: [
      { Name: 'traffic <arrived> & "counted"', Metric: 'requests.total', Min: 1000 },
      { Metric: 'gatewayErrors.total', Max: 1000 },
    ],
    ...overrides,
  };
}

/** A fresh folder under the system's temp folder. */
export const workDir = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

export function writeScenario(dir: string, name: string, scenario: Record<string, unknown> | string): string {
  const file = join(dir, name);
  writeFileSync(file, typeof scenario === 'string' ? scenario : JSON.stringify(scenario, null, 2));
  return file;
}
