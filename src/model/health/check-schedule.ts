// When a node's active checks run. CLB, ALB and Envoy: a fixed period from a random first phase (the
// response time "does not affect the interval"). HAProxy (src/check.c): first checks spread over the
// servers, each next one srv_getinter() after the previous ENDED, so a timed-out check delays the next.

import type { Rng } from '../../sim/rng.js';
import type { HealthCheckConfig } from '../config.js';
import type { HealthRules } from './health-rules.js';

/** HAProxy's rise/fall machine comes with HAProxy's scheduler; the other machines check on a fixed period. */
export function checksAfterPreviousEnds(rules: HealthRules): boolean {
  return rules.machine === 'rise-fall';
}

/**
 * srv_getinter: `inter` while fully UP (health rise+fall-1), `downinter` while fully DOWN (health 0),
 * `fastinter` in between (going up or down, or not checked since start: health = rise); each
 * defaults to `inter`.
 */
export function checkIntervalMs(rules: HealthRules, check: HealthCheckConfig, health: number): number {
  if (!checksAfterPreviousEnds(rules)) return check.intervalMs;
  if (health === check.healthyThreshold + check.unhealthyThreshold - 1) return check.intervalMs;
  if (health === 0) return rules.downIntervalMs ?? check.intervalMs;
  return rules.fastIntervalMs ?? check.intervalMs;
}

/** HAProxy's SRV_CHK_INTER_THRES: servers checked more often than this do not set the spread. */
const SPREAD_THRESHOLD_MS = 1_000;

/**
 * Delay of each server's first check, in pool order. Fixed period: a random phase in [0, Interval).
 * HAProxy (start_checks, start_check_task): server i of n at max(mininter, its own interval) × i / n
 * in whole milliseconds, mininter being the smallest interval of at least 1 s among the servers
 * (`spread-checks` is 0 by default, so no noise is added).
 */
export function firstCheckDelaysMs(rules: HealthRules, check: HealthCheckConfig, healths: readonly number[], rng: Rng): number[] {
  if (!checksAfterPreviousEnds(rules)) return healths.map(() => rng.next() * check.intervalMs);
  const intervals = healths.map((health) => checkIntervalMs(rules, check, health));
  const spreading = intervals.filter((ms) => ms >= SPREAD_THRESHOLD_MS);
  const minInterMs = spreading.length > 0 ? Math.min(...spreading) : 0;
  return intervals.map((own, i) => Math.floor((Math.max(minInterMs, own) * i) / intervals.length));
}
