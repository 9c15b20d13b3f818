// The proxy's timers on the real-time scheduler (checks, nginx's fail_timeout, Envoy's sweeps,
// draining cut-offs, retry pauses). The scheduler may be shared with the instance pool and outlive
// the proxy, so the proxy keeps its own timer ids and cancels just those when it closes.

import type { EventHandler } from '../../sim/event-queue.js';
import type { Scheduler, TimerId } from '../../sim/scheduler.js';
import type { RealTimeScheduler } from '../realtime-scheduler.js';

export class ProxyClock implements Scheduler {
  private readonly timers = new Set<TimerId>();
  private closed = false;

  constructor(private readonly scheduler: RealTimeScheduler) {}

  nowMs(): number {
    return this.scheduler.nowMs();
  }

  at<P>(atMs: number, priority: number, handler: EventHandler<P>, payload: P): TimerId {
    if (this.closed) return -1;
    const id: TimerId = this.scheduler.at(
      atMs,
      priority,
      (value: P) => {
        this.timers.delete(id);
        handler(value);
      },
      payload,
    );
    this.timers.add(id);
    return id;
  }

  cancel(id: TimerId): void {
    if (this.timers.delete(id)) this.scheduler.cancel(id);
  }

  /** Cancels the proxy's pending timers, no one else's; later `at` calls schedule nothing. */
  close(): void {
    this.closed = true;
    for (const id of this.timers) this.scheduler.cancel(id);
    this.timers.clear();
  }
}
