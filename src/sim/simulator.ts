// The discrete-event loop: pops events in (time, priority, seq) order and runs them.
// Knows nothing of HTTP or balancers; `run(untilMs)` may be called repeatedly to advance.

import { EventQueue, type EventHandler } from './event-queue.js';
import type { ReservingScheduler, TimerId } from './scheduler.js';

export class Simulator implements ReservingScheduler {
  private readonly queue = new EventQueue();
  private readonly cancelled = new Set<number>();
  private currentMs = 0;
  private executed = 0;

  nowMs(): number {
    return this.currentMs;
  }

  /** Events run so far: a cost figure for benchmarks, not a model quantity. */
  get eventsExecuted(): number {
    return this.executed;
  }

  at<P>(atMs: number, priority: number, handler: EventHandler<P>, payload: P): TimerId {
    this.checkNotPast(atMs);
    return this.queue.push(atMs, priority, handler, payload);
  }

  reserveId(): TimerId {
    return this.queue.reserveSeq();
  }

  atReserved<P>(atMs: number, priority: number, id: TimerId, handler: EventHandler<P>, payload: P): void {
    this.checkNotPast(atMs);
    this.queue.pushReserved(atMs, priority, id, handler, payload);
  }

  private checkNotPast(atMs: number): void {
    if (!(atMs >= this.currentMs)) {
      throw new Error(`cannot schedule in the past: ${atMs}ms < now ${this.currentMs}ms`);
    }
  }

  after<P>(delayMs: number, priority: number, handler: EventHandler<P>, payload: P): TimerId {
    return this.at(this.currentMs + delayMs, priority, handler, payload);
  }

  /** Lazy deletion: the event stays in the heap and is skipped when it comes up. */
  cancel(id: TimerId): void {
    this.cancelled.add(id);
  }

  /**
   * Runs every event with time <= untilMs, then leaves the clock at untilMs.
   * Returns the number of events executed by this call.
   */
  run(untilMs: number): number {
    const executed = this.runThrough(untilMs);
    if (untilMs > this.currentMs && untilMs !== Infinity) this.currentMs = untilMs;
    return executed;
  }

  /**
   * Runs every event with time < beforeMs and leaves the clock at the last one run. A replay feeds
   * arrivals in batches and stops short of its last buffered arrival, so the batch size never
   * changes the order of events at one instant.
   */
  runBefore(beforeMs: number): number {
    return this.runThrough(doubleBelow(beforeMs));
  }

  /** The event loop: every event with time <= lastMs, in order; the clock stays at the last one run. */
  private runThrough(lastMs: number): number {
    const queue = this.queue;
    const cancelled = this.cancelled;
    let executed = 0;
    while (queue.size > 0 && queue.peekTimeMs() <= lastMs) {
      const handler = queue.pop();
      if (cancelled.size > 0 && cancelled.delete(queue.poppedId)) continue;
      this.currentMs = queue.poppedAtMs;
      handler(queue.poppedPayload);
      executed++;
    }
    this.executed += executed;
    return executed;
  }
}

const bits = new Float64Array(1);
const bitsAsInteger = new BigInt64Array(bits.buffer);

/** The largest double below `ms` (t <= doubleBelow(ms) exactly when t < ms), -Infinity at or below 0: event times are never negative. */
function doubleBelow(ms: number): number {
  if (!(ms > 0)) return -Infinity;
  if (ms === Infinity) return Number.MAX_VALUE;
  bits[0] = ms;
  bitsAsInteger[0] = bitsAsInteger[0]! - 1n;
  return bits[0]!;
}
