// Small rules the balancer applies when it routes or an attempt fails: which instances a node may
// reach, which methods may be sent again, and when a profile stops filtering by health (fail-open, panic).

import type { BalancerConfig } from '../config.js';
import type { Job } from '../instance/job.js';
import type { Reason } from '../outcome.js';
import type { ProfileBehaviour } from '../profiles.js';

/** Whether a node may route to an instance in `zone`: any zone for a proxy or with cross-zone on, else only its own. */
export function inReach(balancer: BalancerConfig, node: string, zone: string): boolean {
  return !balancer.behaviour.nodePerZone || balancer.crossZone || zone === node;
}

/**
 * When the client stops waiting: CLB closes its idle front-end connection at arrival + the idle
 * timeout whatever the request is doing then (§1.3); elsewhere only each attempt has its timeout.
 */
export function clientDeadlineMs(balancer: BalancerConfig, job: Job): number {
  return balancer.behaviour.idleTimeoutFromArrival ? job.arrivalMs + balancer.idleTimeoutMs : Infinity;
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

/**
 * Where a retry goes: the same instance (HAProxy's `retries`), another instance not tried yet (CLB,
 * nginx, Envoy), or HAProxy's redispatch: the algorithm picks again, avoiding only the server just tried.
 */
export type RetryKind = 'none' | 'same-instance' | 'other-instance' | 'redispatch';

/** What HAProxy's redispatch rule looks at besides the retry count (a node's view of its pool). */
export interface RetryPool {
  /** Servers this node believes UP (HAProxy's `srv_act`). */
  serversUp: number;
  /** The server just tried is still believed UP (`cur_state` RUNNING). */
  failedUp: boolean;
  /** The request is bound to one server: a hash algorithm (BE_LB_KIND_HI) or a sticky cookie (SF_DIRECT). */
  bound: boolean;
}

/** A hash or a sticky session maps a request to its server, so moving it is a last resort. */
export function boundToServer(balancer: BalancerConfig): boolean {
  return balancer.algorithm === 'consistent-hash' || balancer.algorithm === 'maglev' || balancer.routing.stickinessMs !== null;
}

/** What a retry decision reads of the failed attempt. */
export interface RetryAsk {
  /** Why the attempt failed; `Backend5xx`: the instance answered a 5xx. */
  reason: Reason | 'Backend5xx';
  method: string;
  /** Retries already made for the request (its attempts so far minus one). */
  retriesSoFar: number;
  /** The request reached the instance (it may have acted on it). */
  sent: boolean;
}

/**
 * The retry plan after one failed attempt, as data: where the next attempt goes (none: the client
 * gets the reason's status), the pause before it, whether its server is chosen only when the pause
 * ends, and whether it is the last retry the profile allows. The balancer node acts on it; the
 * report's prose reads it (model-facts.ts), so neither restates the policy.
 */
export interface RetryPlan {
  target: RetryKind;
  delayMs: number;
  choosesAfterPause: boolean;
  last: boolean;
}

const NO_RETRY: RetryPlan = { target: 'none', delayMs: 0, choosesAfterPause: false, last: true };

/**
 * After a failed attempt: no retry, a retry on the same instance or on another instance not tried
 * yet. `sent`: the request reached the instance, so only idempotent methods may go again.
 * `Backend5xx`: the instance answered a 5xx, retried only where the profile says (`retry5xx`); a
 * retry budget may refuse. HAProxy with `option redispatch` (stream_choose_redispatch, 2.6 with the
 * fix of haproxy#1878): every retry is redispatched when the server is no longer UP, or when the request
 * is not bound to a server and more than one is UP; otherwise only the last one (`redispatch_after` -1).
 */
export function retryPlan(behaviour: ProfileBehaviour, ask: RetryAsk, load: AttemptLoad | null = null, pool: RetryPool | null = null): RetryPlan {
  const { reason, retriesSoFar } = ask;
  if (reason === 'Backend5xx' ? !behaviour.retry5xx : !behaviour.retryOn.includes(reason)) return NO_RETRY;
  if (behaviour.maxRetries !== null && retriesSoFar >= behaviour.maxRetries) return NO_RETRY;
  if (ask.sent && !behaviour.resendNonIdempotent && !mayResend(ask.method)) return NO_RETRY;
  if (!budgetAllows(behaviour, load)) return NO_RETRY;
  const last = behaviour.maxRetries !== null && retriesSoFar + 1 === behaviour.maxRetries;
  // A 5xx answer is never retried on the server that gave it (Envoy retry_on 5xx, nginx http_5xx).
  const target = reason === 'Backend5xx' ? 'other-instance' : retryTarget(behaviour, last, pool);
  const delayMs = retryPauseMs(behaviour, reason, target, pool?.serversUp ?? 0);
  return { target, delayMs, choosesAfterPause: choosesAfterPause(target, delayMs), last };
}

function retryTarget(behaviour: ProfileBehaviour, last: boolean, pool: RetryPool | null): Exclude<RetryKind, 'none'> {
  if (behaviour.retryTarget === 'other-instance') return 'other-instance';
  if (!behaviour.redispatch) return 'same-instance';
  const anyServer = pool !== null && (!pool.failedUp || (!pool.bound && pool.serversUp > 1));
  return last || anyServer ? 'redispatch' : 'same-instance';
}

/**
 * The plans a request meets when every attempt fails the same way and the pool stays as it is: the
 * course of its retries, for prose. Unlimited retries stop after `poolSize` attempts (each instance once).
 */
export function retryCourse(behaviour: ProfileBehaviour, ask: Omit<RetryAsk, 'retriesSoFar'>, pool: RetryPool): RetryPlan[] {
  const course: RetryPlan[] = [];
  const most = behaviour.maxRetries ?? Math.max(0, pool.serversUp - 1);
  for (let retriesSoFar = 0; retriesSoFar < most; retriesSoFar++) {
    const plan = retryPlan(behaviour, { ...ask, retriesSoFar }, null, pool);
    if (plan.target === 'none') break;
    course.push(plan);
  }
  return course;
}

/**
 * HAProxy's turnaround before a retry (back_handle_st_cer, lb-semantics §7 item 2): only after a
 * connection error (a refusal, not a connect timeout, and not on a reused connection: the
 * keep-alive race), and only when the retry goes to the same server or at most one server is UP.
 */
function retryPauseMs(behaviour: ProfileBehaviour, reason: Reason | 'Backend5xx', kind: RetryKind, serversUp: number): number {
  if (reason !== 'ConnectRefused') return 0;
  if (kind === 'same-instance' || (kind === 'redispatch' && serversUp <= 1)) return behaviour.retryDelayMs;
  return 0;
}

/**
 * Whether the retry's server is chosen only when the turnaround ends. A same-server retry stays
 * assigned through the pause and connects to that server again whatever its state then (SF_ASSIGNED:
 * SI_ST_TAR → SI_ST_ASS). A redispatch unassigns the request first, so the algorithm runs when the
 * pause ends (SI_ST_TAR → SI_ST_REQ → assign_server) over the servers UP at that moment; with none
 * left the request ends 503 on <NOSRV> (srv_redispatch_connect, SRV_STATUS_NOSRV), as HAProxy 2.6.12
 * logged it: "be/<NOSRV> 0/0/-1/-1/2003 503 SC-- +2" for a server marked DOWN 0.5 s into the first pause.
 */
export function choosesAfterPause(kind: Exclude<RetryKind, 'none'>, pauseMs: number): boolean {
  return kind === 'redispatch' && pauseMs > 0;
}

/**
 * The instances a retry may go to. A redispatch avoids only the server just tried (HAProxy passes it
 * to the algorithm as the one to avoid) and falls back to it when it is the only one left.
 */
export function retryCandidates<S>(kind: Exclude<RetryKind, 'none'>, failed: S, tried: readonly S[], routable: readonly S[]): readonly S[] {
  if (kind === 'same-instance') return [failed];
  if (kind === 'other-instance') return routable.filter((candidate) => !tried.includes(candidate));
  const others = routable.filter((candidate) => candidate !== failed);
  return others.length > 0 ? others : routable.filter((candidate) => candidate === failed);
}
