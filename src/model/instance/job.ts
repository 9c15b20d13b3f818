// A unit of work an instance serves: a client request or an HTTP health probe. One class for
// both keeps the instance's hot path monomorphic; `listener` is told how the job ended.

import type { RequestKind } from '../config.js';

export interface JobListener {
  /** The instance produced a response with this status. */
  onResponse(job: Job, status: number): void;
  /** The instance closed the connection before answering (it crashed, or a reset fault). */
  onReset(job: Job): void;
  /** The instance answered something that is not valid HTTP. */
  onMalformed(job: Job): void;
  /** The instance answered, but the answer never arrived (the path is blackholed). */
  onLost(job: Job): void;
}

/** For jobs no model instance serves (live mode's requests): nothing ever calls it. */
export const NO_LISTENER: JobListener = { onResponse() {}, onReset() {}, onMalformed() {}, onLost() {} };

export class Job {
  /** Set when the job's fate is decided from the client's side (answered, timed out, reset). */
  done = false;
  /** Set by the instance when it is done with the job (served, or cut by a crash). */
  served = false;
  /** The instance's epoch when the job started service; a stale epoch voids its completion. */
  epoch = -1;
  /** The pending completion event, so a hang can cancel it; -1 when none. */
  completionTimer = -1;
  /** Balancer bookkeeping for requests. */
  attempts = 0;
  deadlineMs = 0;
  /** Index of the instance slot currently serving it (balancer side), -1 when none. */
  slot = -1;
  /** Sent to an instance its node believed OutOfService (fail-open, panic routing). */
  sentOutOfService = false;
  /** Instances (the node's slots) this request has already been tried on, once a retry needs to know. */
  tried: readonly object[] | null = null;
  /** Who sent it (`Traffic.Clients`), -1 without a client population or for a probe. */
  client = -1;
  /** A replayed request's service time from its log line (`ServiceTime: "FromLog"`); -1 when the log has none. */
  logServiceMs = -1;
  /** The jobs its instance accepted before and after it, while it holds this one: the held jobs are a list through the jobs, with no array to touch. */
  prevHeld: Job | null = null;
  nextHeld: Job | null = null;

  constructor(
    readonly id: number,
    readonly arrivalMs: number,
    readonly kind: RequestKind,
    /** Arrived after Warmup: counted in totals and latency. */
    readonly counted: boolean,
    readonly isProbe: boolean,
    /** Told how the job ended: the balancer node that took the request, or the health checker. */
    public listener: JobListener,
  ) {}

  /** The same client request as a new attempt: the old job stays with the instance that holds it. */
  nextAttempt(listener: JobListener): Job {
    const next = new Job(this.id, this.arrivalMs, this.kind, this.counted, false, listener);
    next.attempts = this.attempts;
    next.tried = this.tried;
    next.client = this.client;
    next.logServiceMs = this.logServiceMs;
    return next;
  }
}
