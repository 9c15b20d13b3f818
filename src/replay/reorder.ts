// Puts log lines back in time order: logs are written as requests finish, so a slow request's line
// comes after lines with later times. A line up to `windowMs` older than the newest line read is
// held until no earlier line can come; an older one cannot be placed and is an error. Lines already
// in order wait in a FIFO, the few out of order in a min-heap, so the common case costs O(1).

export interface Placed<T> {
  timeMs: number;
  /** Arrival order among equal times: file order. */
  seq: number;
  item: T;
}

export class ReorderBuffer<T> {
  private readonly heap: Placed<T>[] = [];
  private queue: Placed<T>[] = [];
  private queueHead = 0;
  private newestMs = -Infinity;
  private releasedMs = -Infinity;
  private seq = 0;

  constructor(private readonly windowMs: number) {}

  /** False when the line is more than the window older than the newest line: it cannot be placed. */
  add(timeMs: number, item: T): boolean {
    if (timeMs < this.newestMs - this.windowMs || timeMs < this.releasedMs) return false;
    const entry = { timeMs, seq: this.seq++, item };
    if (timeMs >= this.newestMs) {
      this.newestMs = timeMs;
      this.queue.push(entry);
    } else {
      this.push(entry);
    }
    return true;
  }

  /** How far the newest line is ahead of `timeMs`, for the error message. */
  behindNewestMs(timeMs: number): number {
    return this.newestMs - timeMs;
  }

  /** The next line no later line can precede, or undefined; `all` at the end of the input. */
  release(all: boolean): Placed<T> | undefined {
    const queued = this.queue[this.queueHead];
    const top = this.heap[0];
    const fromHeap = top !== undefined && (queued === undefined || before(top, queued));
    const next = fromHeap ? top : queued;
    if (next === undefined || (!all && next.timeMs > this.newestMs - this.windowMs)) return undefined;
    this.releasedMs = next.timeMs;
    if (fromHeap) return this.pop();
    this.queueHead++;
    // Drop the released prefix now and then, so the array does not grow with the log.
    if (this.queueHead >= 4096 && this.queueHead * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
    return next;
  }

  private push(entry: Placed<T>): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): Placed<T> {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}

const before = <T>(a: Placed<T>, b: Placed<T>): boolean => a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.seq < b.seq);
