// The health machines behind one stepProbe call: CLB/ALB thresholds (identical to stepHealth),
// HAProxy's rise/fall counter (lb-semantics §4.1), Envoy's immediate failure and startup rule
// (§3.2), and how a joining instance comes in (ALB `initial` §2.1, CLB §1.1).
import { describe, expect, it } from 'vitest';
import type { HealthState } from '../../src/model/config.js';
import { stepHealth, type HealthCounters, type Thresholds } from '../../src/model/health/health-state.js';
import { PROFILE_HEALTH_RULES, type HealthRules } from '../../src/model/health/health-rules.js';
import {
  CONNECTED,
  NO_ANSWER,
  httpProbeResult,
  initialCountersFor,
  stepProbe,
  type ProbeCounters,
  type ProbeResult,
} from '../../src/model/health/health-machines.js';

const clb = PROFILE_HEALTH_RULES['aws-clb']!;
const alb = PROFILE_HEALTH_RULES['aws-alb']!;
const haproxy = PROFILE_HEALTH_RULES.haproxy!;
const envoy = PROFILE_HEALTH_RULES.envoy!;

/** A tiny LCG (Numerical Recipes constants): seeded, and no Math.random in tests either. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Plays results and renders each step as `kind:state[:probes]`, plus HAProxy's health when asked. */
function play(rules: HealthRules, start: ProbeCounters, results: ProbeResult[], thresholds: Thresholds, showHealth = false): string[] {
  let counters = start;
  return results.map((result) => {
    const step = stepProbe(rules, counters, result, thresholds);
    counters = step.counters;
    const probes = step.kind === 'changed' ? `:${step.probes}` : '';
    return `${step.kind}:${counters.state}${probes}${showHealth ? `@${counters.health}` : ''}`;
  });
}

const ok = httpProbeResult(clb, 200);
const http503 = (rules: HealthRules) => httpProbeResult(rules, 503);

describe('thresholds machine: exactly stepHealth (CLB, §1.1)', () => {
  it('matches stepHealth step for step on 400 seeded random sequences', () => {
    const next = lcg(20_240_601);
    const outcomes: ProbeResult[] = [ok, httpProbeResult(clb, 500), httpProbeResult(clb, 204), NO_ANSWER, CONNECTED];
    const mismatches: string[] = [];
    for (let run = 0; run < 400; run++) {
      const thresholds = { healthyThreshold: 2 + Math.floor(next() * 9), unhealthyThreshold: 2 + Math.floor(next() * 9) };
      const state: HealthState = next() < 0.5 ? 'InService' : 'OutOfService';
      let ours: ProbeCounters = initialCountersFor(clb, state, thresholds);
      let theirs: HealthCounters = { state, passes: 0, failures: 0 };
      for (let probe = 0; probe < 60; probe++) {
        const result = outcomes[Math.floor(next() * outcomes.length)]!;
        const a = stepProbe(clb, ours, result, thresholds);
        const b = stepHealth(theirs, result.passed, thresholds);
        const { joining, health, ...plain } = a.counters;
        const same = JSON.stringify({ ...a, counters: plain }) === JSON.stringify(b) && !joining && health === 0;
        if (!same) mismatches.push(`run ${run} probe ${probe}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
        [ours, theirs] = [a.counters, b.counters];
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('a 204 fails a CLB probe: only 200 passes', () => {
    const t = { healthyThreshold: 2, unhealthyThreshold: 2 };
    expect(play(clb, initialCountersFor(clb, 'InService', t), [httpProbeResult(clb, 204), httpProbeResult(clb, 204)], t)).toEqual([
      'pending:InService',
      'changed:OutOfService:2',
    ]);
  });

  it('a CLB instance registered mid-run is plain OutOfService and needs HealthyThreshold passes', () => {
    const t = { healthyThreshold: 3, unhealthyThreshold: 2 };
    const start = initialCountersFor(clb, 'joining', t);
    expect(start).toEqual({ state: 'OutOfService', passes: 0, failures: 0, joining: false, health: 0 });
    expect(play(clb, start, [ok, ok, ok], t)).toEqual(['pending:OutOfService', 'pending:OutOfService', 'changed:InService:3']);
  });
});

describe('ALB: a new target "must pass one health check" (state initial, §2.1)', () => {
  const t = { healthyThreshold: 5, unhealthyThreshold: 2 };

  it('joins on its first pass, though HealthyThresholdCount is 5', () => {
    const start = initialCountersFor(alb, 'joining', t);
    expect(start).toMatchObject({ state: 'OutOfService', joining: true });
    expect(play(alb, start, [ok], t)).toEqual(['changed:InService:1']);
  });

  it('stays initial through fewer than UnhealthyThreshold failures, then still joins on one pass', () => {
    expect(play(alb, initialCountersFor(alb, 'joining', t), [http503(alb), ok], t)).toEqual(['unchanged:OutOfService', 'changed:InService:1']);
  });

  it('UnhealthyThreshold failures in a row end initial: then HealthyThresholdCount passes are needed', () => {
    let counters = initialCountersFor(alb, 'joining', t);
    for (const result of [NO_ANSWER, http503(alb)]) counters = stepProbe(alb, counters, result, t).counters;
    expect(counters).toEqual({ state: 'OutOfService', passes: 0, failures: 0, joining: false, health: 0 });
    expect(play(alb, counters, [ok, ok, ok, ok, ok], t).at(-1)).toBe('changed:InService:5');
    expect(play(alb, counters, [ok], t)).toEqual(['pending:OutOfService']);
  });

  it('an ALB target present from the start behaves like CLB', () => {
    expect(play(alb, initialCountersFor(alb, 'InService', t), [http503(alb), http503(alb)], t)).toEqual([
      'pending:InService',
      'changed:OutOfService:2',
    ]);
  });
});

describe('Envoy active checks (§3.2)', () => {
  const t = { healthyThreshold: 3, unhealthyThreshold: 3 };
  const healthy = initialCountersFor(envoy, 'InService', t);

  it('a status outside expected_statuses marks a healthy host unhealthy at once (probes = 1)', () => {
    expect(play(envoy, healthy, [http503(envoy)], t)).toEqual(['changed:OutOfService:1']);
    expect(play(envoy, healthy, [httpProbeResult(envoy, 204)], t)).toEqual(['changed:OutOfService:1']);
  });

  it('timeouts and refusals count toward unhealthy_threshold instead', () => {
    expect(play(envoy, healthy, [NO_ANSWER, NO_ANSWER, NO_ANSWER], t)).toEqual(['pending:InService', 'pending:InService', 'changed:OutOfService:3']);
    expect(play(envoy, healthy, [NO_ANSWER, ok, NO_ANSWER, NO_ANSWER], t)).toEqual([
      'pending:InService',
      'unchanged:InService',
      'pending:InService',
      'pending:InService',
    ]);
  });

  it('a bad status after pending timeouts still fails at once', () => {
    expect(play(envoy, healthy, [NO_ANSWER, http503(envoy)], t)).toEqual(['pending:InService', 'changed:OutOfService:1']);
  });

  it('an unhealthy host needs healthy_threshold passes; a bad status resets the run', () => {
    const down = initialCountersFor(envoy, 'OutOfService', t);
    expect(play(envoy, down, [ok, ok, http503(envoy), ok, ok, ok], t)).toEqual([
      'pending:OutOfService',
      'pending:OutOfService',
      'unchanged:OutOfService',
      'pending:OutOfService',
      'pending:OutOfService',
      'changed:InService:3',
    ]);
  });

  it('"during startup, only a single successful health check is required"', () => {
    expect(play(envoy, initialCountersFor(envoy, 'joining', t), [ok], t)).toEqual(['changed:InService:1']);
  });

  it('the startup shortcut is the first check only: after a failed first check, healthy_threshold applies', () => {
    for (const first of [NO_ANSWER, http503(envoy)]) {
      expect(play(envoy, initialCountersFor(envoy, 'joining', t), [first, ok, ok, ok], t)).toEqual([
        'unchanged:OutOfService',
        'pending:OutOfService',
        'pending:OutOfService',
        'changed:InService:3',
      ]);
    }
  });
});
