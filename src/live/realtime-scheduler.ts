// The model's Scheduler on real timers: scenario milliseconds run `speed` times faster than the wall
// clock. Lets live mode play the same model objects (the fault timeline) the simulator plays.

import { performance } from 'node:perf_hooks';
import type { EventHandler } from '../sim/event-queue.js';
import type { Scheduler, TimerId } from '../sim/scheduler.js';

export class RealTimeScheduler implements Scheduler {
  private originMs = performance.now();
  private readonly timers = new Map<TimerId, NodeJS.Timeout>();
  private nextId = 1;
  private closed = false;

  constructor(
    /** Scenario time runs this many times faster than real time. */
    private readonly speed = 1,
    /** Called after every event has run, so live objects can follow the model's state at once. */
    private readonly afterEvent: () => void = () => undefined,
  ) {}

  /** Scenario time 0 is now: call before scheduling anything, once the setup work is done. */
  restart(): void {
    this.originMs = performance.now();
  }

  nowMs(): number {
    return (performance.now() - this.originMs) * this.speed;
  }

  /** Real milliseconds from now until scenario time `atMs`. */
  realDelayMs(atMs: number): number {
    return Math.max(0, (atMs - this.nowMs()) / this.speed);
  }

  // Priorities are not honoured beyond timer order: events at one instant run in the order they were
  // scheduled, which for the timeline (the only user) is file order, as in the simulator.
  at<P>(atMs: number, _priority: number, handler: EventHandler<P>, payload: P): TimerId {
    const id = this.nextId++;
    if (this.closed) return id;
    const timer = setTimeout(() => {
      this.timers.delete(id);
      handler(payload);
      this.afterEvent();
    }, this.realDelayMs(atMs));
    this.timers.set(id, timer);
    return id;
  }

  cancel(id: TimerId): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  /** Cancels every pending event; later `at` calls schedule nothing. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
