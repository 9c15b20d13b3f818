// The idle timeout for one instance, whichever balancer node sent its requests: the instance holds
// requests in accept order and every deadline is accept time + the same idle timeout, so deadlines
// are monotone along that order and one timer, re-armed at the oldest unanswered one, serves all.
// Every instance's timer sits in one timer set: one heap entry for the whole pool.

import { Priority, type ReservingScheduler } from '../../sim/scheduler.js';
import { TimerSet } from '../../sim/timer-set.js';
import type { Instance } from '../instance/instance.js';
import type { Job, JobListener } from '../instance/job.js';

/** The node that sent a request settles it when its idle deadline passes. */
export interface IdleTimeoutListener extends JobListener {
  onIdleTimeout(job: Job): void;
}

export class IdleWatchdog {
  private armed = false;

  constructor(
    private readonly instance: Instance,
    private readonly scheduler: ReservingScheduler,
    private readonly deadlines: TimerSet<IdleWatchdog>,
  ) {}

  /** A request was accepted with this deadline. */
  watch(deadlineMs: number): void {
    if (!this.armed) this.arm(deadlineMs);
  }

  private arm(atMs: number): void {
    this.armed = true;
    this.deadlines.at(atMs, this);
  }

  /**
   * Times out every held request whose idle deadline has passed, then re-arms. The walk resumes after
   * the instance's bookmark (the last request an earlier walk passed; the instance moves it back when
   * that request leaves), so settled requests that the instance still holds are not walked again.
   */
  onDeadline(): void {
    this.armed = false;
    const nowMs = this.scheduler.nowMs();
    const instance = this.instance;
    let last = instance.bookmark;
    let job = last === null ? instance.heldHead : last.nextHeld;
    // Requests accepted during this walk (a retry sent back to the same instance) are new: their own
    // watch() arms for them, so the walk ends at the newest request held when it began.
    const newest = instance.heldTail;
    for (; job !== null; last = job, job = job === newest ? null : job.nextHeld) {
      if (job.done || job.isProbe) continue;
      if (job.deadlineMs > nowMs) {
        this.arm(job.deadlineMs);
        break;
      }
      (job.listener as IdleTimeoutListener).onIdleTimeout(job);
    }
    instance.bookmark = last;
  }
}

/** A watchdog per instance, all timed by one set of deadlines. */
export function createIdleWatchdogs(instances: readonly Instance[], scheduler: ReservingScheduler): IdleWatchdog[] {
  const deadlines = new TimerSet<IdleWatchdog>(scheduler, Priority.traffic, (watchdog) => watchdog.onDeadline());
  return instances.map((instance) => new IdleWatchdog(instance, scheduler, deadlines));
}
