// The model's Scheduler on the wall clock, `speed` times faster. Events wait in the simulator's own heap
// under one Node timer; when it fires, every event already due runs in order, so a busy event loop
// delays events without the lateness piling up (one timer per event, as a chain of arrivals, drifts).

import { performance } from 'node:perf_hooks';
import { EventQueue, type EventHandler } from '../sim/event-queue.js';
import type { Scheduler, TimerId } from '../sim/scheduler.js';

/** Due events run per turn of the event loop at most, so sockets still get served while catching up. */
const EVENTS_PER_TURN = 2000;

export class RealTimeScheduler implements Scheduler {
  private originMs = performance.now();
  private readonly queue = new EventQueue();
  private readonly cancelled = new Set<number>();
  /** Ids not run yet: cancelling one that has run must not leave its id behind forever. */
  private readonly pending = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  /** The scenario time the armed timer is for; Infinity when none is armed. */
  private armedForMs = Infinity;
  private closed = false;
  /** While due events run, new ones wait for the single re-arm at the end. */
  private running = false;

  constructor(
    /** Scenario time runs this many times faster than real time. */
    private readonly speed = 1,
    /** Called after every event has run, so live objects can follow the model's state at once. */
    private readonly afterEvent: () => void = () => undefined,
  ) {}

  /** Scenario time 0 is now: call before scheduling anything, once the setup work is done. */
  restart(): void {
    this.originMs = performance.now();
    this.arm();
  }

  nowMs(): number {
    return (performance.now() - this.originMs) * this.speed;
  }

  /** Real milliseconds from now until scenario time `atMs`. */
  realDelayMs(atMs: number): number {
    return Math.max(0, (atMs - this.nowMs()) / this.speed);
  }

  at<P>(atMs: number, priority: number, handler: EventHandler<P>, payload: P): TimerId {
    const id = this.queue.push(atMs, priority, handler, payload);
    this.pending.add(id);
    if (atMs < this.armedForMs && !this.running) this.arm();
    return id;
  }

  cancel(id: TimerId): void {
    if (this.pending.has(id)) this.cancelled.add(id);
  }

  /** Cancels every pending event; later `at` calls schedule nothing. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.queue.size > 0) this.queue.pop();
    this.cancelled.clear();
    this.pending.clear();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.armedForMs = Infinity;
    if (this.closed || this.queue.size === 0) return;
    this.armedForMs = this.queue.peekTimeMs();
    this.timer = setTimeout(this.runDue, this.realDelayMs(this.armedForMs));
  }

  private readonly runDue = (): void => {
    this.timer = null;
    this.armedForMs = Infinity;
    const queue = this.queue;
    this.running = true;
    try {
      for (let ran = 0; ran < EVENTS_PER_TURN && !this.closed && queue.size > 0 && queue.peekTimeMs() <= this.nowMs(); ran++) {
        const handler = queue.pop();
        const id = queue.poppedId;
        this.pending.delete(id);
        if (this.cancelled.size > 0 && this.cancelled.delete(id)) continue;
        handler(queue.poppedPayload);
        this.afterEvent();
      }
    } finally {
      // A handler that throws still leaves the clock running for the others.
      this.running = false;
      this.arm();
    }
  };
}
