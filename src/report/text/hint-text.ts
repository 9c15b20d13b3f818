// The setting that would have shortened or avoided an incident, chosen by what actually caused it:
// a shorter Interval, a higher HealthyThreshold for a flapping instance, PanicThreshold 0, cross-zone
// on, a shorter fail_timeout, or fewer resends. Only what holds for the run's profile is suggested.

import type { FaultEventConfig } from '../../model/config.js';
import type { Reason } from '../../model/outcome.js';
import { PROFILES } from '../../model/run/model-facts.js';
import type { Incident, RunResult } from '../../model/run/result.js';
import { formatClock, formatDuration } from './format.js';
import { firstInService, scopedNode } from './no-healthy-text.js';
import { passiveHint, usesPassive } from './passive-text.js';
import { firstRetryGoes } from './retry-text.js';
import { routeToAllWindows, type RouteToAllWindow } from '../explain/routing.js';

/** Faults that make an instance fail its checks outright; only for these is detection time predictable. */
const DETECTABLE_FAULTS = new Set<string>(['crash', 'hang', 'blackhole']);
/**
 * Reasons that come from sending new requests to an instance the balancer still believed in, so
 * faster detection means fewer of them. Resets and malformed answers also hit requests already
 * in flight, which no health check can save.
 */
export const ROUTED_REASONS = new Set<Reason>(['ResponseTimeout', 'ConnectRefused', 'ConnectTimeout']);
/** The shortest Interval we suggest: AWS's range starts at 5 s, but 10 s is the usual fast setting. */
const SUGGESTED_INTERVAL_MS = 10_000;
/** The highest HealthyThreshold AWS allows (and the CLB API default). */
const MAX_HEALTHY_THRESHOLD = 10;

export interface HintContext {
  incident: Incident;
  result: RunResult;
  faults: FaultEventConfig[];
  nodes: readonly string[];
  sinceMs: number;
  /** When the fault stopped applying, if it did. */
  faultEndMs: number | null;
  /** The instance had come back InService shortly before the fault: it is flapping. */
  flapping: boolean;
}

export function incidentHint(h: HintContext): string | null {
  const { incident, result } = h;
  if (scopedNode(incident, result) !== null) return crossZoneHint(incident.node ?? '');
  if (usesPassive(result) && incident.reason === 'NoHealthyInstances') return passiveHint(incident, result, h.nodes, h.faultEndMs);
  if (!result.setup.balancer.behaviour.activeChecks) return resendHint(h) ?? letThroughHint(h);
  const panic = ROUTED_REASONS.has(incident.reason) ? h.nodes.flatMap((node) => routeToAllWindows(result, node, h.sinceMs, incident.endMs))[0] : undefined;
  if (panic !== undefined) return routeToAllHint(h, panic);
  if (h.flapping) return flappingHint(result);
  return shorterIntervalHint(h);
}

function crossZoneHint(node: string): string {
  return (
    `Fix: enable cross-zone load balancing (LoadBalancerAttributes.CrossZoneLoadBalancing.Enabled): the ${node} node would then route its clients ` +
    'to the InService instances of the other zones. Without it, every zone needs instances of its own that stay healthy.'
  );
}

/** nginx resending timed-out requests to servers already past capacity: fewer resends, not faster detection. */
function resendHint(h: HintContext): string | null {
  const { result, incident } = h;
  if (firstRetryGoes(result, 'ResponseTimeout') === 'none' || result.requests.attempts <= result.requests.total) return null;
  if (incident.reason !== 'ResponseTimeout' && incident.reason !== 'ConnectRefused') return null;
  return (
    'Fix: stop resending on a timeout (RetryOn without ResponseTimeout: proxy_next_upstream error) or cap the attempts (Retries: proxy_next_upstream_tries): ' +
    'each resend gives a server already past capacity another full request to work on.'
  );
}

/** Requests let through after fail_timeout met servers still down: probes, not clients, could test them. */
function letThroughHint(h: HintContext): string | null {
  const { incident, result } = h;
  if (!usesPassive(result) || !ROUTED_REASONS.has(incident.reason) || incident.detectedAtMs === null || incident.detectedAtMs >= incident.startMs) return null;
  // With active checks on too (NGINX Plus) the suggestion is already taken.
  return 'Fix: active health checks (NGINX Plus health_check) would test the disabled servers with probes instead of client requests.';
}

/** Envoy's panic (or an ALB failing open) kept requests going to failed instances after the checks had caught them. */
function routeToAllHint(h: HintContext, window: RouteToAllWindow): string | null {
  const { result } = h;
  if (window.view.routing === 'fail-open' || result.setup.balancer.profile !== 'envoy') return null;
  const healthy = window.view.inService.length;
  const only = healthy === 1 ? 'the one InService host' : `the ${healthy} InService hosts`;
  return (
    `Fix: with PanicThreshold 0 (Envoy's healthy_panic_threshold) Envoy would have routed only to ${only} from ${formatClock(window.fromMs)}, ` +
    `ending these errors there; the trade-off: ${healthy === 1 ? 'that host takes' : 'they take'} all the traffic, and with none left Envoy answers 503 UH. ` +
    'Or retry connect failures (RetryOn ConnectRefused, Envoy\'s retry_on connect-failure): a refused request is resent to another host.'
  );
}

function flappingHint(result: RunResult): string | null {
  const { healthCheck } = result.setup;
  if (healthCheck.healthyThreshold >= MAX_HEALTHY_THRESHOLD) return null;
  const wait = (threshold: number): string => formatDuration(healthCheck.intervalMs * (threshold - 0.5));
  const apiDefault = PROFILES[result.setup.balancer.profile].defaults.healthyThreshold === MAX_HEALTHY_THRESHOLD ? ' (the API default)' : '';
  return (
    `Fix: a higher HealthyThreshold keeps a flapping instance out longer: with ${MAX_HEALTHY_THRESHOLD}${apiDefault} it needs ~${wait(MAX_HEALTHY_THRESHOLD)} of passing checks ` +
    `before it takes traffic again, instead of ~${wait(healthCheck.healthyThreshold)}.`
  );
}

/**
 * Detection after a crash lands between Interval×(U−1) and Interval×U (a hang adds up to
 * Timeout), so the midpoint Interval×(U−0.5) is the honest "~" figure for both settings.
 */
function shorterIntervalHint(h: HintContext): string | null {
  const { incident, result } = h;
  const { healthCheck } = result.setup;
  if (healthCheck.intervalMs <= SUGGESTED_INTERVAL_MS || healthCheck.timeoutMs >= SUGGESTED_INTERVAL_MS) return null;
  const faults = h.faults.filter((fault) => DETECTABLE_FAULTS.has(fault.fault));
  if (faults.length === 0) return null;
  const hangMs = faults.some((fault) => fault.fault === 'hang') ? healthCheck.timeoutMs : 0;
  if (ROUTED_REASONS.has(incident.reason)) {
    const estimate = (intervalMs: number): number => intervalMs * (healthCheck.unhealthyThreshold - 0.5) + hangMs;
    return `Shorter: with Interval ${formatDuration(SUGGESTED_INTERVAL_MS)}, detection typically takes ~${formatDuration(estimate(SUGGESTED_INTERVAL_MS))} instead of ~${formatDuration(estimate(healthCheck.intervalMs))} (the middle of each setting's window).`;
  }
  if (incident.reason === 'NoHealthyInstances' && firstInService(incident, result, h.nodes) !== null) {
    const estimate = (intervalMs: number): number => intervalMs * (healthCheck.healthyThreshold - 0.5);
    return `Shorter: with Interval ${formatDuration(SUGGESTED_INTERVAL_MS)}, recovery after the fault ends typically takes ~${formatDuration(estimate(SUGGESTED_INTERVAL_MS))} instead of ~${formatDuration(estimate(healthCheck.intervalMs))}.`;
  }
  return null;
}
