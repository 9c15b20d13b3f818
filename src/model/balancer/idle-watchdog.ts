// The idle timeout for one instance, whichever balancer node sent its requests: the instance holds
// requests in accept order and every deadline is accept time + the same idle timeout, so deadlines
// are monotone along that order and one timer, re-armed at the oldest unanswered one, serves all.

import { Priority, type Scheduler } from '../../sim/scheduler.js';
import type { Instance } from '../instance/instance.js';
import type { Job, JobListener } from '../instance/job.js';

/** The node that sent a request settles it when its idle deadline passes. */
export interface IdleTimeoutListener extends JobListener {
  onIdleTimeout(job: Job): void;
}

export class IdleWatchdog {
  private armed = false;
  /** The last held request the previous walk passed (settled, or a probe): the next walk resumes after it. */
  private passed: Job | null = null;

  constructor(
    private readonly instance: Instance,
    private readonly scheduler: Scheduler,
  ) {}

  /** A request was accepted with this deadline. */
  watch(deadlineMs: number): void {
    if (!this.armed) this.arm(deadlineMs);
  }

  private arm(atMs: number): void {
    this.armed = true;
    this.scheduler.at(atMs, Priority.traffic, this.onDeadline, null);
  }

  /** Times out every held request whose idle deadline has passed, then re-arms. */
  private readonly onDeadline = (): void => {
    this.armed = false;
    const nowMs = this.scheduler.nowMs();
    const instance = this.instance;
    const passed = this.passed;
    // Once the instance no longer holds it, every request up to it has left: start from the oldest.
    let job = passed !== null && instance.holds(passed) ? passed.nextHeld : instance.firstHeld;
    let last = passed;
    // Requests accepted during this walk (a retry sent back to the same instance) are new: their own watch() arms for them.
    const endSeq = instance.heldEndSeq;
    for (; job !== null && job.heldSeq < endSeq; last = job, job = job.nextHeld) {
      if (job.done || job.isProbe) continue;
      if (job.deadlineMs > nowMs) {
        this.arm(job.deadlineMs);
        break;
      }
      (job.listener as IdleTimeoutListener).onIdleTimeout(job);
    }
    this.passed = last;
  };
}
