// The simulated wire between a balancer node and the model's instances: keep-alive connections
// (and their race), connections refused by a crashed or full instance, blackholed connects that
// wait out the connect timeout, and the idle-timeout watchdog. One of the core's two transports.

import { Priority, type Scheduler } from '../../sim/scheduler.js';
import type { BalancerConfig } from '../config.js';
import type { Instance } from '../instance/instance.js';
import type { Job } from '../instance/job.js';
import { ConnectionPool } from './connection-pool.js';
import type { IdleWatchdog } from './idle-watchdog.js';
import type { AttemptListener, NodeTransport, Opened } from './node-transport.js';
import { clientDeadlineMs } from './retry-policy.js';
import type { Slot } from './slot.js';

/** A connection attempt to a silent instance, waiting for the connect timeout. */
interface ConnectAttempt {
  job: Job;
  slot: Slot;
  node: AttemptListener<Slot>;
  /** The blackhole that silenced it: it may be over by the time the attempt gives up. */
  cause: number | null;
}

/** An answer lost in a blackhole, or an attempt the client stops waiting for, at its idle deadline. */
interface LostAnswer {
  job: Job;
  node: AttemptListener<Slot>;
  cause: number | null | undefined;
}

export class SimTransport implements NodeTransport<Slot> {
  constructor(
    private readonly config: BalancerConfig,
    private readonly instances: readonly Instance[],
    private readonly watchdogs: readonly IdleWatchdog[],
    private readonly scheduler: Scheduler,
  ) {}

  open(job: Job, slot: Slot, node: AttemptListener<Slot>): Opened {
    const instance = slot.instance;
    const nowMs = this.scheduler.nowMs();
    const clientGoneMs = clientDeadlineMs(this.config, job);
    if (instance.blackholed) {
      // Nothing answers the connection attempt: it fails only when the connect timeout runs out,
      // unless the client's idle timeout (CLB) runs out first: then it is the client's 504.
      const cause = instance.oldestFault('blackhole');
      if (clientGoneMs <= nowMs + this.config.connectTimeoutMs) return this.endAtClientDeadline(job, slot, node, clientGoneMs, cause), 'sent';
      const attempt: ConnectAttempt = { job, slot, node, cause };
      this.scheduler.at(nowMs + this.config.connectTimeoutMs, Priority.traffic, this.onConnectTimeout, attempt);
      return 'sent';
    }
    const connections = (slot.connections ??= new ConnectionPool(instance.config.keepAliveTimeoutMs, this.config.idleTimeoutMs, this.config.oneWayDelayMs));
    // On a connection the instance just closed (KeepAliveTimeout < idle timeout): RST in a round trip.
    if (connections.acquire(nowMs) === 'race') return 'race';
    if (instance.accept(job)) {
      job.slot = slot.index;
      job.deadlineMs = nowMs + (this.config.perTryTimeoutMs ?? this.config.idleTimeoutMs);
      this.watchdogs[slot.index]!.watch(job.deadlineMs);
      // A retry after connect timeouts (CLB) has less left of the client's wait than an idle timeout;
      // its earlier deadline is out of the watchdog's accept order, so it gets a timer of its own.
      if (clientGoneMs < job.deadlineMs) this.endAtClientDeadline(job, slot, node, clientGoneMs, undefined);
      return 'sent';
    }
    // Connection refused: answered at once, so the retry happens in the same instant.
    if (instance.crashed) connections.clear(); // The crash closed its idle connections too.
    return 'refused';
  }

  private readonly onConnectTimeout = ({ job, slot, node, cause }: ConnectAttempt): void => node.onConnectFailed(job, slot, 'ConnectTimeout', cause);

  /** The attempt ends as a response timeout when the client stops waiting (the node settles it on `slot`). */
  private endAtClientDeadline(job: Job, slot: Slot, node: AttemptListener<Slot>, deadlineMs: number, cause: number | null | undefined): void {
    job.slot = slot.index;
    job.deadlineMs = deadlineMs;
    const ending: LostAnswer = { job, node, cause };
    this.scheduler.at(Math.max(deadlineMs, this.scheduler.nowMs()), Priority.traffic, this.onLostDeadline, ending);
  }

  released(slot: Slot): void {
    slot.connections!.release(this.scheduler.nowMs()); // Idle from now; failed ones never come back.
  }

  /** The model knows why an instance refused: a crash's refusals are not capacity. */
  refusalIsCapacity(slot: Slot): boolean {
    return !slot.instance.crashed;
  }

  accepting(slot: Slot): boolean {
    return slot.instance.connectOutcome() === 'open';
  }

  cutInFlight(slot: Slot, node: AttemptListener<Slot>, cut: (job: Job) => void): void {
    for (let job = slot.instance.heldHead; job !== null; job = job.nextHeld) {
      if (!job.done && !job.isProbe && (job.listener as object) === node) cut(job);
    }
  }

  /** The instance no longer holds the request, so the watchdog cannot see it: it gets a timer of its own (rare). */
  lost(job: Job, node: AttemptListener<Slot>): void {
    const lost: LostAnswer = { job, node, cause: this.instances[job.slot]!.oldestFault('blackhole') };
    this.scheduler.at(Math.max(job.deadlineMs, this.scheduler.nowMs()), Priority.traffic, this.onLostDeadline, lost);
  }

  private readonly onLostDeadline = ({ job, node, cause }: LostAnswer): void => {
    if (!job.done) node.onIdleTimeout(job, cause);
  };
}
