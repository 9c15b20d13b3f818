// Binary min-heap of pending events keyed (atMs, priority, seq): earliest first, FIFO on ties.
// The heap moves only typed arrays (time, order, slot); handlers and payloads sit in slots
// that never move, so a sift step writes no JS object arrays.

export type EventHandler<P = unknown> = (payload: P) => void;

const INITIAL_CAPACITY = 1024;
// priority and seq are packed in one float64: seq < 2^44 (17 trillion events), priority < 2^9.
const SEQ_SPAN = 2 ** 44;

export class EventQueue {
  // The heap, in parallel typed arrays.
  private atMs: Float64Array<ArrayBuffer> = new Float64Array(INITIAL_CAPACITY);
  private order: Float64Array<ArrayBuffer> = new Float64Array(INITIAL_CAPACITY);
  private slotOf: Int32Array<ArrayBuffer> = new Int32Array(INITIAL_CAPACITY);
  // Slot storage, addressed by slot number, plus a stack of free slots.
  private handlers: Array<EventHandler<any> | undefined> = new Array(INITIAL_CAPACITY).fill(undefined);
  private payloads: unknown[] = new Array(INITIAL_CAPACITY).fill(undefined);
  private freeSlots: Int32Array<ArrayBuffer> = new Int32Array(INITIAL_CAPACITY);
  private freeCount = 0;
  private slotsUsed = 0;
  private count = 0;
  private nextSeq = 0;
  poppedAtMs = 0;
  poppedPayload: unknown = undefined;
  private poppedOrder = 0;

  get size(): number {
    return this.count;
  }

  /** Adds an event and returns its id (its sequence number), unique for this queue. */
  push<P>(atMs: number, priority: number, handler: EventHandler<P>, payload: P): number {
    const seq = this.nextSeq++;
    this.insert(atMs, priority * SEQ_SPAN + seq, handler, payload);
    return seq;
  }

  /** Takes the id the next push would get without adding an event; `pushReserved` adds it later. */
  reserveSeq(): number {
    return this.nextSeq++;
  }

  /**
   * Adds an event under an id from `reserveSeq` (once per id): among events at its time and
   * priority it runs where it would have run had it been pushed when the id was taken.
   */
  pushReserved<P>(atMs: number, priority: number, seq: number, handler: EventHandler<P>, payload: P): void {
    this.insert(atMs, priority * SEQ_SPAN + seq, handler, payload);
  }

  private insert<P>(atMs: number, key: number, handler: EventHandler<P>, payload: P): void {
    if (this.count === this.atMs.length) this.grow();
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount]! : this.slotsUsed++;
    this.handlers[slot] = handler;
    this.payloads[slot] = payload;
    const times = this.atMs;
    const order = this.order;
    const slots = this.slotOf;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pAt = times[parent]!;
      if (pAt < atMs || (pAt === atMs && order[parent]! < key)) break;
      times[i] = pAt;
      order[i] = order[parent]!;
      slots[i] = slots[parent]!;
      i = parent;
    }
    times[i] = atMs;
    order[i] = key;
    slots[i] = slot;
  }

  /** The popped event's id. Computed on demand: the float modulo is not free, and only cancellation needs it. */
  get poppedId(): number {
    return this.poppedOrder % SEQ_SPAN;
  }

  /** The earliest event's id (call only when `size > 0`). */
  peekId(): number {
    return this.order[0]! % SEQ_SPAN;
  }

  peekTimeMs(): number {
    return this.count === 0 ? Infinity : this.atMs[0]!;
  }

  /**
   * Removes the earliest event and returns its handler; its time, id and payload are left in
   * `poppedAtMs`, `poppedId` and `poppedPayload`. Fields rather than a returned record keep
   * the hot loop free of allocation. Call only when `size > 0`.
   */
  pop(): EventHandler<any> {
    const slot = this.slotOf[0]!;
    this.poppedAtMs = this.atMs[0]!;
    this.poppedOrder = this.order[0]!;
    const handler = this.handlers[slot]!;
    this.poppedPayload = this.payloads[slot];
    // Freed slots keep their references until reused: at most `capacity` stale ones, so memory
    // stays bounded, and the pop saves two stores.
    this.freeSlots[this.freeCount++] = slot;
    const last = --this.count;
    if (last > 0) this.siftDownFrom(last);
    return handler;
  }

  private siftDownFrom(last: number): void {
    const times = this.atMs;
    const order = this.order;
    const slots = this.slotOf;
    const at = times[last]!;
    const key = order[last]!;
    const slot = slots[last]!;
    const n = this.count;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let cAt = times[child]!;
      const right = child + 1;
      if (right < n) {
        const rAt = times[right]!;
        if (rAt < cAt || (rAt === cAt && order[right]! < order[child]!)) {
          child = right;
          cAt = rAt;
        }
      }
      if (at < cAt || (at === cAt && key < order[child]!)) break;
      times[i] = cAt;
      order[i] = order[child]!;
      slots[i] = slots[child]!;
      i = child;
    }
    times[i] = at;
    order[i] = key;
    slots[i] = slot;
  }

  private grow(): void {
    const capacity = this.atMs.length * 2;
    this.atMs = growFloat64(this.atMs, capacity);
    this.order = growFloat64(this.order, capacity);
    this.slotOf = growInt32(this.slotOf, capacity);
    this.freeSlots = growInt32(this.freeSlots, capacity);
    for (let i = this.handlers.length; i < capacity; i++) {
      this.handlers.push(undefined);
      this.payloads.push(undefined);
    }
  }
}

function growFloat64(array: Float64Array<ArrayBuffer>, capacity: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(capacity);
  grown.set(array);
  return grown;
}

function growInt32(array: Int32Array<ArrayBuffer>, capacity: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(capacity);
  grown.set(array);
  return grown;
}
