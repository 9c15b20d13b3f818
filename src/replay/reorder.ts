// Puts log lines back in time order: logs are written as requests finish, so a slow request's line
// comes after lines with later times. A line up to `windowMs` older than the newest line read is
// held until no earlier line can come; an older one cannot be placed and is an error. Held lines
// stay sorted in one Float64Array, four numbers a line (time, instance time, client id, kind index):
// a late line is inserted by binary search and one copyWithin (most lines of a busy log are late
// by a few dozen lines), and the window's tens of thousands of lines are no objects for the garbage collector.

/** Numbers per held line, and their offsets. */
export const STRIDE = 4;
export const TIME = 0;
export const SERVICE = 1;
export const CLIENT = 2;
export const KIND = 3;

/** Released lines are cut off the front once this many have gathered (and half the held array is released). */
const COMPACT_AFTER = 4096;
const INITIAL_LINES = 1 << 14;

export class ReorderBuffer {
  /** The held lines; `release` returns the offset of one (valid until the next `add`). */
  lines = new Float64Array(INITIAL_LINES * STRIDE);
  /** Offsets (line × STRIDE) of the first held line and past the last. */
  private head = 0;
  private tail = 0;
  private newestMs = -Infinity;
  private releasedMs = -Infinity;

  constructor(private readonly windowMs: number) {}

  /** False when the line is more than the window older than the newest line: it cannot be placed. */
  add(timeMs: number, serviceMs: number, client: number, kind: number): boolean {
    if (timeMs < this.newestMs - this.windowMs || timeMs < this.releasedMs) return false;
    if (this.tail === this.lines.length) this.makeRoom();
    const lines = this.lines;
    let at = this.tail;
    if (timeMs >= this.newestMs) this.newestMs = timeMs;
    else {
      // After every held line with a time ≤ this one: equal times keep file order.
      let low = this.head / STRIDE;
      let high = this.tail / STRIDE;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (lines[middle * STRIDE]! <= timeMs) low = middle + 1;
        else high = middle;
      }
      at = low * STRIDE;
      lines.copyWithin(at + STRIDE, at, this.tail);
    }
    lines[at + TIME] = timeMs;
    lines[at + SERVICE] = serviceMs;
    lines[at + CLIENT] = client;
    lines[at + KIND] = kind;
    this.tail += STRIDE;
    return true;
  }

  /** How far the newest line is ahead of `timeMs`, for the error message. */
  behindNewestMs(timeMs: number): number {
    return this.newestMs - timeMs;
  }

  /** The offset of the next line no later line can precede, or -1; `all` at the end of the input. */
  release(all: boolean): number {
    const at = this.head;
    if (at >= this.tail) return -1;
    const timeMs = this.lines[at]!;
    if (!all && timeMs > this.newestMs - this.windowMs) return -1;
    this.releasedMs = timeMs;
    this.head += STRIDE;
    return at;
  }

  /** Before an add when the array is full: drop the released front, or grow when most of it is held. */
  private makeRoom(): void {
    const held = this.tail - this.head;
    if (this.head >= COMPACT_AFTER * STRIDE && this.head * 2 >= this.tail) this.lines.copyWithin(0, this.head, this.tail);
    else {
      const grown = new Float64Array(this.lines.length * 2);
      grown.set(this.lines.subarray(this.head, this.tail));
      this.lines = grown;
    }
    this.head = 0;
    this.tail = held;
  }
}
