// Each profile's own ranges for the settings a file gives in the scenario's shared vocabulary:
// AWS's API ranges for the AWS profiles, the proxies' far wider ones (HAProxy takes millisecond
// intervals and rise/fall of 1). Sources: lb-semantics.md §1.1, §2.1, §3.2, §4.1, §5.1.

import { ALB_MATCHER_LIMITS, ANY_MATCHER_LIMITS } from '../model/health/health-rules.js';
import type { ProfileName } from '../model/outcome.js';
import { MAX_DURATION_MS, SLOW_START_MAX_S, SLOW_START_MIN_S } from './defaults.js';

export interface DurationRange {
  minMs: number;
  maxMs: number;
  /** The range as a message shows it: "5–300 seconds". */
  text: string;
}

export interface CountRange {
  min: number;
  max: number | null;
}

export interface ProfileRanges {
  interval: DurationRange;
  timeout: DurationRange;
  /** AWS rejects a health-check Timeout that is not less than the Interval; HAProxy and Envoy allow it. */
  timeoutBelowInterval: boolean;
  healthyThreshold: CountRange;
  unhealthyThreshold: CountRange;
  /** The response timeout (CLB/ALB idle timeout, nginx proxy_read_timeout, HAProxy timeout server, Envoy route timeout). */
  idleTimeout: DurationRange;
  slowStart: DurationRange;
  /** The HTTP codes `Profile.Matcher` may list: ALB's 200–499, any code for HAProxy and Envoy. */
  matcher: { low: number; high: number };
}

const seconds = (min: number, max: number): DurationRange => ({ minMs: min * 1000, maxMs: max * 1000, text: `${min}–${max} seconds` });
/** Proxies take any positive duration; the scenario's own limit (30 days) bounds it. */
const ANY_POSITIVE: DurationRange = { minMs: Number.MIN_VALUE, maxMs: MAX_DURATION_MS, text: 'a duration > 0 and ≤ 30d' };
const AWS_THRESHOLD: CountRange = { min: 2, max: 10 };
const AT_LEAST_ONE: CountRange = { min: 1, max: null };

const AWS_COMMON = {
  interval: seconds(5, 300),
  timeoutBelowInterval: true,
  healthyThreshold: AWS_THRESHOLD,
  unhealthyThreshold: AWS_THRESHOLD,
  idleTimeout: seconds(1, 4000),
  slowStart: seconds(SLOW_START_MIN_S, SLOW_START_MAX_S),
  matcher: ALB_MATCHER_LIMITS,
};

const PROXY_COMMON = {
  interval: ANY_POSITIVE,
  timeout: ANY_POSITIVE,
  timeoutBelowInterval: false,
  healthyThreshold: AT_LEAST_ONE,
  unhealthyThreshold: AT_LEAST_ONE,
  idleTimeout: ANY_POSITIVE,
  slowStart: ANY_POSITIVE,
  matcher: ANY_MATCHER_LIMITS,
};

export const PROFILE_RANGES: Record<ProfileName, ProfileRanges> = {
  // §1.1: Timeout 2–60 and less than Interval; thresholds 2–10; idle timeout 1–4000 s.
  'aws-clb': { ...AWS_COMMON, timeout: seconds(2, 60) },
  // §2.1: HealthCheckTimeoutSeconds 2–120; slow_start.duration_seconds 30–900.
  'aws-alb': { ...AWS_COMMON, timeout: seconds(2, 120) },
  // §4.1: inter, fastinter, downinter and timeouts in milliseconds; rise and fall "must be > 0".
  haproxy: PROXY_COMMON,
  // §3.2: interval and timeout "> 0", thresholds required.
  envoy: PROXY_COMMON,
  // §5.1: NGINX Plus health_check (ActiveChecks) takes interval=, fails= and passes= from 1.
  nginx: PROXY_COMMON,
};

/** "5–300 seconds for aws-clb, …": the schema's description, where no profile is known yet. */
export function rangeSummary(pick: (ranges: ProfileRanges) => DurationRange | CountRange): string {
  const groups = new Map<string, ProfileName[]>();
  for (const [name, ranges] of Object.entries(PROFILE_RANGES) as [ProfileName, ProfileRanges][]) {
    const text = rangeText(pick(ranges));
    groups.set(text, [...(groups.get(text) ?? []), name]);
  }
  return [...groups].map(([text, names]) => `${text} for ${names.join(', ')}`).join('; ');
}

export function rangeText(range: DurationRange | CountRange): string {
  if ('text' in range) return range.text;
  return range.max === null ? `an integer ≥ ${range.min}` : `an integer ${range.min}–${range.max}`;
}
