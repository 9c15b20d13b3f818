// Envoy outlier detection for one host, consecutive-5xx only: counting failures inline, ejecting
// within max_ejection_percent, and the interval sweep's un-ejection and backoff decay. Off unless
// configured. Success-rate and failure-percentage ejection (the sweep's statistics) are out of scope.

import { ATTEMPT_FAILURE_REASONS, type Reason } from '../outcome.js';

/*
 * The source, envoyproxy/envoy source/common/upstream/outlier_detection_impl.cc at 00c7146d, and
 * source/common/router/router.cc for what the router reports (lb-semantics.md §3.3):
 *   - putHttpResponseCode: a 5xx does `++consecutive_5xx_ == consecutive_5xx` → eject; any other code
 *     resets the count. With split_external_local_origin_errors false (the default) a connect failure
 *     or reset is reported as 503 and a timeout as 504, so they count as 5xx. `==`, not `>=`: once past
 *     the threshold the count only fires again after a reset.
 *   - onConsecutiveErrorWorker: an already ejected host is left alone, counter included; otherwise
 *     ejectHost, then the counter is reset whether or not the ejection happened.
 *   - ejectHost: `100 * (ejected + 1) / hosts <= max_ejection_percent`, or, with always_eject_one_host
 *     (default false, added in Envoy 1.31), no host ejected yet. So with the default 10% a pool of
 *     fewer than 10 hosts ejects nothing. The proto text "will eject at least one host regardless"
 *     matches the older check `100 * ejected / hosts < max_ejection_percent`, which always allowed
 *     a first ejection.
 *   - eject time: min(base_ejection_time × backoff, max_ejection_time); backoff grows by one per
 *     ejection while backoff × base < max + base; max_ejection_time defaults to max(300 s, base).
 *   - the interval sweep (default 10 s) un-ejects a host whose time is up, resetting its counters, and
 *     lowers the backoff of a host that was not ejected and was un-ejected at least an interval ago.
 *     So a host returns on the first sweep at or after ejectedUntilMs, not at it.
 * Not modelled: consecutive_gateway_failure (enforcing 0 by default), enforcing_* below 100 (a random
 * draw), max_ejection_time_jitter (default 0), the split local/external mode.
 */

export interface OutlierParams {
  consecutive5xx: number;
  baseEjectionTimeMs: number;
  maxEjectionTimeMs: number;
  maxEjectionPercent: number;
  alwaysEjectOneHost: boolean;
  /** The sweep period: un-ejection and backoff decay happen only on its ticks. */
  intervalMs: number;
}

export const OUTLIER_DEFAULTS: OutlierParams = {
  consecutive5xx: 5,
  baseEjectionTimeMs: 30_000,
  maxEjectionTimeMs: 300_000,
  maxEjectionPercent: 10,
  alwaysEjectOneHost: false,
  intervalMs: 10_000,
};

/** Envoy's default max_ejection_time when only base_ejection_time is set: "300 s or base, whichever is larger". */
export function defaultMaxEjectionTimeMs(baseEjectionTimeMs: number): number {
  return Math.max(OUTLIER_DEFAULTS.maxEjectionTimeMs, baseEjectionTimeMs);
}

/**
 * Attempt outcomes that count as a 5xx besides a backend 5xx: the router reports every upstream
 * reset (connect failure and protocol error included) as a local-origin connect failure and every
 * timeout as a local-origin timeout.
 */
export const OUTLIER_FAILURE_REASONS: readonly Reason[] = ATTEMPT_FAILURE_REASONS;

export function countsAsOutlierFailure(outcome: { reason: Reason } | { status: number }): boolean {
  if ('reason' in outcome) return OUTLIER_FAILURE_REASONS.includes(outcome.reason);
  return outcome.status >= 500 && outcome.status <= 599;
}

export interface OutlierHost {
  consecutive5xx: number;
  ejected: boolean;
  /** The multiplier of base_ejection_time (Envoy's eject_time_backoff). */
  backoff: number;
  /** Ejections so far (num_ejections), for reports. */
  ejections: number;
  lastEjectionMs: number | null;
  lastUnejectionMs: number | null;
}

export const FRESH_OUTLIER_HOST: OutlierHost = {
  consecutive5xx: 0,
  ejected: false,
  backoff: 0,
  ejections: 0,
  lastEjectionMs: null,
  lastUnejectionMs: null,
};

/** The pool as ejectHost sees it: every host of the cluster, and how many are ejected now. */
export interface OutlierPool {
  ejectedCount: number;
  size: number;
}

/** `ejected`: taken out now; `overflow`: the threshold fired but max_ejection_percent said no. */
export type OutlierAction = 'none' | 'ejected' | 'overflow';

export function mayEject(pool: OutlierPool, params: OutlierParams): boolean {
  const percent = (100 * (pool.ejectedCount + 1)) / pool.size;
  return percent <= params.maxEjectionPercent || (params.alwaysEjectOneHost && pool.ejectedCount === 0);
}

/** One finished attempt on the host. */
export function onResult(
  host: OutlierHost,
  isFailure: boolean,
  nowMs: number,
  params: OutlierParams,
  pool: OutlierPool,
): { host: OutlierHost; action: OutlierAction } {
  if (!isFailure) return { host: host.consecutive5xx === 0 ? host : { ...host, consecutive5xx: 0 }, action: 'none' };
  const consecutive5xx = host.consecutive5xx + 1;
  if (consecutive5xx !== params.consecutive5xx || host.ejected) return { host: { ...host, consecutive5xx }, action: 'none' };
  if (!mayEject(pool, params)) return { host: { ...host, consecutive5xx: 0 }, action: 'overflow' };
  const grows = host.backoff * params.baseEjectionTimeMs < params.maxEjectionTimeMs + params.baseEjectionTimeMs;
  const ejected: OutlierHost = {
    consecutive5xx: 0,
    ejected: true,
    backoff: grows ? host.backoff + 1 : host.backoff,
    ejections: host.ejections + 1,
    lastEjectionMs: nowMs,
    lastUnejectionMs: host.lastUnejectionMs,
  };
  return { host: ejected, action: 'ejected' };
}

/** How long the current ejection lasts. */
export function ejectionTimeMs(host: OutlierHost, params: OutlierParams): number {
  return Math.min(params.baseEjectionTimeMs * host.backoff, params.maxEjectionTimeMs);
}

/** When the host's ejection time is up (it returns on the next sweep from then), or null if not ejected. */
export function ejectedUntilMs(host: OutlierHost, params: OutlierParams): number | null {
  if (!host.ejected || host.lastEjectionMs === null) return null;
  return host.lastEjectionMs + ejectionTimeMs(host, params);
}

/** Back in service, counters reset: by the sweep, or by a passing active check (successful_active_health_check_uneject_host). */
export function uneject(host: OutlierHost, nowMs: number): OutlierHost {
  return { ...host, ejected: false, consecutive5xx: 0, lastUnejectionMs: nowMs };
}

/** One interval sweep for this host: un-eject if its time is up, or decay the backoff if it stayed in. */
export function sweep(host: OutlierHost, nowMs: number, params: OutlierParams): { host: OutlierHost; unejected: boolean } {
  const until = ejectedUntilMs(host, params);
  if (until !== null) return until <= nowMs ? { host: uneject(host, nowMs), unejected: true } : { host, unejected: false };
  const settled = host.lastUnejectionMs !== null && nowMs - host.lastUnejectionMs >= params.intervalMs;
  if (!settled || host.backoff === 0) return { host, unejected: false };
  return { host: { ...host, backoff: host.backoff - 1 }, unejected: false };
}
