// Each fault gives its reason under each profile with the status lb-semantics.md documents (§6, the
// master table), run as a user's file runs: a scenario document naming only the profile, resolved
// with that profile's defaults (health check, timeouts, retries, algorithm), then simulated.

import { describe, expect, it } from 'vitest';
import { PROFILE_NAMES, type ProfileName, type Reason } from '../../src/model/outcome.js';
import { lesson as namedLesson, runDocument } from '../helpers/scenario-run.js';

const lesson = (profile: Parameters<typeof namedLesson>[1], more?: Record<string, unknown>) => namedLesson('cells', profile, more);

/** Fault on every instance at 20 s, before any default health check can notice. */
const onEveryInstance = (fault: string, more: Record<string, unknown> = {}) => ({ Events: [{ At: '20s', Instance: ['i-1', 'i-2'], Fault: fault, ...more }] });

const CELLS: Array<{ fault: string; reason: Reason; status: Record<ProfileName, number> }> = [
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

describe.each(CELLS)('$fault on every instance', ({ fault, reason, status }) => {
  it.each(PROFILE_NAMES)(`gives ${reason} with the profile's status under %s`, (profile) => {
    const { result } = runDocument(lesson(profile, onEveryInstance(fault)));
    const entry = result.gatewayErrors.byReason[reason];
    expect(entry?.count ?? 0).toBeGreaterThan(0);
    expect(entry?.status).toBe(status[profile]);
  });
});

describe('a backend 5xx (§6 row 8)', () => {
  it.each(PROFILE_NAMES)('is passed through, not a gateway error, under %s', (profile) => {
    const { result } = runDocument(lesson(profile, onEveryInstance('errors', { Status: 500 })));
    expect(result.backend5xx).toBeGreaterThan(0);
    expect(result.statusCounts['500']).toBe(result.backend5xx);
    expect(result.gatewayErrors.total).toBe(0);
  });
});

describe('every instance deregistered (§6 row 1)', () => {
  const want: Record<ProfileName, number> = { 'aws-clb': 503, 'aws-alb': 503, nginx: 502, haproxy: 503, envoy: 503 };
  it.each(PROFILE_NAMES)('answers NoRegisteredInstances with its status under %s', (profile) => {
    const { result } = runDocument(lesson(profile, onEveryInstance('deregister')));
    expect(result.gatewayErrors.byReason.NoRegisteredInstances?.count ?? 0).toBeGreaterThan(0);
    expect(result.gatewayErrors.byReason.NoRegisteredInstances?.status).toBe(want[profile]);
  });
});

describe('every instance failing its health checks while traffic still works (§6 row 2)', () => {
  // The cell is about an HTTP check failing, so the file names an HTTP target; interval, timeout
  // and thresholds stay the profile's defaults. (A TCP check, CLB's and HAProxy's default, never
  // sees the health path: profile-defaults.test.ts.) A HealthCheck block under open-source nginx is
  // an input error: it has no active checks.
  const failing = (profile: ProfileName | Record<string, unknown>) =>
    lesson(profile, { ...(profile === 'nginx' ? {} : { HealthCheck: { Target: 'HTTP:80/ping' } }), ...onEveryInstance('health-fail', { Status: 500 }) });
  it.each(['aws-clb', 'haproxy'] as const)('%s answers 503 NoHealthyInstances: no fail-open', (profile) => {
    const { result } = runDocument(failing(profile));
    expect(result.gatewayErrors.byReason.NoHealthyInstances?.count ?? 0).toBeGreaterThan(0);
    expect(result.gatewayErrors.byReason.NoHealthyInstances?.status).toBe(503);
  });
  it.each(['aws-alb', 'envoy'] as const)('%s fails open or panics: routes to all, so clients get 200s and no gateway error', (profile) => {
    const { result } = runDocument(failing(profile));
    expect(result.gatewayErrors.total).toBe(0);
    expect(result.instances.every((instance) => instance.transitions.some((t) => t.to === 'OutOfService'))).toBe(true);
    expect(result.requests.routedUnhealthy).toBeGreaterThan(0);
  });
  it('open-source nginx has no active checks (§5.1): it never notices and keeps serving', () => {
    const { result } = runDocument(failing('nginx'));
    expect(result.gatewayErrors.total).toBe(0);
    expect(result.instances.every((instance) => instance.probes === 0)).toBe(true);
  });
  it('Envoy with PanicThreshold 0 answers 503 UH instead (§3.4)', () => {
    const { result } = runDocument(failing({ Base: 'envoy', PanicThreshold: 0 }));
    expect(result.gatewayErrors.byReason.NoHealthyInstances?.count ?? 0).toBeGreaterThan(0);
    expect(result.gatewayErrors.byReason.NoHealthyInstances?.status).toBe(503);
  });
});

describe('the keep-alive race (§6 row 6, §2.4)', () => {
  /**
   * Ten instances with Node's default 5 s keep-alive (the resolver's default, §2.4), evenly spaced
   * requests in turn: each connection sits idle just past 5 s, inside every profile's own idle or
   * route timeout (CLB/ALB 60 s, Envoy 15 s), so the balancer still holds it when Node closes it.
   */
  const race = (profile: ProfileName) =>
    runDocument(
      lesson(profile, {
        Duration: '30m',
        Instances: [{ InstanceId: 'i', Count: 10, AvailabilityZone: 'us-east-1a' }],
        Balancing: { Algorithm: 'round-robin' },
        Traffic: { Rate: 1.996, Arrival: 'constant' },
      }),
    ).result;
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
