// Fidelity fixes from issue 13 (lb-semantics.md §2, §5.2, §6 row 10, §7 items 1 and 6): nginx answers a
// malformed response at once and still charges the peer; nginx counts fail_timeout on whole seconds;
// ALB drains 300 s by default; only AWS cuts requests in flight on a removed instance.
import { describe, expect, it } from 'vitest';
import type { FaultEventConfig, SimulationSetup, TrafficConfig } from '../../src/model/config.js';
import type { GatewayErrorEvent, HealthEvent, SimEvent } from '../../src/model/run/events.js';
import type { ProfileName } from '../../src/model/outcome.js';
import { PROFILES, type ProfileBehaviour } from '../../src/model/profiles.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { simulate } from '../../src/simulate.js';
import { fault, instance, setup } from '../helpers/setup.js';

function under(profile: ProfileName, events: FaultEventConfig[], more: Partial<SimulationSetup> = {}, behaviour: Partial<ProfileBehaviour> = {}): SimulationSetup {
  const base = setup({ durationMs: 60_000, events, ...more });
  const definition = PROFILES[profile];
  return {
    ...base,
    ...more,
    balancer: {
      ...base.balancer,
      profile,
      behaviour: { ...definition.behaviour, ...behaviour },
      nodes: [definition.behaviour.nodePerZone ? 'us-east-1a' : profile],
      crossZone: true,
      algorithm: 'round-robin',
      connectTimeoutMs: definition.defaults.connectTimeoutMs,
      ...more.balancer,
    },
  };
}

function run(scenario: SimulationSetup) {
  const events: SimEvent[] = [];
  const result = simulate(scenario, { sink: { emit: (e) => events.push(e) } });
  const errors = events.filter((e): e is GatewayErrorEvent => e.type === 'gateway-error');
  const health = events.filter((e): e is HealthEvent => e.type === 'health');
  return { result, errors, health };
}

/** Arrivals every 125 ms (k × 0.125 s, k ≥ 1): exact in binary, so second boundaries fall on arrivals. */
const everyEighth: TrafficConfig = { rate: 8, arrival: 'constant', pattern: [], requests: [{ method: 'GET', path: '/', weight: 1 }], clients: null };

describe('nginx: an invalid response is not retried by default (§5.2, §7 item 1)', () => {
  // i-1 answers garbage from 10 s on; i-2 and i-3 are fine.
  const malformed = [fault(0, 10_000, 'malformed', ['i-1'])];
  const three = [instance('i-1'), instance('i-2'), instance('i-3')];

  it('`proxy_next_upstream error timeout`: 502 at once, one upstream tried, and the peer is disabled (max_fails 1)', () => {
    const { errors, health } = run(under('nginx', malformed, { instances: three, traffic: everyEighth }));
    const first = errors[0]!;
    expect(first).toMatchObject({ reason: 'MalformedResponse', status: 502, instance: 'i-1', attempts: 1 });
    expect(errors.every((e) => e.reason === 'MalformedResponse' && e.attempts === 1 && e.instance === 'i-1')).toBe(true);
    // invalid_header always counts toward max_fails: i-1 is taken out by that very request.
    const disabled = health.find((e) => e.instance === 'i-1' && e.to === 'OutOfService')!;
    expect(disabled.reason).toBe('upstream server temporarily disabled');
    expect(disabled.t).toBe(first.t);
    // After that, one probe request per fail_timeout reaches i-1 and gets a 502: skipped while
    // floor(now) - checked <= 10, so each failure comes in the second 11 after the previous one.
    expect(errors.map((e) => Math.floor(e.t))).toEqual([10, 21, 32, 43, 54]);
  });

  it('`proxy_next_upstream invalid_header` (RetryOn with MalformedResponse): the next server answers, still charging i-1', () => {
    const retryOn = [...PROFILES.nginx.behaviour.retryOn, 'MalformedResponse'] as const;
    const { errors, health } = run(under('nginx', malformed, { instances: three, traffic: everyEighth }, { retryOn }));
    expect(errors).toEqual([]);
    expect(health.some((e) => e.instance === 'i-1' && e.reason === 'upstream server temporarily disabled')).toBe(true);
  });

  it('the profile retries what `error timeout` covers and not MalformedResponse', () => {
    expect([...PROFILES.nginx.behaviour.retryOn].sort()).toEqual(['ConnectRefused', 'ConnectTimeout', 'KeepAliveRace', 'ResponseTimeout', 'UpstreamReset']);
  });
});

describe("nginx: fail_timeout on ngx_time()'s whole seconds (§5.1, §7 item 6)", () => {
  // Both servers crash at 20.1 s; the arrival at 20.125 s is refused by both (checked = 20), and the
  // crash ends 0.3 s later at 20.425 s. nginx skips a peer while floor(now) - 20 <= 10, so both stay
  // out until 31.000 s: exact arithmetic would bring them back after 30.125 s, six arrivals earlier.
  const crash = [fault(0, 20_100, 'crash', ['i-1', 'i-2'], { durationMs: 325 })];

  it('"no live upstreams" lasts until the whole-second rule lets a request through (31.0 s), then service resumes', () => {
    const { errors, health } = run(under('nginx', crash, { traffic: everyEighth }));
    const refused = errors.filter((e) => e.reason === 'ConnectRefused');
    expect(refused.map((e) => [e.t, e.attempts, e.status])).toEqual([[20.125, 2, 502]]);
    const noLive = errors.filter((e) => e.reason === 'NoHealthyInstances');
    // Independent count: arrivals k/8 s with 20.25 <= k/8 < 31.0.
    const expected = Array.from({ length: 31 * 8 - 20.25 * 8 }, (_, i) => (20.25 * 8 + i) / 8);
    expect(noLive.map((e) => e.t)).toEqual(expected);
    expect(noLive.every((e) => e.status === 502)).toBe(true);
    expect(errors.length).toBe(refused.length + noLive.length);
    // Each peer's "fail_timeout passed" comes at the 31 s boundary.
    const readmitted = health.filter((e) => e.reason === 'fail_timeout passed: one request may try it');
    expect(readmitted.map((e) => [e.instance, e.t]).sort()).toEqual([['i-1', 31], ['i-2', 31]]);
  });
});

describe('ALB deregistration delay: on, 300 s, by default (§2.2)', () => {
  const file = (profile: string, draining?: object) =>
    JSON.stringify({
      Profile: profile,
      LoadBalancerName: 'lb',
      Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }],
      ...(draining ? { LoadBalancerAttributes: { ConnectionDraining: draining } } : {}),
    });
  const balancerOf = (text: string) => {
    const loaded = parseScenarioText(text, 'test.json');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    return loaded.scenario.balancer;
  };

  it('aws-alb drains 300 s when the file says nothing; aws-clb keeps the API default (off)', () => {
    expect(balancerOf(file('aws-alb'))).toMatchObject({ drainingEnabled: true, drainingTimeoutMs: 300_000 });
    expect(balancerOf(file('aws-clb'))).toMatchObject({ drainingEnabled: false });
  });

  it("the scenario's ConnectionDraining still overrides", () => {
    expect(balancerOf(file('aws-alb', { Enabled: false }))).toMatchObject({ drainingEnabled: false });
    expect(balancerOf(file('aws-alb', { Enabled: true, Timeout: 20 }))).toMatchObject({ drainingEnabled: true, drainingTimeoutMs: 20_000 });
  });
});

describe('removing an instance: only AWS cuts requests in flight (§6 row 10)', () => {
  // 3 s requests; i-1 leaves the pool at 20 s with requests in flight on it.
  const slow = { concurrency: 100, serviceTime: { distribution: 'constant', meanMs: 3_000 } } as const;
  const deregister = [fault(0, 20_000, 'deregister', ['i-1'])];
  const pool = { instances: [instance('i-1', slow), instance('i-2', slow)] };

  it.each(['nginx', 'haproxy', 'envoy'] as const)('%s lets them finish even without draining: no error at all', (profile) => {
    const { errors, result } = run(under(profile, deregister, pool));
    expect(errors).toEqual([]);
    const i1 = result.instances.find((i) => i.id === 'i-1')!;
    expect(i1.requests).toBeGreaterThan(0);
  });

  it.each(['aws-clb', 'aws-alb'] as const)('%s without draining cuts them at once ("not completed")', (profile) => {
    const { errors } = run(under(profile, deregister, pool));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.reason === 'UpstreamReset' && e.t === 20 && e.instance === 'i-1')).toBe(true);
  });

  it('only the AWS profiles say they cut', () => {
    const cutting = Object.entries(PROFILES).filter(([, p]) => p.behaviour.cutsInFlightOnRemoval).map(([name]) => name);
    expect(cutting.sort()).toEqual(['aws-alb', 'aws-clb']);
  });
});
