// What a balancer node's timers carry: the scheduler hands each handler one payload, so a pending
// connect, lost answer, draining cut-off or retry keeps what it needs here.

import type { Job } from '../instance/job.js';
import type { Slot } from './slot.js';

/** An answer lost in a blackhole, waiting for its idle deadline. */
export interface LostAnswer {
  job: Job;
  cause: number | null;
}

/** A planned end of draining for one deregistration. */
export interface DrainCut {
  slot: Slot;
  generation: number;
}

/** A connection attempt to a silent instance, waiting for the connect timeout. */
export interface ConnectAttempt {
  job: Job;
  slot: Slot;
  /** The blackhole that silenced it: it may be over by the time the attempt gives up. */
  cause: number | null;
}

/** A retry to the same instance, after the profile's turnaround pause. */
export interface PendingRetry {
  job: Job;
  slot: Slot;
}
