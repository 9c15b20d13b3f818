// The five balancer profiles as data: how each routes when instances are unhealthy, what it
// retries, its health-check and timeout defaults and its native state names. Statuses per
// reason live in outcome.ts; sources are lb-semantics.md (section numbers below).

import type { AlgorithmName } from './config.js';
import type { OutlierParams } from './health/envoy-outlier.js';
import { PROFILE_HEALTH_RULES, type HealthRules } from './health/health-rules.js';
import { NGINX_NEXT_UPSTREAM_DEFAULT, NGINX_PASSIVE_DEFAULTS } from './health/nginx-passive.js';
import type { Reason, ProfileName } from './outcome.js';

export interface ProfileBehaviour {
  /** Active health checks run, so the scenario's HealthCheck block applies (open-source nginx has none). */
  activeChecks: boolean;
  /** How probes are judged and counted (health/health-rules.ts has each profile's). */
  health: HealthRules;
  /** ALB fails open: with no healthy target it routes to all of them. */
  failOpen: boolean;
  /** Envoy's panic threshold: below this percentage of healthy hosts it routes to all hosts; 0 never. */
  panicThresholdPercent: number;
  /** Reasons after which the balancer makes another attempt instead of answering. */
  retryOn: readonly Reason[];
  /** A backend 5xx answer is retried too (Envoy `retry_on: 5xx`, nginx `http_5xx`); off in every default. */
  retry5xx: boolean;
  /** Envoy's retry budget: retries in flight at most this share of active requests (but at least minConcurrent). */
  retryBudget: { percent: number; minConcurrent: number } | null;
  /** Where the next attempt goes: another instance not tried yet (CLB, nginx) or the same one (HAProxy). */
  retryTarget: 'other-instance' | 'same-instance';
  /** Attempts after the first; null: until every candidate has been tried once. */
  maxRetries: number | null;
  /** HAProxy `option redispatch`: retries go to another server (every one, or the last; retry-policy.ts). */
  redispatch: boolean;
  /** Pause before retrying a refused connection on the same server (HAProxy's turnaround, min(timeout connect, 1 s)). */
  retryDelayMs: number;
  /** Methods retried after the request was sent (nginx does not resend POST, LOCK, PATCH). */
  resendNonIdempotent: boolean;
  /** nginx passive checks: `max_fails` failures within `fail_timeout` take a peer out for `fail_timeout`. */
  passive: { maxFails: number; failTimeoutMs: number } | null;
  /** Envoy's outlier detection (consecutive 5xx ejection); off unless the profile object turns it on. */
  outlier: OutlierParams | null;
  /** CLB's surge queue: requests waiting for a backend connection; 0 means none. */
  surgeQueueLength: number;
  /**
   * CLB: the client's (front-end) connection is idle from its request on, so the idle timeout bounds
   * the whole wait, connect retries and the surge queue included: a 504 at arrival + idle timeout (§1.3).
   */
  idleTimeoutFromArrival: boolean;
  /** AWS balancers run one node per enabled Availability Zone; the proxies are one process. */
  nodePerZone: boolean;
  /**
   * Requests in flight on an instance leaving the pool (deregister) are cut: at once without
   * connection draining, when the draining timeout runs out with it. AWS only: CLB without draining
   * does not complete them (§1.3), ALB ends them when the deregistration delay elapses (§2.2). The
   * proxies let them finish: an nginx reload leaves the old workers to end their requests, HAProxy
   * keeps a server's sessions unless `on-marked-down shutdown-sessions`, Envoy drains a removed host.
   */
  cutsInFlightOnRemoval: boolean;
}

export interface ProfileDefaults {
  /** The balancing algorithm when the file names none; null: by listener protocol (CLB). */
  algorithm: AlgorithmName | null;
  /** What this balancer calls its wait for response headers, for reports. */
  responseTimeoutName: string;
  intervalMs: number;
  /** null: the interval (HAProxy's check timeout is `inter` when `timeout check` is unset). */
  timeoutMs: number | null;
  healthyThreshold: number;
  unhealthyThreshold: number;
  /** The check when the file has no Target: a TCP connect, or an HTTP GET of this path. */
  targetProtocol: 'TCP' | 'HTTP';
  targetPath: string;
  /** Waiting for the response (CLB/ALB idle timeout, nginx proxy_read_timeout, Envoy route timeout). */
  responseTimeoutMs: number;
  connectTimeoutMs: number;
}

export interface ProfileDefinition {
  behaviour: ProfileBehaviour;
  defaults: ProfileDefaults;
  /** Where the sources are unsure or lbsim had to choose; printed with the profile. */
  uncertain: readonly string[];
}

/**
 * nginx with `ActiveChecks: true` is NGINX Plus: `health_check` passes 2xx/3xx, fails=1 passes=1
 * (lb-semantics.md §5.1); the HealthCheck block's thresholds apply.
 */
const NGINX_PLUS_RULES: HealthRules = { passStatuses: [[200, 399]], machine: 'thresholds', passesToJoin: null };
const CONNECT_FAILURES: readonly Reason[] = ['ConnectRefused', 'ConnectTimeout'];

const AWS_COMMON = {
  activeChecks: true,
  panicThresholdPercent: 0,
  retryTarget: 'other-instance',
  maxRetries: null,
  redispatch: false,
  retryDelayMs: 0,
  resendNonIdempotent: false,
  passive: null,
  outlier: null,
  nodePerZone: true,
  cutsInFlightOnRemoval: true,
} as const;

export const PROFILES: Record<ProfileName, ProfileDefinition> = {
  // §1.1–1.3: 200 only; 503 with no healthy instance; connection errors are retried elsewhere.
  'aws-clb': {
    behaviour: {
      ...AWS_COMMON,
      health: PROFILE_HEALTH_RULES['aws-clb']!,
      failOpen: false,
      retryOn: CONNECT_FAILURES,
      retry5xx: false,
      retryBudget: null,
      surgeQueueLength: 1024,
      idleTimeoutFromArrival: true,
    },
    defaults: {
      algorithm: null, responseTimeoutName: 'idle timeout',
      intervalMs: 30_000, timeoutMs: 5_000, healthyThreshold: 10, unhealthyThreshold: 2,
      targetProtocol: 'TCP', targetPath: '', responseTimeoutMs: 60_000, connectTimeoutMs: 10_000,
    },
    uncertain: [
      'the status after connection retries run out is not documented (503 and 504 are inferred)',
      'the backend connect timeout is not documented; ALB\'s 10 s is used',
      'that the idle timeout bounds the whole wait (connect retries, surge queue) is read from its front-end connection rule',
    ],
  },
  // §2.1–2.2: matcher 200 by default, fails open, one passing check to join, HealthyThreshold 5.
  'aws-alb': {
    behaviour: {
      ...AWS_COMMON,
      health: PROFILE_HEALTH_RULES['aws-alb']!,
      failOpen: true,
      retryOn: [],
      retry5xx: false,
      retryBudget: null,
      surgeQueueLength: 0,
      idleTimeoutFromArrival: false,
    },
    defaults: {
      algorithm: 'round-robin', responseTimeoutName: 'idle timeout',
      intervalMs: 30_000, timeoutMs: 5_000, healthyThreshold: 5, unhealthyThreshold: 2,
      targetProtocol: 'HTTP', targetPath: '/', responseTimeoutMs: 60_000, connectTimeoutMs: 10_000,
    },
    uncertain: ['whether ALB retries a refused connection on another target is not documented; lbsim does not'],
  },
  // §5.1–5.3: no active checks in open source; max_fails=1 fail_timeout=10s; proxy_next_upstream
  // error timeout tries every peer once (an invalid header is not retried but still counts, §7 item 1);
  // 60 s timeouts; fail_timeout on ngx_time()'s whole seconds (§7 item 6).
  nginx: {
    behaviour: {
      activeChecks: false,
      health: NGINX_PLUS_RULES,
      failOpen: false,
      panicThresholdPercent: 0,
      retryOn: NGINX_NEXT_UPSTREAM_DEFAULT,
      retry5xx: false,
      retryBudget: null,
      retryTarget: 'other-instance',
      maxRetries: null,
      redispatch: false,
      retryDelayMs: 0,
      resendNonIdempotent: false,
      passive: { maxFails: NGINX_PASSIVE_DEFAULTS.maxFails, failTimeoutMs: NGINX_PASSIVE_DEFAULTS.failTimeoutMs },
      outlier: null,
      surgeQueueLength: 0,
      idleTimeoutFromArrival: false,
      nodePerZone: false,
      cutsInFlightOnRemoval: false,
    },
    defaults: {
      algorithm: 'round-robin', responseTimeoutName: 'proxy_read_timeout',
      intervalMs: 30_000, timeoutMs: 5_000, healthyThreshold: 2, unhealthyThreshold: 2,
      targetProtocol: 'TCP', targetPath: '', responseTimeoutMs: 60_000, connectTimeoutMs: 60_000,
    },
    uncertain: [
      'open-source nginx has no active checks: the HealthCheck block is ignored',
      'a removed server\'s requests in flight always finish (worker_shutdown_timeout, off by default, is not modelled); ConnectionDraining only sets how long a deploy waits before stopping a batch',
    ],
  },
  // §4.1–4.2, §7: inter 2 s, rise 2, fall 3, 2xx/3xx pass; retries 3 on the same server, no redispatch
  // (retry-policy.ts has the redispatch and turnaround rules, health/check-schedule.ts the check timing).
  haproxy: {
    behaviour: {
      activeChecks: true,
      health: PROFILE_HEALTH_RULES.haproxy!,
      failOpen: false,
      panicThresholdPercent: 0,
      retryOn: CONNECT_FAILURES,
      retry5xx: false,
      retryBudget: null,
      retryTarget: 'same-instance',
      maxRetries: 3,
      redispatch: false,
      retryDelayMs: 1_000,
      resendNonIdempotent: false,
      passive: null,
      outlier: null,
      surgeQueueLength: 0,
      idleTimeoutFromArrival: false,
      nodePerZone: false,
      cutsInFlightOnRemoval: false,
    },
    defaults: {
      algorithm: 'round-robin', responseTimeoutName: 'timeout server',
      intervalMs: 2_000, timeoutMs: null, healthyThreshold: 2, unhealthyThreshold: 3,
      targetProtocol: 'TCP', targetPath: '', responseTimeoutMs: 60_000, connectTimeoutMs: 5_000,
    },
    uncertain: [
      'HAProxy has no default `timeout server` or `timeout connect` (it warns); lbsim uses 60 s and 5 s',
      'HAProxy 3.3 made `random` the default algorithm; lbsim takes roundrobin, the default of the versions in wide use',
      'the retry turnaround is min(timeout connect, 1 s): 1 s with the 5 s connect timeout; with `option redispatch` lbsim follows the rule as fixed for haproxy#1878 (leastconn redispatches like roundrobin); whether 2.6.12 has that fix was not checked',
      '2.6.12 quirk not modelled: with `timeout check` below `timeout connect`, a check of a hung server ran 2.5–5 s (up to min(inter, timeout connect)) while other checks were in flight; lbsim times every check out at its Timeout',
      'a removed or DOWN server keeps its sessions (`on-marked-down shutdown-sessions` is not modelled); ConnectionDraining only sets how long a deploy waits before stopping a batch',
    ],
  },
  // §3.1–3.5: 200 only and any other status fails the host at once; panic below 50% healthy;
  // no retries and no outlier detection unless configured (OutlierDetection turns it on); route
  // timeout 15 s, connect 5 s.
  envoy: {
    behaviour: {
      activeChecks: true,
      health: PROFILE_HEALTH_RULES.envoy!,
      failOpen: false,
      panicThresholdPercent: 50,
      retryOn: [],
      retry5xx: false,
      retryBudget: null,
      retryTarget: 'other-instance',
      maxRetries: 0,
      redispatch: false,
      retryDelayMs: 0,
      resendNonIdempotent: false,
      passive: null,
      outlier: null,
      surgeQueueLength: 0,
      idleTimeoutFromArrival: false,
      nodePerZone: false,
      cutsInFlightOnRemoval: false,
    },
    defaults: {
      algorithm: 'round-robin', responseTimeoutName: 'route timeout',
      intervalMs: 30_000, timeoutMs: 5_000, healthyThreshold: 2, unhealthyThreshold: 2,
      targetProtocol: 'TCP', targetPath: '', responseTimeoutMs: 15_000, connectTimeoutMs: 5_000,
    },
    uncertain: [
      'Envoy health checks have no defaults (interval, timeout and thresholds are required); lbsim uses 30 s, 5 s, 2 and 2',
      'a removed host\'s requests in flight always finish (its connections drain); ConnectionDraining only sets how long a deploy waits before stopping a batch',
    ],
  },
};
