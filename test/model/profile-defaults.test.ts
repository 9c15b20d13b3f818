// Each profile's defaults, end to end: a scenario document that names only the profile, resolved and
// simulated, must show the documented default in what happens (when a crash is noticed, how long a
// hung request waits, what a refused connection costs). Every expected figure is typed here from
// lb-semantics.md (section cited), or from docs/profiles.md where the real balancer has no default.

import { describe, expect, it } from 'vitest';
import type { ProfileName, Reason } from '../../src/model/outcome.js';
import type { RequestEvent } from '../../src/model/run/events.js';
import { lesson as namedLesson, runDocument } from '../helpers/scenario-run.js';

const lesson = (profile: Parameters<typeof namedLesson>[1], more?: Record<string, unknown>) => namedLesson('defaults', profile, more);

const ONE_INSTANCE = [{ InstanceId: 'i-1', AvailabilityZone: 'us-east-1a' }];

/**
 * A check's own duration and the network's round trip (0.5 ms each way by default) come on top of
 * the schedule, and HAProxy counts `inter` from a check's end: a few milliseconds per check. 10 ms
 * covers that; a wrong interval or threshold moves a transition by a whole interval (≥ 2 s).
 */
const CHECK_SLACK_S = 0.01;
/** A timeout ends the wait exactly; only the one-way delays (0.5 ms) could add to it. */
const TIMEOUT_SLACK_S = 0.01;

/** Active-check defaults: interval (s), UnhealthyThreshold, HealthyThreshold. */
const CHECK_DEFAULTS: Array<{ profile: ProfileName; intervalS: number; unhealthy: number; healthy: number; source: string }> = [
  { profile: 'aws-clb', intervalS: 30, unhealthy: 2, healthy: 10, source: '§1.1: Interval 30, UnhealthyThreshold 2, HealthyThreshold 10' },
  { profile: 'aws-alb', intervalS: 30, unhealthy: 2, healthy: 5, source: '§2.1: interval 30, unhealthy 2, healthy 5' },
  { profile: 'haproxy', intervalS: 2, unhealthy: 3, healthy: 2, source: '§4.1: inter 2 s, fall 3, rise 2 (fastinter and downinter default to inter)' },
  // §3.2: Envoy has no defaults (the fields are required); docs/profiles.md names lbsim's stand-ins.
  { profile: 'envoy', intervalS: 30, unhealthy: 2, healthy: 2, source: "docs/profiles.md: lbsim's 30 s, 2, 2 (Envoy requires them)" },
];

describe('a crash under the default health check', () => {
  const crashAtS = 30;
  const recoverAtS = 150;
  /**
   * Checks run every interval from a phase the crash does not know, so the U-th failed check after
   * a crash at t lands in [t + (U−1)·I, t + U·I] (closed: a check may fall at the crash's very
   * instant), and the H-th passing check after recovery in [r + (H−1)·I, r + H·I]. A refused
   * connection fails a check at once, so no check Timeout is added.
   */
  it.each(CHECK_DEFAULTS)('$profile: out after $unhealthy failed checks, back after $healthy passes, $intervalS s apart ($source)', ({ profile, intervalS, unhealthy, healthy }) => {
    const run = runDocument(lesson(profile, { Duration: '500s', Events: [{ At: `${crashAtS}s`, Instance: 'i-1', Fault: 'crash', Duration: `${recoverAtS - crashAtS}s` }] }));
    const transitions = run.health.filter((h) => h.instance === 'i-1');
    expect(transitions.map((h) => h.to)).toEqual(['OutOfService', 'InService']);
    const [out, back] = transitions;
    expect(out!.t).toBeGreaterThanOrEqual(crashAtS + (unhealthy - 1) * intervalS);
    expect(out!.t).toBeLessThanOrEqual(crashAtS + unhealthy * intervalS + CHECK_SLACK_S);
    expect(back!.t).toBeGreaterThanOrEqual(recoverAtS + (healthy - 1) * intervalS);
    expect(back!.t).toBeLessThanOrEqual(recoverAtS + healthy * intervalS + CHECK_SLACK_S);
  });

  it('nginx: no active checks; max_fails=1 takes the server out at its first refusal, for fail_timeout 10 s (§5.1), on whole seconds (§7 item 6)', () => {
    const run = runDocument(lesson('nginx', { Duration: '200s', Events: [{ At: `${crashAtS}s`, Instance: 'i-1', Fault: 'crash', Duration: `${recoverAtS - crashAtS}s` }] }));
    expect(run.result.instances.every((instance) => instance.probes === 0)).toBe(true);
    const transitions = run.health.filter((h) => h.instance === 'i-1' && h.t < recoverAtS);
    // Round robin sends i-1 every other request at 20 req/s: its first refusal comes within a second.
    expect(transitions[0]!.to).toBe('OutOfService');
    expect(transitions[0]!.t).toBeLessThan(crashAtS + 1);
    // Each time it is let back it is refused again: back after fail_timeout, rounded up to nginx's whole-second clock.
    for (let k = 1; k < transitions.length; k += 2) {
      expect(transitions[k]!.to).toBe('InService');
      expect(transitions[k]!.t - transitions[k - 1]!.t).toBeGreaterThanOrEqual(10);
      expect(transitions[k]!.t - transitions[k - 1]!.t).toBeLessThanOrEqual(11);
    }
    // 120 s of crash, one refusal per cycle of 10–11 s: between ⌊120/11⌋ and ⌈120/10⌉ cycles.
    const cycles = transitions.filter((h) => h.to === 'OutOfService').length;
    expect(cycles).toBeGreaterThanOrEqual(10);
    expect(cycles).toBeLessThanOrEqual(12);
    // A refused request is passed to the next server (proxy_next_upstream error, §5.2): no client error.
    expect(run.result.gatewayErrors.total).toBe(0);
  });
});

describe('the default health-check target', () => {
  /** The health path answers 500 on both instances; traffic works. */
  const healthPathFails = { Events: [{ At: '20s', Instance: ['i-1', 'i-2'], Fault: 'health-fail', Status: 500 }] };
  // §1.1: the API's default Target is TCP:80; §4.1: without option httpchk HAProxy's check is a TCP
  // connect; docs/profiles.md: lbsim's stand-in for Envoy is a TCP check too.
  it.each(['aws-clb', 'haproxy', 'envoy'] as const)('%s checks a TCP connect: a failing health path goes unnoticed', (profile) => {
    const { result } = runDocument(lesson(profile, healthPathFails));
    expect(result.instances.every((instance) => instance.probes > 0 && instance.transitions.length === 0)).toBe(true);
  });
  it('aws-alb checks HTTP on the traffic port, path / (§2.1): both targets are taken out', () => {
    const { result } = runDocument(lesson('aws-alb', healthPathFails));
    expect(result.instances.every((instance) => instance.transitions.some((t) => t.to === 'OutOfService'))).toBe(true);
  });
});

/** Every request answered for this reason, with its latency (s) and attempts. */
const answeredFor = (requests: RequestEvent[], reason: Reason) => requests.filter((r) => r.counted && r.reason === reason);

describe('how long a hung instance is waited for', () => {
  // One instance, so nginx has no next server to pass a timed-out request to.
  const WAIT: Array<{ profile: ProfileName; seconds: number; source: string }> = [
    { profile: 'aws-clb', seconds: 60, source: '§1.3 idle timeout' },
    { profile: 'aws-alb', seconds: 60, source: '§2.2 idle timeout' },
    { profile: 'nginx', seconds: 60, source: '§5.2 proxy_read_timeout' },
    { profile: 'haproxy', seconds: 60, source: "no HAProxy default timeout server; lbsim's stand-in, shown in the report header" },
    { profile: 'envoy', seconds: 15, source: '§3.1 route timeout' },
  ];
  it.each(WAIT)('$profile: $seconds s, then 504 ($source)', ({ profile, seconds }) => {
    const run = runDocument(lesson(profile, { Instances: ONE_INSTANCE, Traffic: { Rate: 2 }, Events: [{ At: '20s', Instance: 'i-1', Fault: 'hang' }] }));
    const timedOut = answeredFor(run.requests, 'ResponseTimeout');
    expect(timedOut.length).toBeGreaterThan(10);
    for (const request of timedOut) expect(Math.abs(request.latency - seconds)).toBeLessThanOrEqual(TIMEOUT_SLACK_S);
    expect(run.result.gatewayErrors.byReason.ResponseTimeout?.status).toBe(504);
  });
});

describe('a blackholed instance: connect timeout and connect retries', () => {
  // One instance: a retry can only go back to it. attempts × connect timeout is the client's wait.
  const CONNECT: Array<{ profile: ProfileName; timeoutS: number; attempts: number; status: number; source: string }> = [
    { profile: 'aws-clb', timeoutS: 10, attempts: 1, status: 504, source: "§1.2 UNVERIFIED: docs/profiles.md takes ALB's 10 s, 504 inferred; no other instance to retry on" },
    { profile: 'aws-alb', timeoutS: 10, attempts: 1, status: 504, source: '§2.2 504 cause 1: 10 s connect timeout' },
    { profile: 'nginx', timeoutS: 60, attempts: 1, status: 504, source: '§5.2 proxy_connect_timeout 60 s; §5.3 FT_TIMEOUT is 504' },
    { profile: 'haproxy', timeoutS: 5, attempts: 4, status: 503, source: "§4.1 retries 3, §7 item 2 no pause after a connect timeout, §4.2 sC 503; 5 s is lbsim's stand-in (docs/profiles.md)" },
    { profile: 'envoy', timeoutS: 5, attempts: 1, status: 503, source: '§3.1 cluster connect_timeout 5 s, UF 503; no retry_on by default' },
  ];
  it.each(CONNECT)('$profile: $attempts × $timeoutS s, then $status ($source)', ({ profile, timeoutS, attempts, status }) => {
    const run = runDocument(lesson(profile, { Instances: ONE_INSTANCE, Traffic: { Rate: 2 }, Events: [{ At: '20s', Instance: 'i-1', Fault: 'blackhole' }] }));
    const timedOut = answeredFor(run.requests, 'ConnectTimeout');
    expect(timedOut.length).toBeGreaterThan(5);
    for (const request of timedOut) {
      expect(request.attempts).toBe(attempts);
      expect(Math.abs(request.latency - attempts * timeoutS)).toBeLessThanOrEqual(TIMEOUT_SLACK_S);
    }
    expect(run.result.gatewayErrors.byReason.ConnectTimeout?.status).toBe(status);
  });
});

describe('a refused connection before the checks notice: the default retries', () => {
  /** i-1 of two crashes at 20 s; no default check notices within a second (HAProxy's, 2 s apart, within 6 s). */
  const crashOne = { Events: [{ At: '20s', Instance: 'i-1', Fault: 'crash' }] };
  it.each([
    ['aws-clb', '§1.2: the load balancer retries the connection (BackendConnectionErrors)'],
    ['nginx', '§5.2: proxy_next_upstream error timeout passes it to the next server'],
  ] as const)('%s retries on the other instance: no client sees the refusal (%s)', (profile, _source) => {
    const { result } = runDocument(lesson(profile, crashOne));
    expect(result.gatewayErrors.byReason.ConnectRefused?.count ?? 0).toBe(0);
    expect(result.requests.attempts).toBeGreaterThan(result.requests.total);
  });
  it.each([
    ['aws-alb', 502, '§2.2 502 cause 1, §6 row 3: no retry documented'],
    ['envoy', 503, '§3.1 UF, §6 row 3: retried only with a retry_on policy'],
  ] as const)('%s does not retry: %i at once, one attempt (%s)', (profile, status, _source) => {
    const run = runDocument(lesson(profile, crashOne));
    const refused = answeredFor(run.requests, 'ConnectRefused');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.attempts === 1 && r.latency < 0.01)).toBe(true);
    expect(run.result.gatewayErrors.byReason.ConnectRefused?.status).toBe(status);
  });
  it('haproxy retries the same server 3 times, 1 s apart, then 503 SC (§4.1 retries 3, turnaround min(timeout connect, 1 s); §7: 503 after 3.00 s)', () => {
    const run = runDocument(lesson('haproxy', crashOne));
    const refused = answeredFor(run.requests, 'ConnectRefused');
    expect(refused.length).toBeGreaterThan(0);
    for (const request of refused) {
      expect(request.attempts).toBe(4);
      expect(Math.abs(request.latency - 3)).toBeLessThanOrEqual(TIMEOUT_SLACK_S);
    }
    expect(run.result.gatewayErrors.byReason.ConnectRefused?.status).toBe(503);
  });
});

describe('connection draining by default, on deregistration', () => {
  /**
   * i-1 of two is deregistered at 20 s with requests in flight that take `service`. Requests longer
   * than the draining delay need an idle timeout above it: the one setting this cell has to give.
   */
  const deregisterWhileServing = (profile: ProfileName, service: string) =>
    runDocument(
      lesson(profile, {
        Duration: '900s',
        Instances: [
          { InstanceId: 'i-1', AvailabilityZone: 'us-east-1a', Concurrency: 64, ServiceTime: { Distribution: 'constant', Mean: service } },
          { InstanceId: 'i-2', AvailabilityZone: 'us-east-1a', Concurrency: 64, ServiceTime: { Distribution: 'constant', Mean: service } },
        ],
        LoadBalancerAttributes: { ConnectionSettings: { IdleTimeout: 1000 } },
        Traffic: { Rate: 0.1 },
        Events: [{ At: '20s', Instance: 'i-1', Fault: 'deregister' }],
      }),
    );
  it('aws-alb waits the 300 s deregistration delay (§2.2): a 200 s request finishes, a 400 s one is cut with 502 at 300 s', () => {
    // Same seed, same arrivals before 20 s: the 400 s run's cut requests were in flight in the 200 s run too.
    expect(deregisterWhileServing('aws-alb', '200s').result.gatewayErrors.byReason.UpstreamReset).toBeUndefined();
    const run = deregisterWhileServing('aws-alb', '400s');
    const cut = answeredFor(run.requests, 'UpstreamReset').filter((r) => r.instance === 'i-1');
    expect(cut.length).toBeGreaterThan(0);
    for (const request of cut) expect(Math.abs(request.t - (20 + 300))).toBeLessThanOrEqual(TIMEOUT_SLACK_S);
    expect(run.result.gatewayErrors.byReason.UpstreamReset?.status).toBe(502);
  });
  it("aws-clb has draining off (§1.3: the API default is UNVERIFIED; lbsim's choice, docs/profiles.md): in-flight requests are cut at once", () => {
    const cut = answeredFor(deregisterWhileServing('aws-clb', '200s').requests, 'UpstreamReset').filter((r) => r.instance === 'i-1');
    expect(cut.length).toBeGreaterThan(0);
    for (const request of cut) expect(Math.abs(request.t - 20)).toBeLessThanOrEqual(TIMEOUT_SLACK_S);
  });
});
