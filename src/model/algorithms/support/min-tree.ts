// A segment tree of integers over positions 0..n-1: set one value and find the first position
// at or after a start whose value is at most a bound, both in O(log n). least-outstanding's index.

const EMPTY = 0x7fffffff;

export class MinTree {
  /** Leaves start at `size`; node i covers its children 2i and 2i+1. */
  private tree = new Int32Array(2);
  private size = 1;
  length = 0;

  /** Rebuilds the tree over `values` in O(n). */
  build(length: number, valueAt: (position: number) => number): void {
    let size = 1;
    while (size < length) size *= 2;
    if (this.tree.length < 2 * size) this.tree = new Int32Array(2 * size);
    this.size = size;
    this.length = length;
    const tree = this.tree;
    for (let i = 0; i < size; i++) tree[size + i] = i < length ? valueAt(i) : EMPTY;
    for (let i = size - 1; i >= 1; i--) tree[i] = Math.min(tree[2 * i]!, tree[2 * i + 1]!);
  }

  get min(): number {
    return this.tree[1]!;
  }

  set(position: number, value: number): void {
    const tree = this.tree;
    let i = position + this.size;
    tree[i] = value;
    for (i >>= 1; i >= 1; i >>= 1) {
      const lower = Math.min(tree[2 * i]!, tree[2 * i + 1]!);
      if (tree[i] === lower) break; // Nothing above changes either.
      tree[i] = lower;
    }
  }

  /** The first position ≥ `from` whose value is ≤ `bound`, or -1. */
  firstAtMost(from: number, bound: number): number {
    if (from >= this.length) return -1;
    const tree = this.tree;
    let i = from + this.size;
    if (tree[i]! > bound) {
      // Climb until a right sibling holds a value within the bound, then descend into it.
      for (;;) {
        if ((i & 1) === 0 && tree[i + 1]! <= bound) {
          i++;
          break;
        }
        i >>= 1;
        if (i <= 1) return -1;
      }
      while (i < this.size) i = tree[2 * i]! <= bound ? 2 * i : 2 * i + 1;
    }
    return i - this.size;
  }
}
