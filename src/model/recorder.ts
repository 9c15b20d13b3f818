// Streaming statistics of a run: status counts, gateway errors by reason, backend 5xx and an
// HDR latency histogram. Fixed memory whatever the run length.

import * as hdr from 'hdr-histogram-js';
import type { Reason } from './outcome.js';
import type { LatencySummary } from './result.js';

const MICROS_PER_MS = 1000;
const STATUS_SLOTS = 600;
// Latencies under 2^18 µs (262 ms) are first counted per exact microsecond in a plain array and
// handed to the HDR histogram in bulk when percentiles are asked for: the histogram's per-value
// bucket arithmetic was a tenth of the simulator's time, and this keeps its precision intact.
const EXACT_MICROS = 1 << 18;

export class Recorder {
  backend5xx = 0;
  gatewayErrorsTotal = 0;
  private readonly statusCounts = new Float64Array(STATUS_SLOTS);
  private readonly reasonCounts = new Map<Reason, { status: number; count: number }>();
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 5e9,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
  private readonly exactCounts = new Float64Array(EXACT_MICROS);
  private latencySumMs = 0;
  private latencyMaxMs = 0;
  private latencyCount = 0;

  /** A response reached the client (from an instance or from the balancer itself). */
  response(status: number, latencyMs: number): void {
    this.statusCounts[status] = this.statusCounts[status]! + 1;
    this.latencyCount++;
    this.latencySumMs += latencyMs;
    if (latencyMs > this.latencyMaxMs) this.latencyMaxMs = latencyMs;
    const micros = Math.round(latencyMs * MICROS_PER_MS);
    if (micros < EXACT_MICROS) this.exactCounts[micros] = this.exactCounts[micros]! + 1;
    else this.histogram.recordValue(micros);
  }

  private flushExactCounts(): void {
    const counts = this.exactCounts;
    for (let micros = 0; micros < EXACT_MICROS; micros++) {
      const count = counts[micros]!;
      if (count === 0) continue;
      // The histogram's lowest discernible value is 1 µs; a 0 µs answer is recorded as 1.
      this.histogram.recordValueWithCount(Math.max(1, micros), count);
      counts[micros] = 0;
    }
  }

  gatewayError(reason: Reason, status: number): void {
    this.gatewayErrorsTotal++;
    const entry = this.reasonCounts.get(reason);
    if (entry) entry.count++;
    else this.reasonCounts.set(reason, { status, count: 1 });
  }

  statusCountsObject(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let status = 0; status < STATUS_SLOTS; status++) {
      if (this.statusCounts[status]! > 0) out[String(status)] = this.statusCounts[status]!;
    }
    return out;
  }

  byReason(order: readonly Reason[]): Partial<Record<Reason, { status: number; count: number }>> {
    const out: Partial<Record<Reason, { status: number; count: number }>> = {};
    for (const reason of order) {
      const entry = this.reasonCounts.get(reason);
      if (entry) out[reason] = { ...entry };
    }
    return out;
  }

  latency(): LatencySummary {
    if (this.latencyCount === 0) return { count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 };
    this.flushExactCounts();
    const at = (percentile: number) => this.histogram.getValueAtPercentile(percentile) / MICROS_PER_MS;
    return {
      count: this.latencyCount,
      meanMs: this.latencySumMs / this.latencyCount,
      p50Ms: at(50),
      p90Ms: at(90),
      p99Ms: at(99),
      maxMs: this.latencyMaxMs,
    };
  }
}
