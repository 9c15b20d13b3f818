// One balancer node, the decision core that simulation and live mode share: picks an instance its
// profile lets it route to, sends an attempt through a transport (node-transport.ts: the simulated
// instance, or live mode's undici connection), waits up to the idle timeout, retries as the retry
// plan says (retry-policy.ts) and classifies every outcome into a reason.
//
//   client ─► no instance registered? ─► NoRegisteredInstances
//          ─► none routable? (fail-open / panic route to all) ─► NoHealthyInstances
//          ─► algorithm picks ─► connect ─► refused / no answer within the connect timeout ─► retry
//                                    │       (profile), CLB surge queue, or ConnectRefused / ConnectTimeout
//                                    ├─► response ─► passed through (a 5xx retried where the profile says)
//                                    └─► idle timeout / unparsable / closed ─► ResponseTimeout /
//                                        MalformedResponse / UpstreamReset, retried where the profile says

import type { Rng } from '../../sim/rng.js';
import { Priority, type Scheduler } from '../../sim/scheduler.js';
import type { Algorithm } from '../algorithms/algorithm.js';
import type { BalancerConfig, HealthState } from '../config.js';
import type { IdleTimeoutListener } from './idle-watchdog.js';
import type { Job } from '../instance/job.js';
import { statusFor, type Reason } from '../outcome.js';
import { boundToServer, clientDeadlineMs, retryCandidates, retryPlan, type AttemptLoad, type RetryPlan, type RetryPool } from './retry-policy.js';
import { changeMembership, removalCutAfterMs, routingSets } from './node-view.js';
import { NodeFeedback, type FeedbackHost } from './node-feedback.js';
import type { Slot } from './slot.js';
import type { BalancerObserver, GatewayError } from './gateway-error.js';
import type { AttemptListener, NodeSlot, NodeTransport } from './node-transport.js';
import { SurgeQueue, type SurgeQueueOwner } from './surge-queue.js';

/** What the node's timers carry (the scheduler hands each handler one payload): a planned end of
 * draining for one deregistration, and a retry after the turnaround, to `slot` or (redispatch) avoiding it. */
interface DrainCut<S> {
  slot: S;
  generation: number;
}
interface PendingRetry<S> {
  job: Job;
  slot: S;
}

export class Balancer<S extends NodeSlot = Slot> implements IdleTimeoutListener, AttemptListener<S>, FeedbackHost<S>, SurgeQueueOwner {
  /** Registered, in reach (its zone, or any with cross-zone) and believed InService. */
  private inService: S[] = [];
  /** Registered and in reach (its zone, or all with cross-zone), whatever the belief: where fail-open and panic route. */
  reachable: readonly S[] = [];
  /** What a request is routed among: inService, or reachable when the profile routes to all. */
  routable: readonly S[] = [];
  /** Instances in the pool, balancer-wide (membership is the load balancer's, not a node's). */
  private registered = 0;
  /** nginx's passive checks and Envoy's outlier ejection, when the profile has them. */
  private readonly feedback: NodeFeedback<S> | null;
  /** CLB's surge queue, when the profile has one. */
  readonly surge: SurgeQueue | null;
  /** Requests that arrived after Warmup. */
  arrivalsCounted = 0;
  /** Of those, the ones sent to an instance and not answered yet. */
  outstandingCounted = 0;
  /** Attempts sent to an instance believed OutOfService (fail-open, panic): ALB's UnhealthyRoutingRequestCount. */
  routedUnhealthy = 0;
  /** Counted requests pausing before a retry to the same instance (HAProxy): in flight too. */
  retriesWaiting = 0;
  /** Attempts in flight and, of them, retries: what a retry budget weighs. */
  private readonly load: AttemptLoad = { attempts: 0, retries: 0 };

  constructor(
    /** Position among the load balancer's nodes. */
    readonly nodeIndex: number,
    /** The node's name: its zone for AWS profiles, the profile's name for a proxy. */
    readonly node: string,
    private readonly config: BalancerConfig,
    /** The node's view of every instance, in file order. */
    readonly slots: readonly S[],
    private readonly transport: NodeTransport<S>,
    private readonly algorithm: Algorithm,
    private readonly rng: Rng,
    private readonly scheduler: Scheduler,
    private readonly observer: BalancerObserver<S>,
  ) {
    for (const slot of slots) if (slot.registered) this.registered++;
    this.feedback = NodeFeedback.create(config.behaviour, scheduler, this);
    this.surge = config.behaviour.surgeQueueLength === 0 ? null : new SurgeQueue(config.behaviour.surgeQueueLength, config.idleTimeoutMs, scheduler, this);
    this.refreshRouting();
  }

  reportTransition = (slot: S, from: HealthState, to: HealthState, reason: string): void => this.observer.onPassiveTransition(this, slot, from, to, reason);

  /** The health checker (or passive accounting) changed its mind about an instance. */
  setBelief(slotIndex: number, state: HealthState): void {
    this.slots[slotIndex]!.belief = state;
    this.refreshRouting();
    if (state === 'InService') this.surge?.drain();
  }

  /**
   * `deregister`: no new requests. AWS cuts those in flight (UpstreamReset, "not completed" in CLB's
   * words) at once, or when ConnectionDraining's timeout runs out; the proxies let them finish (removalCutAfterMs).
   */
  setRegistered(slotIndex: number, registered: boolean, eventIndex: number, belief: HealthState): void {
    const slot = this.slots[slotIndex]!;
    if (!changeMembership(slot, registered, eventIndex, belief)) return;
    this.registered += registered ? 1 : -1;
    this.refreshRouting();
    if (registered) return;
    const cutAfterMs = removalCutAfterMs(this.config);
    if (cutAfterMs === null) return;
    if (cutAfterMs === 0) return this.transport.cutInFlight(slot, this, this.cut);
    const cut: DrainCut<S> = { slot, generation: slot.membershipGeneration };
    this.scheduler.at(this.scheduler.nowMs() + cutAfterMs, Priority.traffic, this.onDrainTimeout, cut);
  }

  private readonly onDrainTimeout = ({ slot, generation }: DrainCut<S>): void => {
    if (slot.membershipGeneration === generation) this.transport.cutInFlight(slot, this, this.cut);
  };

  /** Cuts one of this node's requests in flight on a removed instance (other nodes cut their own). */
  private readonly cut = (job: Job): void => {
    const slot = this.settle(job);
    this.fail(job, 'UpstreamReset', slot, slot.membershipEvent);
  };

  refreshRouting(): void {
    ({ reachable: this.reachable, inService: this.inService, routable: this.routable } = routingSets(this.config, this.node, this.slots));
    this.algorithm.reset?.(this.routable);
  }

  /** A client request arrives at this node. */
  arrive(job: Job): void {
    job.listener = this;
    if (job.counted) this.arrivalsCounted++;
    if (this.registered === 0) return this.fail(job, 'NoRegisteredInstances', null);
    const candidates = this.routable;
    if (candidates.length === 0) return this.fail(job, 'NoHealthyInstances', null);
    this.send(job, candidates[this.algorithm.pick(candidates, this.rng, job)]!);
  }

  private send(job: Job, slot: S): void {
    job.attempts++;
    job.sentOutOfService = slot.belief !== 'InService';
    // Only routing around health counts (fail-open, panic), not a retry or nginx's probe request.
    const aroundHealth = job.sentOutOfService && this.routable !== this.inService;
    if (aroundHealth && job.counted) this.routedUnhealthy++;
    this.feedback?.selected(slot.index);
    if (job.counted) slot.requests++;
    const opened = this.transport.open(job, slot, this, aroundHealth);
    if (opened === 'sent') return this.track(job, slot, +1);
    // Refused, or a keep-alive connection the instance had closed: failed in the same instant.
    if (opened === 'race') this.attemptFailed(job, slot, 'KeepAliveRace', null, true, false);
    else this.attemptFailed(job, slot, 'ConnectRefused', undefined, false, false);
  }

  /** The connection was refused or never completed (the attempt was under way: live refusals, blackholes). */
  onConnectFailed(job: Job, slot: S, reason: 'ConnectRefused' | 'ConnectTimeout', cause: number | null | undefined): void {
    this.track(job, slot, -1);
    this.attemptFailed(job, slot, reason, cause, false, false);
  }

  /**
   * An attempt failed; the retry plan (retry-policy.ts) says where the next goes: another instance,
   * the same one, any but this one (HAProxy's redispatch), or nowhere (the reason's status). `sent`:
   * the request reached the instance; `held`: the instance may still answer, so the retry is a new job.
   */
  private attemptFailed(job: Job, failed: S, reason: Reason, cause: number | null | undefined, sent: boolean, held: boolean): void {
    this.feedback?.failed(failed.index, reason);
    const pool: RetryPool = { serversUp: this.inService.length, failedUp: this.inService.includes(failed), bound: boundToServer(this.config) };
    const plan = retryPlan(this.config.behaviour, { reason, method: job.kind.method, retriesSoFar: job.attempts - 1, sent }, this.load, pool);
    if (plan.target === 'none' || this.clientGone(job) || !this.retry(job, failed, plan, held)) this.giveUp(job, reason, failed, cause);
  }

  /** The client's idle timeout has run out (CLB, from its arrival): no retry, no place in the surge queue. */
  private clientGone(job: Job): boolean {
    return this.scheduler.nowMs() >= clientDeadlineMs(this.config, job);
  }

  /** Sends the next attempt as the plan says, at once or after its pause; false when no instance is left to try. */
  private retry(job: Job, failed: S, plan: RetryPlan, held: boolean): boolean {
    const target = plan.target as Exclude<RetryPlan['target'], 'none'>;
    const tried = [...((job.tried as readonly S[] | null) ?? []), failed];
    // HAProxy's redispatch after a turnaround picks when the pause ends: `slot` is then the server to avoid.
    const later = plan.choosesAfterPause;
    const remaining = later ? [] : retryCandidates(target, failed, tried, this.routable);
    if (!later && remaining.length === 0) return false;
    const next = held ? job.nextAttempt(this) : job;
    next.tried = tried;
    const slot = later || target === 'same-instance' ? failed : remaining[this.algorithm.pick(remaining, this.rng, next)]!;
    if (plan.delayMs === 0) return this.send(next, slot), true;
    const pending: PendingRetry<S> = { job: next, slot };
    if (next.counted) this.retriesWaiting++;
    this.scheduler.at(this.scheduler.nowMs() + plan.delayMs, Priority.traffic, later ? this.onRedispatchDue : this.onRetryDue, pending);
    return true;
  }

  /**
   * No attempt left. Refused by instances alive but at capacity, a CLB request waits in the surge
   * queue for a backend connection instead (a crash's refusals are not capacity: they fail), unless
   * its client's idle timeout has run out: then the 504 it would get in the queue comes at once.
   */
  private giveUp(job: Job, reason: Reason, failed: S, cause: number | null | undefined): void {
    if (reason !== 'ConnectRefused' || this.surge === null || !this.transport.refusalIsCapacity(failed)) return this.fail(job, reason, failed, cause);
    if (this.clientGone(job)) return this.fail(job, 'ResponseTimeout', failed, cause);
    job.slot = failed.index; // blamed if it waits out its timeout
    this.surge.offer(job);
  }

  tryDispatch(job: Job): boolean {
    const candidates = this.routable;
    if (candidates.length === 0) return false;
    const slot = candidates[this.algorithm.pick(candidates, this.rng, job)]!;
    if (!this.transport.accepting(slot)) return false;
    job.tried = null;
    this.send(job, slot);
    return true;
  }

  surgeFailed(job: Job, reason: 'ResponseTimeout' | 'SurgeQueueFull'): void {
    this.fail(job, reason, reason === 'SurgeQueueFull' ? null : this.slots[job.slot]!);
  }

  private readonly onRetryDue = ({ job, slot }: PendingRetry<S>): void => {
    if (job.counted) this.retriesWaiting--;
    this.send(job, slot);
  };

  /** The turnaround before a redispatch ended: the algorithm picks now, avoiding `slot`; none UP is a 503 <NOSRV>. */
  private readonly onRedispatchDue = ({ job, slot: failed }: PendingRetry<S>): void => {
    if (job.counted) this.retriesWaiting--;
    const remaining = retryCandidates('redispatch', failed, (job.tried as readonly S[] | null) ?? [], this.routable);
    if (remaining.length === 0) return this.fail(job, this.registered === 0 ? 'NoRegisteredInstances' : 'NoHealthyInstances', null);
    this.send(job, remaining[this.algorithm.pick(remaining, this.rng, job)]!);
  };

  /** Requests the balancer is waiting on, per instance (for least-outstanding) and in total. */
  private track(job: Job, slot: S, delta: 1 | -1): void {
    slot.outstanding += delta;
    this.load.attempts += delta;
    if (job.attempts > 1) this.load.retries += delta;
    this.algorithm.outstandingChanged?.(slot);
    if (job.counted) this.outstandingCounted += delta;
  }

  onResponse(job: Job, status: number): void {
    if (job.done) return; // The client already got a timeout; the late answer goes nowhere.
    const slot = this.settle(job);
    this.transport.released(slot);
    this.feedback?.answered(slot.index, status);
    // A 5xx the profile retries (Envoy retry_on 5xx) goes to another instance instead of the client.
    if (status >= 500 && this.config.behaviour.retry5xx && this.retried5xx(job, slot)) return;
    this.algorithm.answered?.(job, slot);
    if (job.counted) {
      slot.responses++;
      if (status >= 500) slot.backend5xx++;
    }
    this.observer.onResponse(job, status, slot);
    // A worker just freed up: a request waiting in the surge queue can have its connection.
    this.surge?.drain();
  }

  private retried5xx(job: Job, slot: S): boolean {
    const plan = retryPlan(this.config.behaviour, { reason: 'Backend5xx', method: job.kind.method, retriesSoFar: job.attempts - 1, sent: true }, this.load);
    return plan.target !== 'none' && this.retry(job, slot, plan, true);
  }

  onReset(job: Job): void {
    if (job.done) return;
    this.attemptFailed(job, this.settle(job), 'UpstreamReset', undefined, true, true);
  }

  onMalformed(job: Job): void {
    if (job.done) return;
    this.attemptFailed(job, this.settle(job), 'MalformedResponse', undefined, true, true);
  }

  /** The idle deadline passed with no byte from the instance. */
  onIdleTimeout(job: Job, cause?: number | null): void {
    this.attemptFailed(job, this.settle(job), 'ResponseTimeout', cause, true, true);
  }

  /** The answer was lost on the way back (a blackholed path): the transport times it out. */
  onLost(job: Job): void {
    if (!job.done) this.transport.lost(job, this);
  }

  private settle(job: Job): S {
    job.done = true;
    const slot = this.slots[job.slot]!;
    this.track(job, slot, -1);
    return slot;
  }

  private fail(job: Job, reason: Reason, slot: S | null, cause?: number | null): void {
    job.done = true;
    if (slot && job.counted) slot.gatewayErrors++;
    // No status: the profile closes the client connection without one (HAProxy on a reused connection).
    const status = statusFor(reason, this.config.profile) ?? 0;
    const error: GatewayError<S> = { node: this, job, reason, status, slot };
    if (cause !== undefined) error.cause = cause;
    this.observer.onGatewayError(error);
  }
}
