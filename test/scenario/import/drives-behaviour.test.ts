// The imported settings drive the run: detection times, weights, retries and panic follow the native
// file. Each case runs two files that differ in one setting and checks the run against that balancer's
// own rule, computed here by hand, not against lbsim's output.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src/model/run/result.js';
import { formatScenarioError } from '../../../src/scenario/errors.js';
import { loadScenarioFile } from '../../../src/scenario/load.js';
import { simulate } from '../../../src/simulate.js';

const dir = mkdtempSync(join(tmpdir(), 'lbsim-drives-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let serial = 0;
/** Writes the config and a scenario that references it, runs it, and returns the result. */
function runWith(configName: string, config: string, scenario: object): RunResult {
  serial += 1;
  const configFile = `${serial}-${configName}`;
  writeFileSync(join(dir, configFile), config);
  const file = join(dir, `${serial}.json`);
  writeFileSync(file, JSON.stringify({ Config: { File: configFile }, ...scenario }));
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
  return simulate(loaded.scenario);
}

const downAtS = (result: RunResult, id: string): number => result.instances.find((i) => i.id === id)!.transitions.find((t) => t.to === 'OutOfService')!.tMs / 1000;

const haproxy = (backend: string) => `defaults\n    mode http\n    timeout connect 1s\n    timeout server 5s\nbackend app\n${backend}`;
const THREE_SERVERS = '    server a 127.0.0.1:9001 check\n    server b 127.0.0.1:9002 check\n    server c 127.0.0.1:9003 check\n';

describe('imported settings drive behaviour', () => {
  it('HAProxy: inter and fall set when a crashed server goes DOWN', () => {
    const crash = { Duration: '60s', Traffic: { Rate: 20 }, Events: [{ At: '20s', Instance: 'b', Fault: 'crash' }] };
    const fast = runWith('fast.cfg', haproxy(`    default-server inter 1s fall 2\n${THREE_SERVERS}`), crash);
    const slow = runWith('slow.cfg', haproxy(`    default-server inter 3s fall 3\n${THREE_SERVERS}`), crash);
    // A refused TCP check fails at once, and the next one starts `inter` after it ends (fastinter
    // defaults to inter): the first failure comes within one inter of the crash (plus the few ms
    // that passing checks add to each period), DOWN (fall - 1) inters after it.
    const SLACK_S = 0.1;
    expect(downAtS(fast, 'b')).toBeGreaterThanOrEqual(20 + 1);
    expect(downAtS(fast, 'b')).toBeLessThanOrEqual(20 + 1 + 1 + SLACK_S);
    expect(downAtS(slow, 'b')).toBeGreaterThanOrEqual(20 + 2 * 3);
    expect(downAtS(slow, 'b')).toBeLessThanOrEqual(20 + 3 + 2 * 3 + SLACK_S);
  });

  it('HAProxy: retries and their 1 s turnaround follow the file', () => {
    // No redispatch, a crashed server: each retry goes to the same server after min(timeout connect, 1 s).
    const crash = { Duration: '30s', Traffic: { Rate: 20 }, Events: [{ At: '10s', Instance: 'b', Fault: 'crash' }] };
    const none = runWith('r0.cfg', haproxy(`    retries 0\n    default-server inter 5s fall 3\n${THREE_SERVERS}`), crash);
    const two = runWith('r2.cfg', haproxy(`    retries 2\n    default-server inter 5s fall 3\n${THREE_SERVERS}`), crash);
    expect(none.gatewayErrors.byReason.ConnectRefused?.status).toBe(503);
    expect(none.latency.maxMs).toBeLessThan(1000);
    expect(two.latency.maxMs).toBeGreaterThanOrEqual(2000);
    expect(two.latency.maxMs).toBeLessThan(2100);
    expect(two.requests.attempts - two.requests.total).toBe(2 * (two.gatewayErrors.byReason.ConnectRefused?.count ?? 0));
  });

  it("nginx: server weights set each server's share (smooth weighted round robin: exactly 3 to 1)", () => {
    const conf = 'http {\n  upstream app {\n    server 10.0.0.1:80 weight=3;\n    server 10.0.0.2:80;\n  }\n  server {\n    listen 80;\n    location / { proxy_pass http://app; }\n  }\n}\n';
    const result = runWith('nginx.conf', conf, { Duration: '100s', Traffic: { Rate: 40, Arrival: 'constant' } });
    const [heavy, light] = result.instances.map((i) => i.requests);
    expect(heavy! + light!).toBe(4000);
    expect(Math.abs(heavy! - 3 * light!)).toBeLessThanOrEqual(4);
  });

  it('Envoy: healthy_panic_threshold from the cluster decides whether a failed host still gets traffic', () => {
    const cluster = (panic: number) =>
      `name: app\nconnect_timeout: 1s\nlb_policy: ROUND_ROBIN\ncommon_lb_config:\n  healthy_panic_threshold: { value: ${panic} }\n` +
      'health_checks:\n- timeout: 1s\n  interval: 2s\n  unhealthy_threshold: 1\n  healthy_threshold: 1\n  tcp_health_check: {}\n' +
      'load_assignment:\n  cluster_name: app\n  endpoints:\n  - lb_endpoints:\n' +
      ['a', 'b', 'c'].map((h, i) => `    - endpoint:\n        hostname: ${h}\n        address: { socket_address: { address: 10.0.0.${i + 1}, port_value: 80 } }\n`).join('');
    const crash = { Duration: '60s', Traffic: { Rate: 20 }, Events: [{ At: '10s', Instance: 'b', Fault: 'crash' }] };
    // Two of three healthy is 66.7%: below a 70% threshold Envoy panics and routes to all three, so
    // b's share (a third) keeps failing; above 50% it routes only to a and c once b is out.
    const panics = runWith('panic70.yaml', cluster(70), crash);
    const calm = runWith('panic50.yaml', cluster(50), crash);
    const afterDetectionS = 60 - 10 - 2 - 1;
    expect(panics.gatewayErrors.total).toBeGreaterThan((20 * afterDetectionS) / 3 * 0.8);
    expect(calm.gatewayErrors.total).toBeLessThan(20 * 3);
  });

  it('ALB: the target group interval and unhealthy threshold set the detection time', () => {
    const tg = (interval: number, unhealthy: number) =>
      'Resources:\n  TG:\n    Type: AWS::ElasticLoadBalancingV2::TargetGroup\n    Properties:\n      Port: 80\n      Protocol: HTTP\n' +
      `      HealthCheckIntervalSeconds: ${interval}\n      HealthCheckTimeoutSeconds: 2\n      UnhealthyThresholdCount: ${unhealthy}\n` +
      '      Targets:\n        - Id: i-a\n        - Id: i-b\n';
    const crash = { Duration: '3m', Traffic: { Rate: 10 }, Events: [{ At: '30s', Instance: 'i-a', Fault: 'crash' }] };
    // ALB checks on a fixed period from a random phase; a refused check fails at once. The first
    // failure is within one interval of the crash, OutOfService (threshold - 1) intervals later.
    const quick = runWith('quick.yaml', tg(5, 2), crash);
    const lazy = runWith('lazy.yaml', tg(30, 5), crash);
    expect(downAtS(quick, 'i-a')).toBeGreaterThanOrEqual(30 + 5);
    expect(downAtS(quick, 'i-a')).toBeLessThanOrEqual(30 + 5 + 5);
    expect(downAtS(lazy, 'i-a')).toBeGreaterThanOrEqual(30 + 4 * 30);
    expect(downAtS(lazy, 'i-a')).toBeLessThanOrEqual(30 + 5 * 30);
  });
});
