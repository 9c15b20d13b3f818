// A scenario that references a native config (`Config`) instead of a copy: the config's settings
// drive the run, the file's own keys override them, and every error points at the file that holds it.

import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { loadScenarioFile } from '../../src/scenario/load.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'import', 'aws', 'alb-target-group.yaml');

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lbsim-config-'));
  copyFileSync(FIXTURE, join(dir, 'web-tg.yaml'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function scenarioWith(content: object): string {
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(content, null, 2));
  return file;
}

describe('Config: a scenario built on a native config', () => {
  it("takes the config's balancer, health check, pool and draining, and keeps its not-modelled list", () => {
    const loaded = loadScenarioFile(scenarioWith({ Config: { File: 'web-tg.yaml' }, Events: [{ At: '1m', Instance: 'WebServerA', Fault: 'crash' }] }));
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const s = loaded.scenario;
    // The values written in alb-target-group.yaml: interval 10, timeout 4, healthy 3, unhealthy 2,
    // path from the HealthCheckPath parameter's Default, deregistration delay 30 s, least outstanding requests.
    expect([s.balancer.profile, s.balancer.name, s.balancer.algorithm]).toEqual(['aws-alb', 'web-tg', 'least-outstanding']);
    expect(s.healthCheck).toMatchObject({ intervalMs: 10_000, timeoutMs: 4_000, healthyThreshold: 3, unhealthyThreshold: 2, path: '/healthz' });
    expect([s.balancer.drainingEnabled, s.balancer.drainingTimeoutMs]).toEqual([true, 30_000]);
    expect(s.instances.map((i) => i.id)).toEqual(['WebServerA', 'WebServerB', 'i-0c3f8e2a9b7d61234']);
    expect(s.events).toHaveLength(1);
    expect(s.imported?.format).toBe('elbv2');
    expect(s.imported?.notModelled.length).toBeGreaterThan(0);
    for (const note of s.imported?.notModelled ?? []) expect(note.at).toMatch(/web-tg\.yaml:\d+:\d+$/);
  });

  it("lets the file's own keys override the config's, merging instances by id", () => {
    const loaded = loadScenarioFile(
      scenarioWith({
        Config: { File: 'web-tg.yaml' },
        HealthCheck: { Interval: 30 },
        Instances: [{ InstanceId: 'WebServerB', Concurrency: 2 }, { InstanceId: 'extra' }],
      }),
    );
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.scenario.healthCheck).toMatchObject({ intervalMs: 30_000, timeoutMs: 4_000 });
    expect(loaded.scenario.instances.map((i) => [i.id, i.concurrency])).toEqual([
      ['WebServerA', 8],
      ['WebServerB', 2],
      ['i-0c3f8e2a9b7d61234', 8],
      ['extra', 8],
    ]);
  });

  it("points a mistake in the file's keys at the file, one the config gave at Config.File, and config errors at the config", () => {
    const own = loadScenarioFile(scenarioWith({ Config: { File: 'web-tg.yaml' }, HealthCheck: { Interval: 3 } }));
    expect(own.ok ? [] : own.errors.map(formatScenarioError)).toEqual([
      `${join(dir, 'scenario.json')}:6:17 HealthCheck.Interval: out of range for aws-alb (expected 5–300 seconds, got 3)`,
    ]);
    const missing = loadScenarioFile(scenarioWith({ Config: { File: 'nope.cfg' } }));
    expect(missing.ok ? [] : missing.errors.map(formatScenarioError)).toEqual([
      `${join(dir, 'scenario.json')}:3:13 Config.File: file not found: ${join(dir, 'nope.cfg')} (expected a config file, relative to this scenario)`,
    ]);
    const shape = loadScenarioFile(scenarioWith({ Config: { File: 'web-tg.yaml', Format: 'haprxy' } }));
    expect(shape.ok ? [] : shape.errors.map(formatScenarioError)).toEqual([
      `${join(dir, 'scenario.json')}:4:15 Config.Format: unknown config format; did you mean "haproxy"? (expected one of haproxy, nginx, envoy, elbv2, clb, got "haprxy")`,
    ]);
  });

  it('blames a value that came from the config on Config.File, naming the config', () => {
    // ALB takes a 90 s check timeout (2–120 s); Classic ELB does not (2–60 s). The file only switches the profile.
    writeFileSync(join(dir, 'web-tg.yaml'), 'Resources:\n  TG:\n    Type: AWS::ElasticLoadBalancingV2::TargetGroup\n    Properties:\n      Port: 80\n      Protocol: HTTP\n      HealthCheckIntervalSeconds: 100\n      HealthCheckTimeoutSeconds: 90\n');
    expect(loadScenarioFile(scenarioWith({ Config: { File: 'web-tg.yaml' } })).ok).toBe(true);
    const loaded = loadScenarioFile(scenarioWith({ Config: { File: 'web-tg.yaml' }, Profile: 'aws-clb' }));
    expect(loaded.ok ? [] : loaded.errors.map(formatScenarioError)).toEqual([
      `${join(dir, 'scenario.json')}:3:13 HealthCheck.Timeout: out of range for aws-clb (set by ${join(dir, 'web-tg.yaml')}) (expected 2–60 seconds, got 90)`,
    ]);
  });
});
