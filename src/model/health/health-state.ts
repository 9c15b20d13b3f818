// The pure health-check threshold machine: consecutive passes and failures against the
// thresholds decide InService / OutOfService. No timers, no I/O: (state, result) → state.

import type { HealthState } from '../config.js';

export interface HealthCounters {
  state: HealthState;
  /** Consecutive passing probes since the last failure. */
  passes: number;
  /** Consecutive failing probes since the last pass. */
  failures: number;
}

export interface Thresholds {
  healthyThreshold: number;
  unhealthyThreshold: number;
}

export type HealthStep =
  | { kind: 'unchanged'; counters: HealthCounters }
  | { kind: 'pending'; counters: HealthCounters }
  | { kind: 'changed'; counters: HealthCounters; from: HealthState; probes: number };

/** AWS's DescribeInstanceHealth descriptions. */
export const HEALTH_REASON = {
  InService: 'N/A',
  OutOfService: 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.',
} as const;

export function initialCounters(state: HealthState): HealthCounters {
  return { state, passes: 0, failures: 0 };
}

export function stepHealth(counters: HealthCounters, passed: boolean, thresholds: Thresholds): HealthStep {
  const passes = passed ? counters.passes + 1 : 0;
  const failures = passed ? 0 : counters.failures + 1;
  if (counters.state === 'OutOfService' && passes >= thresholds.healthyThreshold) {
    return { kind: 'changed', counters: { state: 'InService', passes: 0, failures: 0 }, from: 'OutOfService', probes: passes };
  }
  if (counters.state === 'InService' && failures >= thresholds.unhealthyThreshold) {
    return { kind: 'changed', counters: { state: 'OutOfService', passes: 0, failures: 0 }, from: 'InService', probes: failures };
  }
  const next = { state: counters.state, passes, failures };
  // Pending: a result that counts toward a change the thresholds have not reached yet.
  const towardChange = counters.state === 'InService' ? !passed : passed;
  return { kind: towardChange ? 'pending' : 'unchanged', counters: next };
}
