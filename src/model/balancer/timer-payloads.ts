// What a balancer node's timers carry: the scheduler hands each handler one payload, so a pending
// draining cut-off or retry keeps what it needs here (the transports keep their own).

import type { Job } from '../instance/job.js';

/** A planned end of draining for one deregistration. */
export interface DrainCut<S> {
  slot: S;
  generation: number;
}

/** A retry after the profile's turnaround pause: to `slot`, or (redispatch) avoiding it. */
export interface PendingRetry<S> {
  job: Job;
  slot: S;
}
