// Streaming statistics of a run: status counts, gateway errors by reason, backend 5xx and an
// HDR latency histogram. Fixed memory whatever the run length.

import * as hdr from 'hdr-histogram-js';
import { LatencyCounts } from './latency-counts.js';
import { REASONS, type Reason } from '../outcome.js';
import type { LatencySummary, RunResult } from './result.js';

const MICROS_PER_MS = 1000;
const STATUS_SLOTS = 600;

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
  // Recording each value straight into the histogram cost a tenth of the simulator's time.
  private readonly latencyCounts = new LatencyCounts(this.histogram);
  private latencySumMs = 0;
  private latencyMaxMs = 0;
  private latencyCount = 0;

  /** A response reached the client (from an instance or from the balancer itself). */
  response(status: number, latencyMs: number): void {
    this.statusCounts[status] = this.statusCounts[status]! + 1;
    this.latencyCount++;
    this.latencySumMs += latencyMs;
    if (latencyMs > this.latencyMaxMs) this.latencyMaxMs = latencyMs;
    this.latencyCounts.record(Math.round(latencyMs * MICROS_PER_MS));
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

  /** The run's answer as far as this recorder knows it: statuses, gateway errors, backend 5xx, latency. */
  totals(): Pick<RunResult, 'statusCounts' | 'gatewayErrors' | 'backend5xx' | 'latency'> {
    return {
      statusCounts: this.statusCountsObject(),
      gatewayErrors: { total: this.gatewayErrorsTotal, byReason: this.byReason(REASONS) },
      backend5xx: this.backend5xx,
      latency: this.latency(),
    };
  }

  latency(): LatencySummary {
    if (this.latencyCount === 0) return { count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 };
    this.latencyCounts.flush();
    // The histogram answers with the top of a bucket, which can lie above the largest value seen.
    const at = (percentile: number) => Math.min(this.histogram.getValueAtPercentile(percentile) / MICROS_PER_MS, this.latencyMaxMs);
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
