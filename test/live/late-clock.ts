// A scheduler for the live prober tests that runs every event 7 ms late, as a busy event loop does,
// and keeps every due time it was asked for.

import type { EventHandler } from '../../src/sim/event-queue.js';
import type { Scheduler } from '../../src/sim/scheduler.js';

export class LateClock implements Scheduler {
  readonly due: number[] = [];
  private queue: Array<{ atMs: number; run: () => void }> = [];
  private now = 0;
  nowMs(): number {
    return this.now;
  }
  at<P>(atMs: number, _priority: number, handler: EventHandler<P>, payload: P): number {
    this.due.push(atMs);
    this.queue.push({ atMs, run: () => handler(payload) });
    return this.due.length;
  }
  cancel(): void {}
  runNext(): void {
    this.queue.sort((a, b) => a.atMs - b.atMs);
    const next = this.queue.shift()!;
    this.now = next.atMs + 7;
    next.run();
  }
}
