// A Classic ELB node: picks an InService instance, connects, waits up to the idle timeout,
// and classifies every outcome into a reason from the taxonomy.
//
//   client ─► no instance registered? ─► 503 NoRegisteredInstances
//          ─► none InService?          ─► 503 NoHealthyInstances
//          ─► algorithm picks ─► instance.accept ─► refused (or no answer within the connect
//                                    │               timeout)? retry another InService one;
//                                    │               none left ─► ConnectRefused (ConnectTimeout)
//                                    ├─► response ─► passed through (5xx counted as backend)
//                                    ├─► idle timeout ─► 504 ResponseTimeout
//                                    ├─► unparsable response ─► 502 MalformedResponse
//                                    └─► connection closed (crash, reset) ─► UpstreamReset

import type { Rng } from '../sim/rng.js';
import { Priority, type Scheduler } from '../sim/scheduler.js';
import type { Algorithm, Candidate } from './algorithms/algorithm.js';
import type { BalancerConfig, HealthState } from './config.js';
import type { Instance } from './instance.js';
import type { Job, JobListener } from './job.js';
import { statusFor, type Reason } from './outcome.js';

/** The balancer's view of one registered instance. */
export class Slot implements Candidate {
  outstanding = 0;
  belief: HealthState;
  /**
   * Idle-timeout watchdog: the instance holds requests in accept order, and every request's
   * deadline is accept time + idle timeout, so deadlines are monotone along that order. One
   * timer per instance, re-armed at the oldest unanswered request's deadline, serves them all.
   */
  timerArmed = false;
  /** The instance's held-job sequence number up to which every request has been settled. */
  cursorSeq = 0;
  requests = 0;
  responses = 0;
  backend5xx = 0;
  gatewayErrors = 0;
  readonly id: string;
  readonly weight: number;

  /** In the pool: only registered instances are checked and routed to. */
  registered: boolean;
  /** Bumped on every (de)registration, so a draining cut-off planned earlier is void. */
  membershipGeneration = 0;
  /** The register/deregister event that last changed its membership. */
  membershipEvent: number | null = null;

  constructor(readonly index: number, readonly instance: Instance) {
    this.id = instance.id;
    this.weight = instance.config.weight;
    this.registered = instance.config.registered;
    this.belief = instance.config.registered ? instance.config.initialState : 'OutOfService';
  }
}

/** An answer lost in a blackhole, waiting for its idle deadline. */
interface LostAnswer {
  job: Job;
  cause: number | null;
}

/** A planned end of draining for one deregistration. */
interface DrainCut {
  slot: Slot;
  generation: number;
}

/** A connection attempt to a silent instance, waiting for the connect timeout. */
interface ConnectAttempt {
  job: Job;
  slot: Slot;
  tried: Slot[] | null;
  /** The blackhole that silenced it: it may be over by the time the attempt gives up. */
  cause: number | null;
}

export interface GatewayError {
  job: Job;
  reason: Reason;
  status: number;
  /** The instance tried last, if any. */
  slot: Slot | null;
  /** The `Events` index behind it when the balancer knows it (undefined: work it out from the faults in force). */
  cause?: number | null;
}

export interface BalancerObserver {
  onResponse(job: Job, status: number, slot: Slot): void;
  onGatewayError(error: GatewayError): void;
}

export class Balancer implements JobListener {
  readonly slots: Slot[];
  private inService: Slot[] = [];
  /** Requests that arrived after Warmup. */
  arrivalsCounted = 0;
  /** Of those, the ones sent to an instance and not answered yet. */
  outstandingCounted = 0;

  constructor(
    private readonly config: BalancerConfig,
    instances: readonly Instance[],
    private readonly algorithm: Algorithm,
    private readonly rng: Rng,
    private readonly scheduler: Scheduler,
    private readonly observer: BalancerObserver,
  ) {
    this.slots = instances.map((instance, i) => new Slot(i, instance));
    this.refreshCandidates();
  }

  /** The health checker changed its mind about an instance. */
  setBelief(slotIndex: number, state: HealthState): void {
    this.slots[slotIndex]!.belief = state;
    this.refreshCandidates();
  }

  /**
   * `deregister`: no new requests. With ConnectionDraining, requests in flight may finish until
   * the draining timeout; without it (or when it runs out) they are cut, as CLB documents ("not
   * completed"): the client sees the connection closed, UpstreamReset.
   */
  setRegistered(slotIndex: number, registered: boolean, eventIndex: number): void {
    const slot = this.slots[slotIndex]!;
    if (slot.registered === registered) return;
    slot.registered = registered;
    slot.membershipEvent = eventIndex;
    slot.belief = 'OutOfService';
    slot.membershipGeneration++;
    this.refreshCandidates();
    if (registered) return;
    if (!this.config.drainingEnabled) return this.cutInFlight(slot);
    const cut: DrainCut = { slot, generation: slot.membershipGeneration };
    this.scheduler.at(this.scheduler.nowMs() + this.config.drainingTimeoutMs, Priority.traffic, this.onDrainTimeout, cut);
  }

  private readonly onDrainTimeout = ({ slot, generation }: DrainCut): void => {
    if (slot.membershipGeneration === generation) this.cutInFlight(slot);
  };

  private cutInFlight(slot: Slot): void {
    const instance = slot.instance;
    for (let seq = instance.heldHeadSeq; seq < instance.heldEndSeq; seq++) {
      const job = instance.heldAt(seq)!;
      if (!job.done && !job.isProbe) this.fail(job, 'UpstreamReset', this.settle(job), slot.membershipEvent);
    }
  }

  get registeredCount(): number {
    let count = 0;
    for (const slot of this.slots) if (slot.registered) count++;
    return count;
  }

  private refreshCandidates(): void {
    this.inService = this.slots.filter((slot) => slot.registered && slot.belief === 'InService');
  }

  /** A client request arrives. */
  arrive(job: Job): void {
    if (job.counted) this.arrivalsCounted++;
    if (this.inService.length === 0 && this.registeredCount === 0) return this.fail(job, 'NoRegisteredInstances', null);
    const candidates = this.inService;
    if (candidates.length === 0) return this.fail(job, 'NoHealthyInstances', null);
    this.send(job, candidates[this.algorithm.pick(candidates, this.rng)]!);
  }

  private send(job: Job, slot: Slot, tried: Slot[] | null = null): void {
    job.attempts++;
    if (job.counted) slot.requests++;
    if (slot.instance.blackholed) {
      // Nothing answers the connection attempt: it fails only when the connect timeout runs out.
      this.track(job, slot, +1);
      const attempt: ConnectAttempt = { job, slot, tried, cause: slot.instance.oldestFault('blackhole') };
      this.scheduler.at(this.scheduler.nowMs() + this.config.connectTimeoutMs, Priority.traffic, this.onConnectTimeout, attempt);
      return;
    }
    if (slot.instance.accept(job)) {
      job.slot = slot.index;
      job.deadlineMs = this.scheduler.nowMs() + this.config.idleTimeoutMs;
      this.track(job, slot, +1);
      if (!slot.timerArmed) this.armTimer(slot, job.deadlineMs);
      return;
    }
    // Connection refused: answered at once, so the retry happens in the same instant.
    this.retryElsewhere(job, slot, tried, 'ConnectRefused');
  }

  private readonly onConnectTimeout = ({ job, slot, tried, cause }: ConnectAttempt): void => {
    this.track(job, slot, -1);
    this.retryElsewhere(job, slot, tried, 'ConnectTimeout', cause);
  };

  /** CLB retries failed backend connections on another InService instance it has not tried. */
  private retryElsewhere(job: Job, failed: Slot, tried: Slot[] | null, reason: Reason, cause?: number | null): void {
    const triedNow = tried ?? [];
    triedNow.push(failed);
    const remaining = this.inService.filter((candidate) => !triedNow.includes(candidate));
    if (remaining.length === 0) return this.fail(job, reason, failed, cause);
    this.send(job, remaining[this.algorithm.pick(remaining, this.rng)]!, triedNow);
  }

  /** Requests the balancer is waiting on, per instance (for least-outstanding) and in total. */
  private track(job: Job, slot: Slot, delta: 1 | -1): void {
    slot.outstanding += delta;
    if (job.counted) this.outstandingCounted += delta;
  }

  onResponse(job: Job, status: number): void {
    if (job.done) return; // The client already got a timeout; the late answer goes nowhere.
    const slot = this.settle(job);
    if (job.counted) {
      slot.responses++;
      if (status >= 500) slot.backend5xx++;
    }
    this.observer.onResponse(job, status, slot);
  }

  onReset(job: Job): void {
    if (job.done) return;
    this.fail(job, 'UpstreamReset', this.settle(job));
  }

  onMalformed(job: Job): void {
    if (job.done) return;
    this.fail(job, 'MalformedResponse', this.settle(job));
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
    this.fail(job, 'ResponseTimeout', this.settle(job), cause);
  };

  private settle(job: Job): Slot {
    job.done = true;
    const slot = this.slots[job.slot]!;
    this.track(job, slot, -1);
    return slot;
  }

  private armTimer(slot: Slot, atMs: number): void {
    slot.timerArmed = true;
    this.scheduler.at(atMs, Priority.traffic, this.onDeadline, slot);
  }

  /** Times out every held request whose idle deadline has passed, then re-arms. */
  private readonly onDeadline = (slot: Slot): void => {
    slot.timerArmed = false;
    const nowMs = this.scheduler.nowMs();
    const instance = slot.instance;
    const endSeq = instance.heldEndSeq;
    let seq = Math.max(slot.cursorSeq, instance.heldHeadSeq);
    for (; seq < endSeq; seq++) {
      const job = instance.heldAt(seq)!;
      if (job.done || job.isProbe) continue;
      if (job.deadlineMs > nowMs) {
        this.armTimer(slot, job.deadlineMs);
        break;
      }
      this.fail(job, 'ResponseTimeout', this.settle(job));
    }
    slot.cursorSeq = seq;
  };

  private fail(job: Job, reason: Reason, slot: Slot | null, cause?: number | null): void {
    job.done = true;
    if (slot && job.counted) slot.gatewayErrors++;
    const status = statusFor(reason, this.config.profile)!;
    this.observer.onGatewayError(cause === undefined ? { job, reason, status, slot } : { job, reason, status, slot, cause });
  }
}
