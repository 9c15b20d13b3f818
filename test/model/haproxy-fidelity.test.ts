// HAProxy 2.6 as observed and as its source says (lb-semantics.md §4.1, §7 items 2–4): where retries
// go with `option redispatch`, when the 1 s turnaround applies, and when checks run (the next one
// `srv_getinter()` after the previous one ends; first checks spread as inter × i / n). Every expected
// time below is worked out by hand from those rules, not taken from a run.

import { describe, expect, it } from 'vitest';
import type { HealthCheckEvent, HealthEvent, RequestEvent, SimEvent } from '../../src/model/run/events.js';
import { resolveScenario } from '../../src/scenario/resolve.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/simulate.js';

const PATHS = ['/a', '/b', '/c', '/d', '/e', '/f'].map((Path) => ({ Method: 'GET', Path }));

const BASE = {
  LoadBalancerName: 'haproxy-fidelity',
  Profile: 'haproxy',
  Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }],
  // Interval 30 s: the crash below stays undetected for a while, so retries are what we see.
  HealthCheck: { Target: 'TCP:80', Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 2 },
  Duration: '60s',
  Instances: [{ InstanceId: 'i', Count: 3, AvailabilityZone: 'us-east-1a', ServiceTime: { Distribution: 'constant', Value: '20ms' } }],
  Traffic: { Rate: 20, Requests: PATHS },
};

function run(more: Record<string, unknown>): SimEvent[] {
  const validation = validateScenario({ ...BASE, ...more });
  if (!validation.ok) throw new Error(JSON.stringify(validation.problems));
  const events: SimEvent[] = [];
  simulate(resolveScenario(validation.scenario, '<inline>'), { sink: { emit: (event) => events.push(event) }, logRequests: true });
  return events;
}

const requests = (events: SimEvent[]) => events.filter((e): e is RequestEvent => e.type === 'request');
const retried = (events: SimEvent[]) => requests(events).filter((r) => r.attempts > 1);
const checksOf = (events: SimEvent[], instance: string) => events.filter((e): e is HealthCheckEvent => e.type === 'health-check' && e.instance === instance);
const downAt = (events: SimEvent[], instance: string) =>
  events.filter((e): e is HealthEvent => e.type === 'health' && e.instance === instance && e.to === 'OutOfService').map((e) => e.t);

const crash = (instance: string) => ({ At: '30s', Instance: instance, Fault: 'crash' });

describe('HAProxy retries (back_handle_st_cer, stream_choose_redispatch)', () => {
  it('option redispatch, round robin, 3 servers up: the retry goes to another server at once (no 1 s turnaround)', () => {
    const events = run({ Profile: { Base: 'haproxy', Redispatch: true }, Events: [crash('i-1')] });
    const again = retried(events);
    expect(again.length).toBeGreaterThan(10);
    // One refusal, then the next server answers: 2 attempts, the 20 ms service time and no pause.
    for (const request of again) {
      expect(request.attempts).toBe(2);
      expect(request.status).toBe(200);
      expect(request.latency).toBeLessThan(0.1);
    }
  });

  it('option redispatch with every server refusing while still UP: 4 attempts in the same instant, 503 SC', () => {
    const events = run({ Profile: { Base: 'haproxy', Redispatch: true }, Events: [{ At: '30s', Instance: ['i-1', 'i-2', 'i-3'], Fault: 'crash' }] });
    const refused = requests(events).filter((r) => r.reason === 'ConnectRefused');
    expect(refused.length).toBeGreaterThan(10);
    for (const request of refused) {
      expect(request.attempts).toBe(4); // retries 3: every one redispatched, srv_act 3 > 1, so no turnaround
      expect(request.latency).toBeLessThan(0.001);
      expect(request.status).toBe(503);
    }
  });

  it('option redispatch with one server: the last retry goes to the same server, and after the turnaround (srv_act <= 1)', () => {
    const events = run({ Profile: { Base: 'haproxy', Redispatch: true }, Instances: [{ InstanceId: 'i-1', ServiceTime: { Distribution: 'constant', Value: '20ms' } }], Events: [crash('i-1')] });
    const refused = requests(events).filter((r) => r.reason === 'ConnectRefused');
    expect(refused.length).toBeGreaterThan(10);
    // 4 attempts, 3 pauses of min(timeout connect 5 s, 1 s).
    for (const request of refused) expect([request.attempts, request.latency]).toEqual([4, 3]);
  });

  it('option redispatch, the one server UP refusing and marked DOWN during the turnaround: the redispatch finds no server, 503 <NOSRV>', () => {
    // One server, inter 5 s, fall 2: it crashes at 31 s and is DOWN some seconds later. HAProxy's rule
    // (back_handle_st_cer, stream_choose_redispatch, stream.c SI_ST_TAR): each refusal pauses 1 s
    // (srv_act <= 1); the retry stays on the server while it is UP and not at the last retry, and
    // connects to it again after the pause whatever its state; once a refusal finds it DOWN (or at
    // the last retry) the request is redispatched, and the algorithm runs when that pause ends: with
    // no server UP, 503 <NOSRV>. Real 2.6.12 (timeout connect 5 s, marked down 0.5 s / 1.5 s after
    // the request): "<NOSRV> ... 2003 ... +2" and "<NOSRV> ... 3007 ... +3".
    const events = run({
      Profile: { Base: 'haproxy', Redispatch: true },
      HealthCheck: { Target: 'TCP:80', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 },
      Instances: [{ InstanceId: 'i-1', ServiceTime: { Distribution: 'constant', Value: '20ms' } }],
      Events: [{ At: '31s', Instance: 'i-1', Fault: 'crash' }],
    });
    const [down] = downAt(events, 'i-1');
    expect(down).toBeGreaterThan(32);
    // Refusals at 0, 1, 2 s after arrival; the first that finds the server DOWN redispatches, and the
    // pick 1 s later finds nothing. Still UP at 2 s: the last retry is redispatched too (redispatch_after -1),
    // the pick at 3 s falls back to the server it avoids (fwrr_get_next_server) if it is still UP.
    const expected = (untilDownS: number) =>
      untilDownS < 1 ? [2, 2, 503, 'NoHealthyInstances', null]
      : untilDownS < 3 ? [3, 3, 503, 'NoHealthyInstances', null]
      : [4, 3, 503, 'ConnectRefused', 'i-1'];
    const window = requests(events).filter((r) => r.arrival >= 31 && r.arrival < down!);
    const clear = window.filter((r) => [0, 1, 2, 3].every((k) => Math.abs(down! - r.arrival - k) > 0.001));
    expect(clear.filter((r) => down! - r.arrival < 1).length).toBeGreaterThan(10);
    expect(clear.filter((r) => down! - r.arrival > 3).length).toBeGreaterThan(10);
    for (const r of clear) expect([r.attempts, r.latency, r.status, r.reason, r.instance]).toEqual(expected(down! - r.arrival));
  });

  it('option redispatch with a hash: retries stay on the server 1 s apart and only the last one moves (redispatch_after -1)', () => {
    const events = run({
      Profile: { Base: 'haproxy', Redispatch: true },
      Balancing: { Algorithm: 'consistent-hash', HashKey: 'path' },
      Events: [crash('i-1')],
    });
    const again = retried(events);
    expect(again.length).toBeGreaterThan(10);
    // Refused, 1 s, refused, 1 s, refused, then another server at once: 2 s plus its 20 ms.
    for (const request of again) {
      expect([request.attempts, request.status]).toEqual([4, 200]);
      expect(request.latency).toBeCloseTo(2.02, 6);
    }
  });

  it('without redispatch a refused connection is retried on the same server 1 s apart: 503 after 3.00 s (§7)', () => {
    const refused = requests(run({ Events: [crash('i-1')] })).filter((r) => r.reason === 'ConnectRefused');
    expect(refused.length).toBeGreaterThan(10);
    for (const request of refused) expect([request.attempts, request.latency, request.status]).toEqual([4, 3, 503]);
  });

  it('a connect timeout is retried at once, no turnaround: 4 attempts × timeout connect 5 s = 20 s, then 503 sC', () => {
    const events = run({ Events: [{ At: '30s', Instance: 'i-1', Fault: 'blackhole' }], Duration: '90s' });
    const timedOut = requests(events).filter((r) => r.reason === 'ConnectTimeout');
    expect(timedOut.length).toBeGreaterThan(5);
    for (const request of timedOut) expect([request.attempts, request.latency, request.status]).toEqual([4, 20, 503]);
  });
});

/** inter 5 s, timeout check 2 s, rise 2, fall 2: the settings of the §7 run. */
const CHECK = { Target: 'TCP:80', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 };
const starts = (checks: HealthCheckEvent[]) => checks.map((c) => Math.round((c.t - c.latency) * 1000) / 1000);

describe('HAProxy check schedule (src/check.c: srv_getinter, start_checks)', () => {
  it('the next check starts inter after the previous one ENDS: a blackhole at 12 s is DOWN at 24 s, not earlier', () => {
    // One server, so its first check is at 0 (position 0 of 1). Passing TCP checks take no time:
    // 0, 5, 10, 15 (times out at 17, health 3→2) → next at 17 + 5 = 22 (times out at 24: DOWN).
    const events = run({ HealthCheck: CHECK, Instances: [{ InstanceId: 'i-1' }], Events: [{ At: '12s', Instance: 'i-1', Fault: 'blackhole' }] });
    expect(starts(checksOf(events, 'i-1')).slice(0, 6)).toEqual([0, 5, 10, 15, 22, 29]);
    expect(downAt(events, 'i-1')).toEqual([24]);
  });

  it('fastinter while going down and downinter while DOWN (each defaulting to inter)', () => {
    // Start: health = rise = 2 (not fully up), so the first check's interval is fastinter: it runs at 0
    // and passes (health 3, fully UP): next at 0 + inter = 5, 10, 15 (fails at 17, health 2) → 17 + fastinter 1 = 18
    // (fails at 20: health 0, DOWN) → 20 + downinter 10 = 30 (fails at 32) → 42.
    const events = run({
      Profile: { Base: 'haproxy', FastInterval: '1s', DownInterval: '10s' },
      HealthCheck: CHECK,
      Instances: [{ InstanceId: 'i-1' }],
      Events: [{ At: '12s', Instance: 'i-1', Fault: 'blackhole' }],
    });
    expect(starts(checksOf(events, 'i-1')).slice(0, 7)).toEqual([0, 5, 10, 15, 18, 30, 42]);
    expect(downAt(events, 'i-1')).toEqual([20]);
  });

  it('first checks are spread over the servers: server i of n at floor(inter × i / n), not at random phases', () => {
    const events = run({ HealthCheck: CHECK });
    // 5000 × 1/3 = 1666 ms, 5000 × 2/3 = 3333 ms (integer milliseconds); §7 saw 0.09, 1.75, 3.41 s after start-up.
    expect(['i-1', 'i-2', 'i-3'].map((id) => starts(checksOf(events, id))[0])).toEqual([0, 1.666, 3.333]);
  });

  it('the Classic ELB keeps its fixed period: a check that times out does not delay the next one', () => {
    const events = run({ Profile: 'aws-clb', HealthCheck: CHECK, Instances: [{ InstanceId: 'i-1' }], Events: [{ At: '12s', Instance: 'i-1', Fault: 'blackhole' }] });
    const s = starts(checksOf(events, 'i-1'));
    for (let i = 1; i < 8; i++) expect(s[i]! - s[i - 1]!).toBeCloseTo(5, 6);
  });
});

describe('HAProxy quirks lbsim does not model', () => {
  it('the profile data names the 2.6.12 long-check quirk (§7 item 5)', async () => {
    const { PROFILES } = await import('../../src/model/profiles.js');
    expect(PROFILES.haproxy.uncertain.some((line) => line.includes('2.6.12') && line.includes('timeout check'))).toBe(true);
  });
});

describe('FastInterval and DownInterval', () => {
  const problems = (profile: Record<string, unknown>) => {
    const validation = validateScenario({ ...BASE, Profile: profile });
    return validation.ok ? [] : validation.problems.map((p) => `${p.path.join('.')}: ${p.message}`);
  };

  it('are HAProxy\'s: another Base is told so, at the key', () => {
    expect(problems({ Base: 'aws-clb', FastInterval: '1s' })).toEqual(['Profile.FastInterval: only the haproxy profile has FastInterval (HAProxy\'s fastinter); the Base is "aws-clb"']);
    expect(problems({ Base: 'haproxy', FastInterval: '1s', DownInterval: '10s' })).toEqual([]);
  });

  it('must be durations above zero', () => {
    expect(problems({ Base: 'haproxy', FastInterval: 0 }).map((p) => p.split(':')[0])).toEqual(['Profile.FastInterval']);
    expect(problems({ Base: 'haproxy', DownInterval: '-1s' }).map((p) => p.split(':')[0])).toEqual(['Profile.DownInterval']);
  });
});
