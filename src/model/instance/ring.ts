// A growable FIFO ring buffer: O(1) push, shift and peek, no per-item allocation.
// Each instance keeps the jobs it holds in one.

export class Ring<T> {
  private items: Array<T | undefined>;
  private head = 0;
  private count = 0;
  private mask: number;

  constructor(capacityPowerOfTwo = 16) {
    this.items = new Array(capacityPowerOfTwo);
    this.mask = capacityPowerOfTwo - 1;
  }

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & this.mask] = item;
    this.count++;
  }

  /** The item `index` places from the oldest (0 = oldest), or undefined past the end. */
  at(index: number): T | undefined {
    return index < this.count ? this.items[(this.head + index) & this.mask] : undefined;
  }

  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    return item;
  }

  /** Empties the ring and returns what it held, oldest first. */
  drain(): T[] {
    const out: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) out.push(item);
    return out;
  }

  private grow(): void {
    const capacity = this.items.length * 2;
    const grown: Array<T | undefined> = new Array(capacity);
    for (let i = 0; i < this.count; i++) grown[i] = this.items[(this.head + i) & this.mask];
    this.items = grown;
    this.head = 0;
    this.mask = capacity - 1;
  }
}
