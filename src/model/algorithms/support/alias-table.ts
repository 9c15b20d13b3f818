// Walker's alias method (Vose's construction): after O(n) set-up, a draw from any discrete
// distribution costs O(1) and one uniform. weighted-random and the Zipf client population use it.

export class AliasTable {
  /** Chance of keeping column i rather than taking its alias. */
  private readonly keep: Float64Array;
  private readonly alias: Int32Array;
  readonly length: number;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    this.length = n;
    this.keep = new Float64Array(n);
    this.alias = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i]!;
    // Each column holds one n-th of the mass: the small ones are topped up from the large ones.
    const scaled = Float64Array.from({ length: n }, (_, i) => (weights[i]! * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((value, i) => (value < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const less = small.pop()!;
      const more = large[large.length - 1]!;
      this.keep[less] = scaled[less]!;
      this.alias[less] = more;
      scaled[more] = scaled[more]! + scaled[less]! - 1;
      if (scaled[more]! < 1) small.push(large.pop()!);
    }
    // What is left is 1 up to rounding.
    for (const i of large) this.keep[i] = 1;
    for (const i of small) this.keep[i] = 1;
  }

  /** The column `u` (uniform in [0, 1)) falls in. */
  draw(u: number): number {
    const x = u * this.length;
    const column = Math.floor(x);
    return x - column < this.keep[column]! ? column : this.alias[column]!;
  }
}
