// An indexed binary min-heap of small integer items ordered by (key, item): push, pop, remove
// and peek in O(log n). An item's key is read from the owner's array when it is pushed and kept
// beside it in heap order (fewer cache misses on large pools); change a key only outside the heap.

export class KeyedHeap {
  private items: Int32Array;
  private keysInHeap: Float64Array;
  /** Heap position of each item, -1 when absent. */
  private where: Int32Array;
  size = 0;

  constructor(private keys: Float64Array) {
    this.items = new Int32Array(keys.length);
    this.keysInHeap = new Float64Array(keys.length);
    this.where = new Int32Array(keys.length).fill(-1);
  }

  /** Empties the heap and points it at a (possibly larger) key array. */
  clear(keys: Float64Array): void {
    for (let i = 0; i < this.size; i++) this.where[this.items[i]!] = -1;
    this.size = 0;
    this.keys = keys;
    if (this.where.length < keys.length) {
      this.where = new Int32Array(keys.length).fill(-1);
      this.items = new Int32Array(keys.length);
      this.keysInHeap = new Float64Array(keys.length);
    }
  }

  has(item: number): boolean {
    return item < this.where.length && this.where[item]! >= 0;
  }

  /** The least item; the heap must not be empty. */
  peek(): number {
    return this.items[0]!;
  }

  push(item: number): void {
    this.up(this.size++, item, this.keys[item]!);
  }

  pop(): number {
    const top = this.items[0]!;
    this.removeAt(0);
    return top;
  }

  remove(item: number): void {
    this.removeAt(this.where[item]!);
  }

  private removeAt(at: number): void {
    this.where[this.items[at]!] = -1;
    const last = --this.size;
    if (at === last) return;
    const item = this.items[last]!;
    const key = this.keysInHeap[last]!;
    // The last item fills the hole; it may belong above or below it.
    const parent = (at - 1) >> 1;
    if (at > 0 && this.less(key, item, parent)) this.up(at, item, key);
    else this.down(at, item, key);
  }

  /** (key, item) orders before the entry at heap position `at`. */
  private less(key: number, item: number, at: number): boolean {
    const other = this.keysInHeap[at]!;
    return key < other || (key === other && item < this.items[at]!);
  }

  private place(at: number, item: number, key: number): void {
    this.items[at] = item;
    this.keysInHeap[at] = key;
    this.where[item] = at;
  }

  private up(at: number, item: number, key: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.less(key, item, parent)) break;
      this.place(at, this.items[parent]!, this.keysInHeap[parent]!);
      at = parent;
    }
    this.place(at, item, key);
  }

  private down(at: number, item: number, key: number): void {
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.less(this.keysInHeap[child + 1]!, this.items[child + 1]!, child)) child++;
      if (!this.lessAt(child, key, item)) break;
      this.place(at, this.items[child]!, this.keysInHeap[child]!);
      at = child;
    }
    this.place(at, item, key);
  }

  /** The entry at heap position `at` orders before (key, item). */
  private lessAt(at: number, key: number, item: number): boolean {
    const own = this.keysInHeap[at]!;
    return own < key || (own === key && this.items[at]! < item);
  }
}
