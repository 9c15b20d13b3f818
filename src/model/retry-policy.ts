// Small rules the balancer applies when it routes or an attempt fails: which instances a node may
// reach, which methods may be sent again, and when a profile stops filtering by health (fail-open, panic).

import type { BalancerConfig } from './config.js';
import type { Job } from './job.js';
import type { Reason } from './outcome.js';
import type { ProfileBehaviour } from './profiles.js';

/** Whether a node may route to an instance in `zone`: any zone for a proxy or with cross-zone on, else only its own. */
export function inReach(balancer: BalancerConfig, node: string, zone: string): boolean {
  return !balancer.behaviour.nodePerZone || balancer.crossZone || zone === node;
}

/** nginx passes POST, LOCK and PATCH to the next server only before they were sent (lb-semantics.md §5.2). */
const NON_IDEMPOTENT = new Set(['POST', 'LOCK', 'PATCH']);

export function mayResend(method: string): boolean {
  return !NON_IDEMPOTENT.has(method.toUpperCase());
}

/**
 * Route to every reachable instance regardless of health: ALB fails open when none is healthy
 * (§2.1); Envoy panics when the healthy share falls below its threshold (§3.4, default 50%).
 */
export function routeToAll(behaviour: ProfileBehaviour, healthy: number, reachable: number): boolean {
  if (reachable === 0) return false;
  if (behaviour.failOpen && healthy === 0) return true;
  return healthy * 100 < behaviour.panicThresholdPercent * reachable;
}

/**
 * After a failed attempt: no retry, a retry on the same instance (HAProxy's `retries`; with
 * `option redispatch` the last one goes elsewhere) or on another instance not tried yet.
 * `sent`: the request reached the instance, so only idempotent methods may go again. `Backend5xx`:
 * the instance answered a 5xx, retried only where the profile says (`retry5xx`); a retry budget may refuse.
 */
/** A node's attempts in flight, and how many of them are retries. */
export interface AttemptLoad {
  attempts: number;
  retries: number;
}

/** Envoy's retry budget: a retry may start while retries in flight stay under the allowed share. */
function budgetAllows(behaviour: ProfileBehaviour, load: AttemptLoad | null): boolean {
  const budget = behaviour.retryBudget;
  return budget === null || load === null || load.retries < Math.max(budget.minConcurrent, (budget.percent / 100) * load.attempts);
}

export function retryKind(
  behaviour: ProfileBehaviour,
  reason: Reason | 'Backend5xx',
  job: Job,
  sent: boolean,
  load: AttemptLoad | null = null,
): 'none' | 'same-instance' | 'other-instance' {
  const retriesSoFar = job.attempts - 1;
  if (reason === 'Backend5xx' ? !behaviour.retry5xx : !behaviour.retryOn.includes(reason)) return 'none';
  if (behaviour.maxRetries !== null && retriesSoFar >= behaviour.maxRetries) return 'none';
  if (sent && !behaviour.resendNonIdempotent && !mayResend(job.kind.method)) return 'none';
  if (!budgetAllows(behaviour, load)) return 'none';
  const lastRetry = behaviour.maxRetries !== null && retriesSoFar + 1 === behaviour.maxRetries;
  if (behaviour.retryTarget === 'same-instance' && !(behaviour.redispatch && lastRetry)) return 'same-instance';
  return 'other-instance';
}
