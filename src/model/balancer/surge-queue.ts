// CLB's surge queue for one node: requests no instance could take (every one it tried refused
// the connection with its backlog full) wait here, up to 1,024, for a backend connection. When it
// is full the request spills over: 503 SurgeQueueFull (SpilloverCount); a waiting request whose
// idle timeout passes gets a 504 (lb-semantics.md §1.2–1.3).

import { Priority, type Scheduler } from '../../sim/scheduler.js';
import { Ring } from '../instance/ring.js';
import type { Job } from '../instance/job.js';

export interface SurgeQueueOwner {
  /** Sends a waiting request if some instance accepts connections now; false leaves it waiting. */
  tryDispatch(job: Job): boolean;
  /** The request waited out the idle timeout, or spilled over. */
  surgeFailed(job: Job, reason: 'ResponseTimeout' | 'SurgeQueueFull'): void;
}

export class SurgeQueue {
  /**
   * Waiting requests in the order they came; a deadline in order is never earlier than the ones
   * ahead of it, so one timer at the head serves them. The ring also keeps requests that timed out
   * on timers of their own (done) until they reach its head.
   */
  private readonly waiting = new Ring<Job>();
  /** Requests whose deadline is earlier than those queued ahead of them, each on a timer of its own. */
  private readonly early = new Set<Job>();
  /** Requests still waiting. */
  private live = 0;
  private timerArmed = false;
  /** The latest deadline queued in order. */
  private lastDeadlineMs = -Infinity;
  /** Longest queue seen (the SurgeQueueLength metric's maximum). */
  peakLength = 0;
  /** Waiting requests that count in totals: still in flight from the client's side. */
  countedWaiting = 0;

  constructor(
    private readonly capacity: number,
    private readonly timeoutMs: number,
    private readonly scheduler: Scheduler,
    private readonly owner: SurgeQueueOwner,
  ) {}

  get length(): number {
    return this.live;
  }

  /** Queues the request, or spills it over when the queue is full. */
  offer(job: Job): void {
    if (this.live >= this.capacity) return this.owner.surgeFailed(job, 'SurgeQueueFull');
    // The client's idle timeout runs from its arrival (§1.3), not from its place in the queue.
    job.deadlineMs = job.arrivalMs + this.timeoutMs;
    this.waiting.push(job);
    this.live++;
    if (job.counted) this.countedWaiting++;
    if (this.live > this.peakLength) this.peakLength = this.live;
    if (job.deadlineMs < this.lastDeadlineMs) {
      // It arrived before requests queued ahead of it (its connect attempts timed out first): the
      // head's timer would reach it late, after its client has gone.
      this.early.add(job);
      this.scheduler.at(Math.max(job.deadlineMs, this.scheduler.nowMs()), Priority.traffic, this.onEarlyDeadline, job);
      return;
    }
    this.lastDeadlineMs = job.deadlineMs;
    if (!this.timerArmed) this.arm(job.deadlineMs);
  }

  /** A backend connection may have freed up: send waiting requests while instances take them. */
  drain(): void {
    while (this.waiting.length > 0) {
      const job = this.waiting.peek()!;
      if (job.done) {
        this.waiting.shift();
        continue;
      }
      if (!this.owner.tryDispatch(job)) return;
      this.leave();
    }
  }

  /** The head leaves the queue still waiting: sent, or about to fail. */
  private leave(): void {
    const job = this.waiting.shift()!;
    this.live--;
    if (job.counted) this.countedWaiting--;
    this.early.delete(job);
  }

  private arm(atMs: number): void {
    this.timerArmed = true;
    this.scheduler.at(Math.max(atMs, this.scheduler.nowMs()), Priority.traffic, this.onDeadline, null);
  }

  private readonly onDeadline = (): void => {
    this.timerArmed = false;
    const nowMs = this.scheduler.nowMs();
    while (this.waiting.length > 0) {
      const job = this.waiting.peek()!;
      if (job.done) {
        this.waiting.shift();
        continue;
      }
      if (job.deadlineMs > nowMs) return this.arm(job.deadlineMs);
      this.leave();
      this.owner.surgeFailed(job, 'ResponseTimeout');
    }
  };

  /** An early deadline passed: the request fails where it stands and stays in the ring, done, until it reaches the head. */
  private readonly onEarlyDeadline = (job: Job): void => {
    if (!this.early.delete(job)) return; // Sent already, or failed at the head.
    this.live--;
    if (job.counted) this.countedWaiting--;
    this.owner.surgeFailed(job, 'ResponseTimeout');
  };
}
