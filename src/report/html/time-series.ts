// Requests over time for the HTML report: counts per status and reason and latency percentiles in
// fixed time buckets, fed one request event at a time. Memory is O(buckets), never O(requests).

import type { RequestEvent } from '../../model/run/events.js';
import type { Reason } from '../../model/outcome.js';
import { sliceForWidth } from '../text/swimlane.js';

/** Enough buckets to show a spike, few enough that each one holds a readable count. */
export const DEFAULT_BUCKETS = 120;
/** Latency bins grow by this factor: a percentile read from them is within ±2.5% of the exact one. */
const BIN_GROWTH = 1.05;
const SMALLEST_BIN_MS = 0.1;
/** Up to ~2.5 h, past the longest response timeout a scenario can set (4000 s). */
const BIN_COUNT = 400;
const LOG_GROWTH = Math.log(BIN_GROWTH);

export interface CountSeries {
  status: number;
  /** The gateway-error reason, or null for an answer from an instance. */
  reason: Reason | null;
  counts: number[];
}

export interface TimeSeries {
  bucketMs: number;
  /** Each bucket's start, in seconds. */
  starts: number[];
  /** One series per status and reason seen, instance answers first, in status order. */
  series: CountSeries[];
  /** Seconds per bucket; null where no response finished. */
  latency: { p50: Array<number | null>; p90: Array<number | null>; p99: Array<number | null>; max: Array<number | null> };
}

function binOf(latencyMs: number): number {
  if (latencyMs <= SMALLEST_BIN_MS) return 0;
  return Math.min(BIN_COUNT - 1, 1 + Math.floor(Math.log(latencyMs / SMALLEST_BIN_MS) / LOG_GROWTH));
}

/** A bin's representative value: the middle of its range, in milliseconds. */
function binValueMs(bin: number): number {
  if (bin === 0) return 0;
  return SMALLEST_BIN_MS * BIN_GROWTH ** (bin - 0.5);
}

export class TimeSeriesRecorder {
  readonly bucketMs: number;
  private readonly bucketCount: number;
  private readonly counts = new Map<string, { status: number; reason: Reason | null; counts: Float64Array }>();
  private readonly bins: Uint32Array;
  private readonly maxMs: Float64Array;
  private readonly totals: Uint32Array;

  constructor(readonly durationMs: number, buckets = DEFAULT_BUCKETS) {
    this.bucketMs = sliceForWidth(durationMs, buckets);
    this.bucketCount = Math.max(1, Math.ceil(durationMs / this.bucketMs));
    this.bins = new Uint32Array(this.bucketCount * BIN_COUNT);
    this.maxMs = new Float64Array(this.bucketCount);
    this.totals = new Uint32Array(this.bucketCount);
  }

  /** Counts a finished request in the bucket of the moment it was answered; warm-up requests are left out, as in the totals. */
  add(event: RequestEvent): void {
    if (!event.counted) return;
    const bucket = Math.min(this.bucketCount - 1, Math.max(0, Math.floor((event.t * 1000) / this.bucketMs)));
    const key = `${event.status} ${event.reason ?? ''}`;
    let entry = this.counts.get(key);
    if (entry === undefined) {
      entry = { status: event.status, reason: event.reason, counts: new Float64Array(this.bucketCount) };
      this.counts.set(key, entry);
    }
    entry.counts[bucket] = (entry.counts[bucket] ?? 0) + 1;
    const latencyMs = event.latency * 1000;
    const bin = bucket * BIN_COUNT + binOf(latencyMs);
    this.bins[bin] = (this.bins[bin] ?? 0) + 1;
    this.totals[bucket] = (this.totals[bucket] ?? 0) + 1;
    if (latencyMs > (this.maxMs[bucket] ?? 0)) this.maxMs[bucket] = latencyMs;
  }

  result(): TimeSeries {
    const starts = Array.from({ length: this.bucketCount }, (_, bucket) => (bucket * this.bucketMs) / 1000);
    const series = [...this.counts.values()]
      .sort((a, b) => Number(a.reason !== null) - Number(b.reason !== null) || a.status - b.status || (a.reason ?? '').localeCompare(b.reason ?? ''))
      .map((entry) => ({ status: entry.status, reason: entry.reason, counts: [...entry.counts] }));
    const latency = { p50: [] as Array<number | null>, p90: [] as Array<number | null>, p99: [] as Array<number | null>, max: [] as Array<number | null> };
    for (let bucket = 0; bucket < this.bucketCount; bucket += 1) {
      const total = this.totals[bucket] ?? 0;
      const max = this.maxMs[bucket] ?? 0;
      latency.p50.push(total === 0 ? null : this.quantileMs(bucket, total, 0.5, max) / 1000);
      latency.p90.push(total === 0 ? null : this.quantileMs(bucket, total, 0.9, max) / 1000);
      latency.p99.push(total === 0 ? null : this.quantileMs(bucket, total, 0.99, max) / 1000);
      latency.max.push(total === 0 ? null : max / 1000);
    }
    return { bucketMs: this.bucketMs, starts, series, latency };
  }

  /** The latency below which `q` of the bucket's responses fall; never above the bucket's exact maximum. */
  private quantileMs(bucket: number, total: number, q: number, maxMs: number): number {
    const rank = Math.ceil(q * total);
    let seen = 0;
    for (let bin = 0; bin < BIN_COUNT; bin += 1) {
      seen += this.bins[bucket * BIN_COUNT + bin] ?? 0;
      if (seen >= rank) return Math.min(maxMs, binValueMs(bin));
    }
    return maxMs;
  }
}
