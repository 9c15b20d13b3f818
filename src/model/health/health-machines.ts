// One probe result → the next health belief, for every machine a profile can name: CLB/ALB
// thresholds (stepHealth itself), HAProxy's rise/fall counter and Envoy's thresholds with
// immediate failure. Pure: (rules, counters, result, thresholds) → step; one call for all.

import type { HealthState } from '../config.js';
import { stepHealth, type HealthCounters, type HealthStep, type Thresholds } from './health-state.js';
import { probePasses, type HealthRules } from './health-rules.js';

/** What one probe produced. `status` is null when no HTTP answer came (timeout, refused, reset, TCP check). */
export interface ProbeResult {
  passed: boolean;
  status: number | null;
}

export interface ProbeCounters extends HealthCounters {
  /** Registered or started and still waiting for its passesToJoin (ALB `initial`, Envoy startup). */
  joining: boolean;
  /** HAProxy's health in [0, rise+fall-1]; 0 for the other machines. */
  health: number;
}

export type ProbeStep = HealthStep & { counters: ProbeCounters };

/** An HTTP probe that got an answer. */
export function httpProbeResult(rules: HealthRules, status: number): ProbeResult {
  return { passed: probePasses(rules, status), status };
}

/** A probe that got no HTTP answer: timed out, refused or reset. */
export const NO_ANSWER: ProbeResult = { passed: false, status: null };
/** A TCP/SSL probe whose connection opened. */
export const CONNECTED: ProbeResult = { passed: true, status: null };

/**
 * Counters for an instance starting `InService`, `OutOfService`, or `joining` (registered
 * during the run, or Envoy's startup). A joining instance is OutOfService until passesToJoin
 * passes; with passesToJoin null it is plain OutOfService. HAProxy sets health = rise both at
 * start and when a server leaves maintenance ("start OK but check immediately", src/server.c):
 * UP, but one failure takes it DOWN; so joining is UP there.
 */
export function initialCountersFor(rules: HealthRules, start: HealthState | 'joining', thresholds: Thresholds): ProbeCounters {
  if (rules.machine === 'rise-fall') {
    const up = start !== 'OutOfService';
    return { state: up ? 'InService' : 'OutOfService', passes: 0, failures: 0, joining: false, health: up ? thresholds.healthyThreshold : 0 };
  }
  const joining = start === 'joining' && rules.passesToJoin !== null;
  return { state: start === 'InService' ? 'InService' : 'OutOfService', passes: 0, failures: 0, joining, health: 0 };
}

export function stepProbe(rules: HealthRules, counters: ProbeCounters, result: ProbeResult, thresholds: Thresholds): ProbeStep {
  if (rules.machine === 'rise-fall') return stepRiseFall(counters, result.passed, thresholds);
  if (counters.joining) return stepJoining(rules, counters, result, thresholds);
  // Envoy: "Any code outside expected_statuses … marks the host unhealthy immediately" (§3.2);
  // no answer at all (timeout, refused, reset) counts toward unhealthy_threshold instead.
  if (rules.machine === 'envoy' && !result.passed && result.status !== null && counters.state === 'InService') {
    return { kind: 'changed', counters: settled('OutOfService', 0), from: 'InService', probes: 1 };
  }
  return carry(stepHealth(counters, result.passed, thresholds));
}

function settled(state: HealthState, health: number): ProbeCounters {
  return { state, passes: 0, failures: 0, joining: false, health };
}

/** The CLB reducer's step, unchanged, with the extra counters of a non-joining instance. */
function carry(step: HealthStep): ProbeStep {
  return { ...step, counters: { ...step.counters, joining: false, health: 0 } };
}

/**
 * A joining instance: passesToJoin passes bring it InService. Envoy's startup shortcut applies
 * to the first check only (`first_check_` is cleared after any result, health_checker_impl.cc),
 * so one failure ends it. ALB keeps a target `initial` until it passes or fails
 * UnhealthyThreshold checks in a row (INFERENCE: AWS documents the states, not this edge).
 * Leaving joining by failures keeps it OutOfService, so that step is `unchanged`.
 */
function stepJoining(rules: HealthRules, counters: ProbeCounters, result: ProbeResult, thresholds: Thresholds): ProbeStep {
  const passesToJoin = rules.passesToJoin ?? thresholds.healthyThreshold;
  if (result.passed) {
    const passes = counters.passes + 1;
    if (passes >= passesToJoin) return { kind: 'changed', counters: settled('InService', 0), from: 'OutOfService', probes: passes };
    return { kind: 'pending', counters: { ...counters, passes, failures: 0 } };
  }
  const failures = counters.failures + 1;
  const stillJoining = rules.machine !== 'envoy' && failures < thresholds.unhealthyThreshold;
  return { kind: 'unchanged', counters: stillJoining ? { ...counters, passes: 0, failures } : settled('OutOfService', 0) };
}

/**
 * HAProxy (src/check.c, §4.1): failure: health--, below rise → 0 (DOWN); success: health++,
 * at rise or above → rise+fall-1 (fully UP). UP iff health ≥ rise. healthyThreshold is rise,
 * unhealthyThreshold is fall. passes/failures count the run of equal results, so `probes`
 * is that run: `fall` from fully UP, 1 from a fresh start at health = rise, `rise` from DOWN.
 */
function stepRiseFall(counters: ProbeCounters, passed: boolean, thresholds: Thresholds): ProbeStep {
  const rise = thresholds.healthyThreshold;
  const top = rise + thresholds.unhealthyThreshold - 1;
  let health = counters.health;
  if (passed && health < top) health = health + 1 >= rise ? top : health + 1;
  if (!passed && health > 0) health = health - 1 < rise ? 0 : health - 1;
  const state: HealthState = health >= rise ? 'InService' : 'OutOfService';
  const passes = passed ? counters.passes + 1 : 0;
  const failures = passed ? 0 : counters.failures + 1;
  if (state !== counters.state) {
    return { kind: 'changed', counters: settled(state, health), from: counters.state, probes: passed ? passes : failures };
  }
  const towardChange = state === 'InService' ? !passed : passed;
  return { kind: towardChange ? 'pending' : 'unchanged', counters: { state, passes, failures, joining: false, health } };
}
