// One balancer node: picks an instance its profile lets it route to, connects, waits up to the
// idle timeout, retries where the profile does, and classifies every outcome into a reason.
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
import { ConnectionPool } from './connection-pool.js';
import type { IdleTimeoutListener, IdleWatchdog } from './idle-watchdog.js';
import type { Instance } from '../instance/instance.js';
import { Job } from '../instance/job.js';
import { statusFor, type Reason } from '../outcome.js';
import { boundToServer, choosesAfterPause, retryCandidates, retryKind, retryPauseMs, type AttemptLoad, type RetryKind, type RetryPool } from './retry-policy.js';
import { changeMembership, removalCutAfterMs, routingSets } from './node-view.js';
import { NodeFeedback, type FeedbackHost } from './node-feedback.js';
import { Slot } from './slot.js';
import type { BalancerObserver, GatewayError } from './gateway-error.js';
import type { ConnectAttempt, DrainCut, LostAnswer, PendingRetry } from './timer-payloads.js';
import { SurgeQueue, type SurgeQueueOwner } from './surge-queue.js';

export class Balancer implements IdleTimeoutListener, FeedbackHost, SurgeQueueOwner {
  readonly slots: Slot[];
  /** Registered, in reach (its zone, or any with cross-zone) and believed InService. */
  private inService: Slot[] = [];
  /** Registered and in reach (its zone, or all with cross-zone), whatever the belief: where fail-open and panic route. */
  reachable: readonly Slot[] = [];
  /** What a request is routed among: inService, or reachable when the profile routes to all. */
  routable: readonly Slot[] = [];
  /** Instances in the pool, balancer-wide (membership is the load balancer's, not a node's). */
  private registered = 0;
  /** nginx's passive checks and Envoy's outlier ejection, when the profile has them. */
  private readonly feedback: NodeFeedback | null;
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
    instances: readonly Instance[],
    private readonly watchdogs: readonly IdleWatchdog[],
    private readonly algorithm: Algorithm,
    private readonly rng: Rng,
    private readonly scheduler: Scheduler,
    private readonly observer: BalancerObserver,
  ) {
    this.slots = instances.map((instance, i) => new Slot(i, instance));
    for (const slot of this.slots) if (slot.registered) this.registered++;
    this.feedback = NodeFeedback.create(config.behaviour, scheduler, this);
    this.surge = config.behaviour.surgeQueueLength === 0 ? null : new SurgeQueue(config.behaviour.surgeQueueLength, config.idleTimeoutMs, scheduler, this);
    this.refreshRouting();
  }

  reportTransition = (slot: Slot, from: HealthState, to: HealthState, reason: string): void => this.observer.onPassiveTransition(this, slot, from, to, reason);

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
    if (cutAfterMs === 0) return this.cutInFlight(slot);
    const cut: DrainCut = { slot, generation: slot.membershipGeneration };
    this.scheduler.at(this.scheduler.nowMs() + cutAfterMs, Priority.traffic, this.onDrainTimeout, cut);
  }

  private readonly onDrainTimeout = ({ slot, generation }: DrainCut): void => {
    if (slot.membershipGeneration === generation) this.cutInFlight(slot);
  };

  /** Cuts this node's requests in flight on the instance (other nodes cut their own). */
  private cutInFlight(slot: Slot): void {
    const instance = slot.instance;
    for (let seq = instance.heldHeadSeq; seq < instance.heldEndSeq; seq++) {
      const job = instance.heldAt(seq)!;
      if (!job.done && !job.isProbe && job.listener === this) this.fail(job, 'UpstreamReset', this.settle(job), slot.membershipEvent);
    }
  }

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

  private send(job: Job, slot: Slot): void {
    job.attempts++;
    job.sentOutOfService = slot.belief !== 'InService';
    // Only routing around health counts (fail-open, panic), not a retry or nginx's probe request.
    if (job.sentOutOfService && job.counted && this.routable !== this.inService) this.routedUnhealthy++;
    this.feedback?.selected(slot.index);
    if (job.counted) slot.requests++;
    if (slot.instance.blackholed) {
      // Nothing answers the connection attempt: it fails only when the connect timeout runs out.
      this.track(job, slot, +1);
      const attempt: ConnectAttempt = { job, slot, cause: slot.instance.oldestFault('blackhole') };
      this.scheduler.at(this.scheduler.nowMs() + this.config.connectTimeoutMs, Priority.traffic, this.onConnectTimeout, attempt);
      return;
    }
    const connections = slot.connections ?? (slot.connections = new ConnectionPool(slot.instance.config.keepAliveTimeoutMs, this.config.idleTimeoutMs, this.config.oneWayDelayMs));
    // On a connection the instance just closed (KeepAliveTimeout < idle timeout): RST in a round trip.
    if (connections.acquire(this.scheduler.nowMs()) === 'race') return this.attemptFailed(job, slot, 'KeepAliveRace', null, true, false);
    if (slot.instance.accept(job)) {
      job.slot = slot.index;
      job.deadlineMs = this.scheduler.nowMs() + (this.config.perTryTimeoutMs ?? this.config.idleTimeoutMs);
      this.track(job, slot, +1);
      this.watchdogs[slot.index]!.watch(job.deadlineMs);
      return;
    }
    // Connection refused: answered at once, so the retry happens in the same instant.
    if (slot.instance.crashed) connections.clear(); // The crash closed its idle connections too.
    this.attemptFailed(job, slot, 'ConnectRefused', undefined, false, false);
  }

  private readonly onConnectTimeout = ({ job, slot, cause }: ConnectAttempt): void => {
    this.track(job, slot, -1);
    this.attemptFailed(job, slot, 'ConnectTimeout', cause, false, false);
  };

  /**
   * An attempt failed; the profile decides (retry-policy.ts): another instance, the same one, any but
   * this one (HAProxy's redispatch), or the reason's status. `sent`: only idempotent methods may go
   * again; `held`: the instance may still answer, so the retry is a new job.
   */
  private attemptFailed(job: Job, failed: Slot, reason: Reason, cause: number | null | undefined, sent: boolean, held: boolean): void {
    this.feedback?.failed(failed.index, reason);
    const pool: RetryPool = { serversUp: this.inService.length, failedUp: this.inService.includes(failed), bound: boundToServer(this.config) };
    const kind = retryKind(this.config.behaviour, reason, job, sent, this.load, pool);
    if (kind === 'none' || !this.retry(job, failed, kind, held, retryPauseMs(this.config.behaviour, reason, kind, pool.serversUp))) this.giveUp(job, reason, failed, cause);
  }

  /** Sends the next attempt, at once or after `pauseMs` (HAProxy's turnaround); false when no instance is left to try. */
  private retry(job: Job, failed: Slot, kind: Exclude<RetryKind, 'none'>, held: boolean, pauseMs = 0): boolean {
    const tried = [...(job.tried ?? []), failed];
    // HAProxy's redispatch after a turnaround picks when the pause ends: `slot` is then the server to avoid.
    const later = choosesAfterPause(kind, pauseMs);
    const remaining = later ? [] : retryCandidates(kind, failed, tried, this.routable);
    if (!later && remaining.length === 0) return false;
    const next = held ? job.nextAttempt(this) : job;
    next.tried = tried;
    const slot = later || kind === 'same-instance' ? failed : remaining[this.algorithm.pick(remaining, this.rng, next)]!;
    if (pauseMs === 0) return this.send(next, slot), true;
    const pending: PendingRetry = { job: next, slot };
    if (next.counted) this.retriesWaiting++;
    this.scheduler.at(this.scheduler.nowMs() + pauseMs, Priority.traffic, later ? this.onRedispatchDue : this.onRetryDue, pending);
    return true;
  }

  /**
   * No attempt left. Refused by instances alive but at capacity, a CLB request waits in the surge
   * queue for a backend connection instead (a crash's refusals are not capacity: they fail).
   */
  private giveUp(job: Job, reason: Reason, failed: Slot, cause: number | null | undefined): void {
    if (reason !== 'ConnectRefused' || this.surge === null || failed.instance.crashed) return this.fail(job, reason, failed, cause);
    job.slot = failed.index; // blamed if it waits out its timeout
    this.surge.offer(job);
  }

  tryDispatch(job: Job): boolean {
    const candidates = this.routable;
    if (candidates.length === 0) return false;
    const slot = candidates[this.algorithm.pick(candidates, this.rng, job)]!;
    if (slot.instance.connectOutcome() !== 'open') return false;
    job.tried = null;
    this.send(job, slot);
    return true;
  }

  surgeFailed(job: Job, reason: 'ResponseTimeout' | 'SurgeQueueFull'): void {
    this.fail(job, reason, reason === 'SurgeQueueFull' ? null : this.slots[job.slot]!);
  }

  private readonly onRetryDue = ({ job, slot }: PendingRetry): void => {
    if (job.counted) this.retriesWaiting--;
    this.send(job, slot);
  };

  /** The turnaround before a redispatch ended: the algorithm picks now, avoiding `slot`; none UP is a 503 <NOSRV>. */
  private readonly onRedispatchDue = ({ job, slot: failed }: PendingRetry): void => {
    if (job.counted) this.retriesWaiting--;
    const remaining = retryCandidates('redispatch', failed, job.tried ?? [], this.routable);
    if (remaining.length === 0) return this.fail(job, this.registered === 0 ? 'NoRegisteredInstances' : 'NoHealthyInstances', null);
    this.send(job, remaining[this.algorithm.pick(remaining, this.rng, job)]!);
  };

  /** Requests the balancer is waiting on, per instance (for least-outstanding) and in total. */
  private track(job: Job, slot: Slot, delta: 1 | -1): void {
    slot.outstanding += delta;
    this.load.attempts += delta;
    if (job.attempts > 1) this.load.retries += delta;
    this.algorithm.outstandingChanged?.(slot);
    if (job.counted) this.outstandingCounted += delta;
  }

  onResponse(job: Job, status: number): void {
    if (job.done) return; // The client already got a timeout; the late answer goes nowhere.
    const slot = this.settle(job);
    slot.connections!.release(this.scheduler.nowMs()); // Idle from now; failed ones never come back.
    this.feedback?.answered(slot.index, status);
    // A 5xx the profile retries (Envoy retry_on 5xx) goes to another instance instead of the client.
    if (status >= 500 && this.config.behaviour.retry5xx && retryKind(this.config.behaviour, 'Backend5xx', job, true, this.load) !== 'none' && this.retry(job, slot, 'other-instance', true)) return;
    this.algorithm.answered?.(job, slot);
    if (job.counted) {
      slot.responses++;
      if (status >= 500) slot.backend5xx++;
    }
    this.observer.onResponse(job, status, slot);
    // A worker just freed up: a request waiting in the surge queue can have its connection.
    this.surge?.drain();
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
  onIdleTimeout(job: Job): void {
    this.attemptFailed(job, this.settle(job), 'ResponseTimeout', undefined, true, true);
  }

  /**
   * The answer was lost on the way back. The instance no longer holds the request, so the
   * watchdog cannot see it: it gets a timer of its own (rare: only while a path is blackholed).
   */
  onLost(job: Job): void {
    if (job.done) return;
    const lost: LostAnswer = { job, cause: this.slots[job.slot]!.instance.oldestFault('blackhole') };
    this.scheduler.at(Math.max(job.deadlineMs, this.scheduler.nowMs()), Priority.traffic, this.onLostDeadline, lost);
  }

  private readonly onLostDeadline = ({ job, cause }: LostAnswer): void => {
    if (job.done) return;
    this.attemptFailed(job, this.settle(job), 'ResponseTimeout', cause, true, true);
  };

  private settle(job: Job): Slot {
    job.done = true;
    const slot = this.slots[job.slot]!;
    this.track(job, slot, -1);
    return slot;
  }

  private fail(job: Job, reason: Reason, slot: Slot | null, cause?: number | null): void {
    job.done = true;
    if (slot && job.counted) slot.gatewayErrors++;
    // No status: the profile closes the client connection without one (HAProxy on a reused connection).
    const status = statusFor(reason, this.config.profile) ?? 0;
    const error: GatewayError = { node: this, job, reason, status, slot };
    if (cause !== undefined) error.cause = cause;
    this.observer.onGatewayError(error);
  }
}
