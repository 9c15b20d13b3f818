// Puts log lines back in time order: logs are written as requests finish, so a slow request's line
// comes after lines with later times. A line up to `windowMs` older than the newest line read is
// held until no earlier line can come; an older one cannot be placed and is an error. Held lines
// stay sorted in typed-array columns (time, instance time, client id, kind index): a late line is
// inserted by binary search, near the end as a rule, so the common case moves a few slots at most,
// and the window's tens of thousands of lines are no objects for the garbage collector to copy.

/** Released slots are cut off the front once this many have gathered (and half the columns are released). */
const COMPACT_AFTER = 4096;
const INITIAL_CAPACITY = 1 << 14;

export class ReorderBuffer {
  /** The columns, read by the caller at the slot `release` returns (valid until the next `add`). */
  timeMs = new Float64Array(INITIAL_CAPACITY);
  serviceMs = new Float64Array(INITIAL_CAPACITY);
  client = new Int32Array(INITIAL_CAPACITY);
  kind = new Int32Array(INITIAL_CAPACITY);
  private head = 0;
  private length = 0;
  private newestMs = -Infinity;
  private releasedMs = -Infinity;

  constructor(private readonly windowMs: number) {}

  /** False when the line is more than the window older than the newest line: it cannot be placed. */
  add(timeMs: number, serviceMs: number, client: number, kind: number): boolean {
    if (timeMs < this.newestMs - this.windowMs || timeMs < this.releasedMs) return false;
    if (this.length === this.timeMs.length) this.makeRoom();
    let at = this.length;
    if (timeMs >= this.newestMs) this.newestMs = timeMs;
    else {
      // After every held line with a time ≤ this one: equal times keep file order.
      const times = this.timeMs;
      let low = this.head;
      let high = this.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (times[middle]! <= timeMs) low = middle + 1;
        else high = middle;
      }
      at = low;
      if (at < this.length) {
        times.copyWithin(at + 1, at, this.length);
        this.serviceMs.copyWithin(at + 1, at, this.length);
        this.client.copyWithin(at + 1, at, this.length);
        this.kind.copyWithin(at + 1, at, this.length);
      }
    }
    this.timeMs[at] = timeMs;
    this.serviceMs[at] = serviceMs;
    this.client[at] = client;
    this.kind[at] = kind;
    this.length++;
    return true;
  }

  /** How far the newest line is ahead of `timeMs`, for the error message. */
  behindNewestMs(timeMs: number): number {
    return this.newestMs - timeMs;
  }

  /** The slot of the next line no later line can precede, or -1; `all` at the end of the input. */
  release(all: boolean): number {
    const slot = this.head;
    if (slot >= this.length) return -1;
    const timeMs = this.timeMs[slot]!;
    if (!all && timeMs > this.newestMs - this.windowMs) return -1;
    this.releasedMs = timeMs;
    this.head++;
    return slot;
  }

  /** Before an add when the columns are full: drop the released front, or grow when most slots are held. */
  private makeRoom(): void {
    const held = this.length - this.head;
    if (this.head >= COMPACT_AFTER && this.head * 2 >= this.length) {
      for (const column of [this.timeMs, this.serviceMs, this.client, this.kind]) column.copyWithin(0, this.head, this.length);
    } else {
      const capacity = this.timeMs.length * 2;
      this.timeMs = grown(this.timeMs, new Float64Array(capacity), this.head, this.length);
      this.serviceMs = grown(this.serviceMs, new Float64Array(capacity), this.head, this.length);
      this.client = grown(this.client, new Int32Array(capacity), this.head, this.length);
      this.kind = grown(this.kind, new Int32Array(capacity), this.head, this.length);
    }
    this.head = 0;
    this.length = held;
  }
}

function grown<T extends Float64Array | Int32Array>(from: T, to: T, head: number, length: number): T {
  to.set(from.subarray(head, length) as never);
  return to;
}
