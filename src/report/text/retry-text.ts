// What a balancer did after a failed attempt, in words that hold per profile, read from the model's
// own retry plan (retry-policy.ts retryPlan, through model-facts.ts): CLB retries a failed connection
// on another InService instance, nginx passes the request to the next server, HAProxy retries the
// same server (or redispatches), Envoy and the ALB (as lbsim reads AWS) do not retry at all.

import type { Reason } from '../../model/outcome.js';
import { boundToServer, inReach, mayResend, retryCourse, retryPlan, type RetryPlan, type RetryPool } from '../../model/run/model-facts.js';
import type { RunResult } from '../../model/run/result.js';
import { formatCount, formatDuration } from './format.js';
import { actor } from '../explain/routing.js';

/**
 * The pool as the prose speaks of it: an incident's start, when the failing instance is still
 * believed InService, and every registered instance a node reaches is UP.
 */
function incidentPool(result: RunResult): RetryPool {
  const { balancer, instances } = result.setup;
  const registered = instances.filter((instance) => instance.registered);
  const serversUp = Math.max(...balancer.nodes.map((node) => registered.filter((instance) => inReach(balancer, node, instance.zone)).length));
  return { serversUp, failedUp: true, bound: boundToServer(balancer) };
}

/** The model's retry plan for a request's first retry after this failure (a GET: methods are said apart). */
function firstPlan(result: RunResult, reason: Reason): RetryPlan {
  return retryPlan(result.setup.balancer.behaviour, { reason, method: 'GET', retriesSoFar: 0, sent: false }, null, incidentPool(result));
}

/** Where the first retry after this failure goes, as the prose says it: elsewhere (another instance, or a redispatch), the same instance, or none. */
export function firstRetryGoes(result: RunResult, reason: Reason): 'elsewhere' | 'same' | 'none' {
  const { target } = firstPlan(result, reason);
  return target === 'none' ? 'none' : target === 'same-instance' ? 'same' : 'elsewhere';
}

/** `each server once`, `up to 2 more instances`: how far the retries to other instances go. */
function reach(result: RunResult): string {
  const { maxRetries } = result.setup.balancer.behaviour;
  if (maxRetries === null) return result.setup.balancer.profile === 'nginx' ? 'each server once' : 'each instance once';
  return `up to ${maxRetries} more ${maxRetries === 1 ? 'instance' : 'instances'}`;
}

/** Why a profile retries nothing here: no retry policy (Envoy), nothing documented (ALB), or not this reason. */
export function noRetryWhy(result: RunResult, reason: Reason): string {
  const { profile, behaviour } = result.setup.balancer;
  if (behaviour.retryOn.length === 0 || behaviour.maxRetries === 0) {
    if (profile === 'envoy') return 'Envoy retries nothing without a retry policy';
    if (profile === 'aws-alb') return 'the ALB does not retry (AWS documents no retry; lbsim assumes none)';
    return `${actor(profile)} makes no retries`;
  }
  return `${actor(profile)} does not retry after ${reasonWords(reason)}`;
}

function reasonWords(reason: Reason): string {
  const words: Partial<Record<Reason, string>> = {
    ConnectRefused: 'a refused connection',
    ConnectTimeout: 'a connect timeout',
    ResponseTimeout: 'a response timeout',
    UpstreamReset: 'a closed connection',
  };
  return words[reason] ?? 'this failure';
}

/**
 * After `connections were refused`: what happened next. `scope` narrows "every InService instance"
 * to one zone's (` in us-east-1b`) when its node routes only there.
 */
export function refusedClause(result: RunResult, scope: string): string {
  const { profile } = result.setup.balancer;
  const course = retryCourse(result.setup.balancer.behaviour, { reason: 'ConnectRefused', method: 'GET', sent: false }, incidentPool(result));
  if (firstRetryGoes(result, 'ConnectRefused') === 'none') return `connections were refused, and ${noRetryWhy(result, 'ConnectRefused')}`;
  const same = course.filter((plan) => plan.target === 'same-instance');
  if (same.length > 0) {
    // HAProxy: retries stay on the server; with option redispatch only the last may move (retry-policy.ts retryPlan).
    const moved = course.length > same.length ? ', then its last retry could go to any server (option redispatch), refused too' : ', refused every time';
    return `connections were refused, and ${actor(profile)} retried each on the same instance (${plural(same.length, 'retry', 'retries')}, ${formatDuration(same[0]!.delayMs)} apart)${moved}`;
  }
  if (course.length > 0 && course.every((plan) => plan.target === 'redispatch')) {
    return `connections were refused, and so were the retries, each redispatched to a server other than the one just tried (option redispatch, up to ${plural(course.length, 'retry', 'retries')})`;
  }
  if (profile === 'nginx') return `connections were refused; nginx passed each request to the next server (proxy_next_upstream), ${reach(result)}, and the client got the refusal of the last one it tried`;
  if (result.setup.balancer.behaviour.maxRetries !== null) return `connections were refused, and so were the retries on ${reach(result)}`;
  return `connections were refused and every InService instance${scope} refused too`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** For a timeout the balancer resends (nginx's proxy_next_upstream timeout): what each request went through. */
export function resendSentence(result: RunResult, timeoutText: string, maxAttempts: number): string | null {
  if (firstRetryGoes(result, 'ResponseTimeout') !== 'elsewhere') return null;
  const { profile } = result.setup.balancer;
  const methods = [...new Set(result.setup.traffic.requests.map((kind) => kind.method.toUpperCase()))];
  const resent = methods.filter((method) => mayResend(method) || result.setup.balancer.behaviour.resendNonIdempotent);
  const kept = methods.filter((method) => !resent.includes(method));
  const what = `each ${resent.join(' and ') || 'idempotent request'}${kept.length > 0 ? ` (${kept.join(' and ')} is not resent once sent)` : ''}`;
  const next = profile === 'nginx' ? `${what} was resent to the next server (proxy_next_upstream timeout)` : `${what} was resent to another instance`;
  const timeoutMs = result.setup.balancer.idleTimeoutMs;
  const total = maxAttempts > 1 ? ` (up to ${maxAttempts} attempts, ${formatDuration(maxAttempts * timeoutMs)})` : '';
  return `When an attempt got no answer within the ${timeoutText}, ${next}, ${reach(result)}, while the one that timed out kept working on its copy: a client's wait adds up over its attempts${total}.`;
}

/** `Over the run nginx made 32,916 attempts for 14,311 requests (2.30 per request).` when retries multiplied them. */
export function attemptsSentence(result: RunResult): string | null {
  const { total, attempts } = result.requests;
  if (total === 0 || attempts <= total) return null;
  return `Over the run ${actor(result.setup.balancer.profile)} made ${formatCount(attempts)} attempts for ${formatCount(total)} requests (${(attempts / total).toFixed(2)} per request).`;
}
