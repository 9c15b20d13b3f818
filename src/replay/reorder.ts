// Puts log lines back in time order: logs are written as requests finish, so a slow request's line
// comes after lines with later times. A line up to `windowMs` older than the newest line read is
// held until no earlier line can come; an older one cannot be placed and is an error. Held lines
// stay sorted in one array: a late line is inserted by binary search, near the end as a rule, so
// the common case moves a few elements at most.

/** Released entries are cut off the front once this many have gathered (and half the array is released). */
const COMPACT_AFTER = 4096;

/** Holds the lines themselves (anything with a `timeMs`): no wrapper object per line. */
export class ReorderBuffer<T extends { readonly timeMs: number }> {
  private held: T[] = [];
  private head = 0;
  private newestMs = -Infinity;
  private releasedMs = -Infinity;

  constructor(private readonly windowMs: number) {}

  /** False when the line is more than the window older than the newest line: it cannot be placed. */
  add(entry: T): boolean {
    const timeMs = entry.timeMs;
    if (timeMs < this.newestMs - this.windowMs || timeMs < this.releasedMs) return false;
    const held = this.held;
    if (timeMs >= this.newestMs) {
      this.newestMs = timeMs;
      held.push(entry);
      return true;
    }
    // After every held line with a time ≤ this one: equal times keep file order.
    let low = this.head;
    let high = held.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (held[middle]!.timeMs <= timeMs) low = middle + 1;
      else high = middle;
    }
    held.splice(low, 0, entry);
    return true;
  }

  /** How far the newest line is ahead of `timeMs`, for the error message. */
  behindNewestMs(timeMs: number): number {
    return this.newestMs - timeMs;
  }

  /** The next line no later line can precede, or undefined; `all` at the end of the input. */
  release(all: boolean): T | undefined {
    const next = this.held[this.head];
    if (next === undefined || (!all && next.timeMs > this.newestMs - this.windowMs)) return undefined;
    this.releasedMs = next.timeMs;
    this.head++;
    if (this.head >= COMPACT_AFTER && this.head * 2 >= this.held.length) {
      this.held = this.held.slice(this.head);
      this.head = 0;
    }
    return next;
  }
}
