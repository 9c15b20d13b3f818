// Binary min-heap of pending events keyed (atMs, priority, seq): earliest first, FIFO on ties.
// Struct-of-arrays layout (typed arrays for keys) keeps the hot loop free of per-event objects.

export type EventHandler<P = unknown> = (payload: P) => void;

const INITIAL_CAPACITY = 1024;
// priority and seq are packed in one float64: seq < 2^44 (17 trillion events), priority < 2^9.
const SEQ_SPAN = 2 ** 44;
export const PRIORITY_MAX = 511;

export class EventQueue {
  private atMs: Float64Array<ArrayBuffer> = new Float64Array(INITIAL_CAPACITY);
  private order: Float64Array<ArrayBuffer> = new Float64Array(INITIAL_CAPACITY);
  private handlers: Array<EventHandler<any> | undefined> = new Array(INITIAL_CAPACITY);
  private payloads: unknown[] = new Array(INITIAL_CAPACITY);
  private ids: Float64Array<ArrayBuffer> = new Float64Array(INITIAL_CAPACITY);
  private count = 0;
  private nextSeq = 0;

  get size(): number {
    return this.count;
  }

  /** Adds an event and returns its id (its sequence number), unique for this queue. */
  push<P>(atMs: number, priority: number, handler: EventHandler<P>, payload: P): number {
    if (this.count === this.atMs.length) this.grow();
    const seq = this.nextSeq++;
    let i = this.count++;
    const key = priority * SEQ_SPAN + seq;
    // Sift up, moving parents down until the slot for the new event is found.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pAt = this.atMs[parent]!;
      if (pAt < atMs || (pAt === atMs && this.order[parent]! < key)) break;
      this.move(parent, i);
      i = parent;
    }
    this.atMs[i] = atMs;
    this.order[i] = key;
    this.handlers[i] = handler;
    this.payloads[i] = payload;
    this.ids[i] = seq;
    return seq;
  }

  peekTimeMs(): number {
    return this.count === 0 ? Infinity : this.atMs[0]!;
  }

  peekId(): number {
    return this.count === 0 ? -1 : this.ids[0]!;
  }

  /**
   * Removes the earliest event and stores it in `out`. Returns false when empty.
   * Writing into a caller-owned record avoids an allocation per event.
   */
  pop(out: PoppedEvent): boolean {
    if (this.count === 0) return false;
    out.atMs = this.atMs[0]!;
    out.id = this.ids[0]!;
    out.handler = this.handlers[0]!;
    out.payload = this.payloads[0];
    const last = --this.count;
    if (last > 0) this.siftDownFrom(last);
    this.handlers[last] = undefined;
    this.payloads[last] = undefined;
    return true;
  }

  private siftDownFrom(last: number): void {
    const at = this.atMs[last]!;
    const key = this.order[last]!;
    const handler = this.handlers[last];
    const payload = this.payloads[last];
    const id = this.ids[last]!;
    const n = this.count;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && this.less(right, child)) child = right;
      const cAt = this.atMs[child]!;
      if (at < cAt || (at === cAt && key < this.order[child]!)) break;
      this.move(child, i);
      i = child;
    }
    this.atMs[i] = at;
    this.order[i] = key;
    this.handlers[i] = handler;
    this.payloads[i] = payload;
    this.ids[i] = id;
  }

  private less(a: number, b: number): boolean {
    const aAt = this.atMs[a]!;
    const bAt = this.atMs[b]!;
    return aAt < bAt || (aAt === bAt && this.order[a]! < this.order[b]!);
  }

  private move(from: number, to: number): void {
    this.atMs[to] = this.atMs[from]!;
    this.order[to] = this.order[from]!;
    this.handlers[to] = this.handlers[from];
    this.payloads[to] = this.payloads[from];
    this.ids[to] = this.ids[from]!;
  }

  private grow(): void {
    const capacity = this.atMs.length * 2;
    this.atMs = growFloat64(this.atMs, capacity);
    this.order = growFloat64(this.order, capacity);
    this.ids = growFloat64(this.ids, capacity);
    this.handlers.length = capacity;
    this.payloads.length = capacity;
  }
}

export interface PoppedEvent {
  atMs: number;
  id: number;
  handler: EventHandler<any> | undefined;
  payload: unknown;
}

function growFloat64(array: Float64Array<ArrayBuffer>, capacity: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(capacity);
  grown.set(array);
  return grown;
}
