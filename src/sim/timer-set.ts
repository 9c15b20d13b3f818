// Many timers of one priority kept off the event heap, which holds one entry for the earliest. Each
// timer takes its place in line (a reserved event id) when it is set, so it runs exactly where an
// event of its own would have, ties included, while the heap stops growing with the idle timers.

import type { EventHandler } from './event-queue.js';
import type { ReservingScheduler } from './scheduler.js';

const INITIAL_CAPACITY = 64;
const NONE = -1;

export class TimerSet<P> {
  // A binary min-heap keyed (atMs, id) in parallel arrays; ids are event ids, so fit a float64.
  private atMs: Float64Array<ArrayBuffer> = new Float64Array(INITIAL_CAPACITY);
  private ids: Float64Array<ArrayBuffer> = new Float64Array(INITIAL_CAPACITY);
  private readonly payloads: Array<P | undefined> = [];
  private count = 0;
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
    return this.count;
  }

  /** Runs `handler(payload)` at `atMs`, in the place of an event scheduled now. */
  at(atMs: number, payload: P): void {
    const nowMs = this.scheduler.nowMs();
    if (!(atMs >= nowMs)) throw new Error(`cannot set a timer in the past: ${atMs}ms < now ${nowMs}ms`);
    const id = this.scheduler.reserveId();
    this.insert(atMs, id, payload);
    if (this.ids[0] === id) this.scheduleEarliest();
  }

  /** Gives the earliest timer its event on the heap, unless it has one. */
  private scheduleEarliest(): void {
    if (this.count === 0) return;
    const id = this.ids[0]!;
    if (id === this.armedId) return;
    if (this.armedId !== NONE) this.scheduledIds.add(this.armedId);
    this.armedId = id;
    if (this.scheduledIds.size > 0 && this.scheduledIds.delete(id)) return;
    this.scheduler.atReserved(this.atMs[0]!, this.priority, id, this.onDue, id);
  }

  /**
   * The heap runs events in key order and the earliest timer always has one, so the event due now
   * is the earliest timer's; any other order would mean the set lost a timer.
   */
  private readonly onDue = (id: number): void => {
    if (this.ids[0] !== id) throw new Error(`timer ${id} ran out of order (earliest is ${this.ids[0]})`);
    const payload = this.removeEarliest();
    this.armedId = NONE;
    this.handler(payload);
    this.scheduleEarliest();
  };

  private insert(atMs: number, id: number, payload: P): void {
    if (this.count === this.atMs.length) this.grow();
    const times = this.atMs;
    const ids = this.ids;
    const payloads = this.payloads;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pAt = times[parent]!;
      if (pAt < atMs || (pAt === atMs && ids[parent]! < id)) break;
      times[i] = pAt;
      ids[i] = ids[parent]!;
      payloads[i] = payloads[parent]!;
      i = parent;
    }
    times[i] = atMs;
    ids[i] = id;
    payloads[i] = payload;
  }

  private removeEarliest(): P {
    const times = this.atMs;
    const ids = this.ids;
    const payloads = this.payloads;
    const earliest = payloads[0] as P;
    const n = --this.count;
    const at = times[n]!;
    const id = ids[n]!;
    const payload = payloads[n] as P;
    payloads[n] = undefined; // no reference kept to a timer that has run
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && (times[right]! < times[child]! || (times[right] === times[child] && ids[right]! < ids[child]!))) child = right;
      if (at < times[child]! || (at === times[child] && id < ids[child]!)) break;
      times[i] = times[child]!;
      ids[i] = ids[child]!;
      payloads[i] = payloads[child]!;
      i = child;
    }
    if (n > 0) {
      times[i] = at;
      ids[i] = id;
      payloads[i] = payload;
    }
    return earliest;
  }

  private grow(): void {
    const times = new Float64Array(this.atMs.length * 2);
    times.set(this.atMs);
    this.atMs = times;
    const ids = new Float64Array(this.ids.length * 2);
    ids.set(this.ids);
    this.ids = ids;
  }
}
