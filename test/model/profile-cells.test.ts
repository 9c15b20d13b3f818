// Each fault gives its reason under each profile with the status lb-semantics.md documents (§6, the
// master table): the same scenario run under aws-clb, aws-alb, nginx, haproxy and envoy.

import { describe, expect, it } from 'vitest';
import type { FaultEventConfig, SimulationSetup } from '../../src/model/config.js';
import { PROFILE_NAMES, type ProfileName, type Reason } from '../../src/model/outcome.js';
import { PROFILES } from '../../src/model/profiles.js';
import { simulate } from '../../src/simulate.js';
import { fault, instance, setup } from '../helpers/setup.js';

function under(profile: ProfileName, events: FaultEventConfig[], more: Partial<SimulationSetup> = {}): SimulationSetup {
  const base = setup({ durationMs: 120_000, events, ...more });
  const definition = PROFILES[profile];
  return {
    ...base,
    balancer: {
      ...base.balancer,
      profile,
      behaviour: definition.behaviour,
      nodes: [definition.behaviour.nodePerZone ? 'us-east-1a' : profile],
      connectTimeoutMs: definition.defaults.connectTimeoutMs,
    },
  };
}

const ALL = ['i-1', 'i-2'];

/** Fault on every instance at 20 s, before any health check can notice. */
const CELLS: Array<{ fault: FaultEventConfig['fault']; reason: Reason; status: Record<ProfileName, number> }> = [
  // §6 row 3: CLB retries and its final status is inferred; HAProxy retries the same server 3 times.
  { fault: 'crash', reason: 'ConnectRefused', status: { 'aws-clb': 503, 'aws-alb': 502, nginx: 502, haproxy: 503, envoy: 503 } },
  // Row 4: ALB 10 s and nginx 60 s connect timeouts give 504; HAProxy sC and Envoy UF give 503.
  { fault: 'blackhole', reason: 'ConnectTimeout', status: { 'aws-clb': 504, 'aws-alb': 504, nginx: 504, haproxy: 503, envoy: 503 } },
  // Row 5: no response headers within the idle / read / route timeout.
  { fault: 'hang', reason: 'ResponseTimeout', status: { 'aws-clb': 504, 'aws-alb': 504, nginx: 504, haproxy: 504, envoy: 504 } },
  // Row 6: the instance closes the connection before answering: CLB 504, ALB 502, Envoy 503 UC.
  { fault: 'reset', reason: 'UpstreamReset', status: { 'aws-clb': 504, 'aws-alb': 502, nginx: 502, haproxy: 502, envoy: 503 } },
  // Row 7: an unparsable response is a 502 everywhere.
  { fault: 'malformed', reason: 'MalformedResponse', status: { 'aws-clb': 502, 'aws-alb': 502, nginx: 502, haproxy: 502, envoy: 502 } },
];

describe.each(CELLS)('$fault on every instance', ({ fault: name, reason, status }) => {
  it.each(PROFILE_NAMES)(`gives ${reason} with the profile's status under %s`, (profile) => {
    const result = simulate(under(profile, [fault(0, 20_000, name, ALL)]));
    const entry = result.gatewayErrors.byReason[reason];
    expect(entry?.count ?? 0).toBeGreaterThan(0);
    expect(entry?.status).toBe(status[profile]);
  });
});

describe('a backend 5xx (§6 row 8)', () => {
  it.each(PROFILE_NAMES)('is passed through, not a gateway error, under %s', (profile) => {
    const result = simulate(under(profile, [fault(0, 20_000, 'errors', ALL, { params: { status: 500 } })]));
    expect(result.backend5xx).toBeGreaterThan(0);
    expect(result.statusCounts['500']).toBe(result.backend5xx);
  });
});

describe('every instance deregistered (§6 row 1)', () => {
  const want: Record<ProfileName, number> = { 'aws-clb': 503, 'aws-alb': 503, nginx: 502, haproxy: 503, envoy: 503 };
  it.each(PROFILE_NAMES)('answers NoRegisteredInstances with its status under %s', (profile) => {
    const result = simulate(under(profile, [fault(0, 20_000, 'deregister', ALL)]));
    expect(result.gatewayErrors.byReason.NoRegisteredInstances?.status).toBe(want[profile]);
  });
});

describe('every instance failing its health checks while traffic still works (§6 row 2)', () => {
  const events = [fault(0, 10_000, 'health-fail', ALL, { params: { status: 500 } })];
  it('CLB and HAProxy answer 503 NoHealthyInstances: no fail-open', () => {
    for (const profile of ['aws-clb', 'haproxy'] as const) {
      const result = simulate(under(profile, events));
      expect(result.gatewayErrors.byReason.NoHealthyInstances?.status).toBe(503);
    }
  });
  it('ALB fails open and Envoy panics: they route to all, so clients get 200s and no gateway error', () => {
    for (const profile of ['aws-alb', 'envoy'] as const) {
      const result = simulate(under(profile, events));
      expect(result.gatewayErrors.total).toBe(0);
      expect(result.instances.every((instance) => instance.transitions.some((t) => t.to === 'OutOfService'))).toBe(true);
    }
  });
  it('open-source nginx has no active checks: it never notices and keeps serving', () => {
    const result = simulate(under('nginx', events));
    expect(result.gatewayErrors.total).toBe(0);
    expect(result.instances.every((instance) => instance.probes === 0)).toBe(true);
  });
  it('Envoy with PanicThreshold 0 answers 503 UH instead', () => {
    const base = under('envoy', events);
    const result = simulate({ ...base, balancer: { ...base.balancer, behaviour: { ...base.balancer.behaviour, panicThresholdPercent: 0 } } });
    expect(result.gatewayErrors.byReason.NoHealthyInstances?.status).toBe(503);
  });
});

describe('the keep-alive race (§6 row 6, §2.4)', () => {
  /** Ten instances, evenly spaced requests: each connection sits idle just past Node's 5 s. */
  function race(profile: ProfileName) {
    const base = under(profile, []);
    return simulate({
      ...base,
      durationMs: 1_800_000,
      instances: Array.from({ length: 10 }, (_, i) => instance(`i-${i + 1}`, { keepAliveTimeoutMs: 5_000 })),
      balancer: { ...base.balancer, algorithm: 'round-robin', oneWayDelayMs: 0.5 },
      traffic: { ...base.traffic, rate: 1.996, arrival: 'constant' },
    });
  }
  it.each([
    ['aws-clb', 504],
    ['aws-alb', 502],
    ['envoy', 503],
    // HAProxy closes the client connection without a status on a reused connection: no status, 0.
    ['haproxy', 0],
  ] as const)('%s answers %i', (profile, status) => {
    const result = race(profile);
    expect(result.gatewayErrors.byReason.KeepAliveRace?.count ?? 0).toBeGreaterThan(0);
    expect(result.gatewayErrors.byReason.KeepAliveRace?.status).toBe(status);
  });
  it('nginx resends the request on another connection: the race costs no client an error', () => {
    const result = race('nginx');
    expect(result.gatewayErrors.byReason.KeepAliveRace).toBeUndefined();
    expect(result.requests.attempts).toBeGreaterThan(result.requests.total);
  });
});
