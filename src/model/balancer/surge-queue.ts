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
  /** Waiting requests in arrival order; their deadlines are monotone, so one timer serves all. */
  private readonly waiting = new Ring<Job>();
  private timerArmed = false;
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
    return this.waiting.length;
  }

  /** Queues the request, or spills it over when the queue is full. */
  offer(job: Job): void {
    if (this.waiting.length >= this.capacity) return this.owner.surgeFailed(job, 'SurgeQueueFull');
    job.deadlineMs = job.arrivalMs + this.timeoutMs;
    this.waiting.push(job);
    if (job.counted) this.countedWaiting++;
    if (this.waiting.length > this.peakLength) this.peakLength = this.waiting.length;
    if (!this.timerArmed) this.arm(job.deadlineMs);
  }

  /** A backend connection may have freed up: send waiting requests while instances take them. */
  drain(): void {
    while (this.waiting.length > 0) {
      const job = this.waiting.peek()!;
      if (job.done) {
        this.leave();
        continue;
      }
      if (!this.owner.tryDispatch(job)) return;
      this.leave();
    }
  }

  private leave(): void {
    if (this.waiting.shift()!.counted) this.countedWaiting--;
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
      if (!job.done && job.deadlineMs > nowMs) return this.arm(job.deadlineMs);
      this.leave();
      if (!job.done) this.owner.surgeFailed(job, 'ResponseTimeout');
    }
  };
}
