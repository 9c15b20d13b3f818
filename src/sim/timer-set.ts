// Many timers of one priority kept off the event heap, which holds one entry for the earliest. Each
// timer takes its place in line (a reserved event id) when it is set, so it runs exactly where an
// event of its own would have, ties included, while the heap stops growing with the idle timers.

import { EventQueue, type EventHandler } from './event-queue.js';
import type { ReservingScheduler } from './scheduler.js';

const NONE = -1;

export class TimerSet<P> {
  /** The timers, keyed (atMs, id) as the event heap keys them: an event queue of their own. */
  private readonly timers = new EventQueue();
  /** The earliest timer's id while it has its event on the heap, else NONE. */
  private armedId = NONE;
  /** Timers that kept their event from when they were earliest, until a sooner one was set (rare). */
  private readonly scheduledIds = new Set<number>();

  constructor(
    private readonly scheduler: ReservingScheduler,
    private readonly priority: number,
    private readonly handler: EventHandler<P>,
  ) {}

  /** Timers set and not yet run. */
  get size(): number {
    return this.timers.size;
  }

  /** Runs `handler(payload)` at `atMs`, in the place of an event scheduled now. */
  at(atMs: number, payload: P): void {
    const nowMs = this.scheduler.nowMs();
    if (!(atMs >= nowMs)) throw new Error(`cannot set a timer in the past: ${atMs}ms < now ${nowMs}ms`);
    const id = this.scheduler.reserveId();
    // One priority inside the set: the order among its timers is (atMs, id).
    this.timers.pushReserved(atMs, 0, id, this.handler, payload);
    if (this.timers.peekId() === id) this.scheduleEarliest();
  }

  /** Gives the earliest timer its event on the heap, unless it has one. */
  private scheduleEarliest(): void {
    if (this.timers.size === 0) return;
    const id = this.timers.peekId();
    if (id === this.armedId) return;
    if (this.armedId !== NONE) this.scheduledIds.add(this.armedId);
    this.armedId = id;
    if (this.scheduledIds.size > 0 && this.scheduledIds.delete(id)) return;
    this.scheduler.atReserved(this.timers.peekTimeMs(), this.priority, id, this.onDue, id);
  }

  /**
   * The heap runs events in key order and the earliest timer always has one, so the event due now
   * is the earliest timer's; any other order would mean the set lost a timer.
   */
  private readonly onDue = (id: number): void => {
    const earliest = this.timers.size > 0 ? this.timers.peekId() : NONE;
    if (earliest !== id) throw new Error(`timer ${id} ran out of order (earliest is ${earliest})`);
    const handler = this.timers.pop();
    this.armedId = NONE;
    handler(this.timers.poppedPayload);
    this.scheduleEarliest();
  };
}
