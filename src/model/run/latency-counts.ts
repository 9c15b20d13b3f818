// A front buffer for the HDR latency histogram. It counts microsecond latencies in the very
// bucket layout hdr-histogram-js uses at 3 significant digits, with clz32 and shifts instead of
// the library's per-value logarithms, and hands the counts over in bulk. The library still does
// every percentile, and the results are identical to recording each value directly.

import type { Histogram } from 'hdr-histogram-js';

/** Half the sub-bucket count of a 3-significant-digit histogram (2,048 sub-buckets). */
const HALF = 1024;
/** Below this every microsecond has its own bucket. */
const EXACT_BELOW = 2 * HALF;
/** clz32 sees 32 bits; larger values (over 35 minutes) go to the histogram one by one. */
const LIMIT_MICROS = 2 ** 31;
const SLOTS = HALF * 22;

export class LatencyCounts {
  private readonly counts = new Float64Array(SLOTS);

  constructor(private readonly histogram: Histogram) {}

  record(micros: number): void {
    if (micros < EXACT_BELOW) {
      this.counts[micros] = this.counts[micros]! + 1;
    } else if (micros < LIMIT_MICROS) {
      // For 2^e ≤ v < 2^(e+1): the bucket is e - 10 and the sub-bucket v >> (e - 10).
      const shift = 21 - Math.clz32(micros);
      const index = HALF * shift + (micros >>> shift);
      this.counts[index] = this.counts[index]! + 1;
    } else {
      this.histogram.recordValue(micros);
    }
  }

  /** Moves every count into the histogram (at its bucket's lowest value) and clears the buffer. */
  flush(): void {
    const counts = this.counts;
    for (let index = 0; index < SLOTS; index++) {
      const count = counts[index]!;
      if (count === 0) continue;
      counts[index] = 0;
      // The histogram's lowest discernible value is 1 µs, so a 0 µs answer is recorded as 1.
      this.histogram.recordValueWithCount(Math.max(1, valueAt(index)), count);
    }
  }
}

function valueAt(index: number): number {
  if (index < EXACT_BELOW) return index;
  const shift = Math.floor(index / HALF) - 1;
  return (index - HALF * shift) * 2 ** shift;
}
