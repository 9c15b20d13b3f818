// What an active health check means on each balancer: which HTTP statuses pass a probe, which
// state machine counts the results, how many passes a joining instance needs, and the native
// names reports give the two states. Sources: lb-semantics.md §1.1, §2.1, §3.2, §4.1, §5.1.

import type { HealthState } from '../config.js';
import type { ProfileName } from '../outcome.js';

/**
 * `thresholds`: consecutive passes / failures against Healthy/UnhealthyThreshold (CLB, ALB).
 * `rise-fall`: HAProxy's single health counter in [0, rise+fall-1].
 * `envoy`: thresholds, except that an HTTP answer outside passStatuses fails a healthy host at once.
 */
export type HealthMachine = 'thresholds' | 'rise-fall' | 'envoy';

export interface HealthRules {
  /** Inclusive [low, high] status ranges that pass an HTTP probe. */
  passStatuses: ReadonlyArray<readonly [number, number]>;
  machine: HealthMachine;
  /**
   * Passes a newly registered or starting instance needs before it takes traffic; null means
   * HealthyThreshold like any OutOfService instance (CLB), or the machine's own start (HAProxy).
   */
  passesToJoin: number | null;
  /** HAProxy's `fastinter` (going up or down, or not checked yet) and `downinter` (fully DOWN); absent: `inter`. */
  fastIntervalMs?: number;
  downIntervalMs?: number;
}

export function probePasses(rules: HealthRules, status: number): boolean {
  for (const [low, high] of rules.passStatuses) if (status >= low && status <= high) return true;
  return false;
}

/**
 * Each profile's rules. nginx is null: open-source nginx has no active checks (§5.1, the
 * `health_check` directive is commercial); its passive accounting is nginx-passive.ts.
 * CLB joins on HealthyThreshold per the register page; AWS's metric text says one check (§1.1,
 * the two statements conflict), so a scenario switch may set passesToJoin to 1.
 * Envoy's default pass rule is 200 only; its `expected_statuses` are half-open [start, end)
 * in the config and become [start, end-1] here.
 */
export const PROFILE_HEALTH_RULES: Record<ProfileName, HealthRules | null> = {
  'aws-clb': { passStatuses: [[200, 200]], machine: 'thresholds', passesToJoin: null },
  // "must pass one health check to be considered healthy" (state `initial`), matcher default 200.
  'aws-alb': { passStatuses: [[200, 200]], machine: 'thresholds', passesToJoin: 1 },
  // option httpchk: "responses 2xx and 3xx are considered valid".
  haproxy: { passStatuses: [[200, 399]], machine: 'rise-fall', passesToJoin: null },
  // "during startup, only a single successful health check is required to mark a host healthy".
  envoy: { passStatuses: [[200, 200]], machine: 'envoy', passesToJoin: 1 },
  nginx: null,
};

/** The codes an ALB HTTP matcher may name (§2.1). */
export const ALB_MATCHER_LIMITS = { low: 200, high: 499 } as const;

export type MatcherParse = { ranges: Array<readonly [number, number]> } | { error: string };

/**
 * An ALB `Matcher` HttpCode: "200", a list "200,202" or a range "200-299". AWS documents lists
 * and ranges separately; a list mixing codes and ranges is accepted here (not verified either way).
 */
/** HAProxy's `http-check expect status` and Envoy's `expected_statuses` take any HTTP code. */
export const ANY_MATCHER_LIMITS = { low: 100, high: 599 } as const;

export function parseMatcher(text: string, limits: { low: number; high: number } = ALB_MATCHER_LIMITS): MatcherParse {
  const ranges: Array<readonly [number, number]> = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    const match = /^(\d{3})(?:-(\d{3}))?$/.exec(item);
    if (!match) return { error: `"${item}" is not an HTTP code (200) or a range (200-299)` };
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : Number(match[2]);
    if (low > high) return { error: `"${item}" starts above its end` };
    if (low < limits.low || high > limits.high) {
      const whose = limits === ALB_MATCHER_LIMITS ? 'the codes an ALB health check accepts' : 'HTTP status codes';
      return { error: `"${item}" is outside ${limits.low}-${limits.high}, ${whose}` };
    }
    ranges.push([low, high]);
  }
  return { ranges };
}

export interface NativeStateNames {
  InService: string;
  OutOfService: string;
  /** The name while a joining instance waits for passesToJoin, where the product has one. */
  joining: string | null;
}

/**
 * The one table of native health-state names. CLB: DescribeInstanceHealth. ALB: target health
 * states (§2.1). HAProxy: UP/DOWN. Envoy: /clusters `health_flags` (`healthy`, or the flag that
 * failed). nginx has no states; its words are from the source and error log (`no live upstreams`,
 * `upstream server temporarily disabled`, §5.4).
 */
export const NATIVE_STATE_NAMES: Record<ProfileName, NativeStateNames> = {
  'aws-clb': { InService: 'InService', OutOfService: 'OutOfService', joining: null },
  'aws-alb': { InService: 'healthy', OutOfService: 'unhealthy', joining: 'initial' },
  nginx: { InService: 'live', OutOfService: 'temporarily disabled', joining: null },
  haproxy: { InService: 'UP', OutOfService: 'DOWN', joining: null },
  envoy: { InService: 'healthy', OutOfService: 'failed_active_hc', joining: null },
};

export function nativeStateName(profile: ProfileName, state: HealthState, joining: boolean): string {
  const names = NATIVE_STATE_NAMES[profile];
  return joining && names.joining !== null ? names.joining : names[state];
}
