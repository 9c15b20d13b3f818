// The HTML report's time buckets: every counted request lands in exactly one bucket, warm-up ones
// in none, the bucket count stays fixed, and bucket percentiles are close to the exact ones.

import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '../../src/model/run/events.js';
import { DEFAULT_BUCKETS, TimeSeriesRecorder } from '../../src/report/html/time-series.js';

function request(t: number, latency: number, overrides: Partial<RequestEvent> = {}): RequestEvent {
  return { t, type: 'request', request: 1, method: 'GET', path: '/', arrival: t - latency, instance: 'i-1', status: 200, backendStatus: 200, reason: null, latency, attempts: 1, counted: true, ...overrides };
}

describe('TimeSeriesRecorder', () => {
  it('uses a readable bucket size and at most the default number of buckets', () => {
    const series = new TimeSeriesRecorder(600_000).result();
    expect(series.bucketMs).toBe(5_000);
    expect(series.starts.length).toBeLessThanOrEqual(DEFAULT_BUCKETS);
    expect(new TimeSeriesRecorder(30 * 86_400_000).result().starts.length).toBeLessThanOrEqual(DEFAULT_BUCKETS);
  });

  it('counts by status and reason in the bucket of the answer, instance answers first', () => {
    const recorder = new TimeSeriesRecorder(60_000);
    recorder.add(request(1, 0.01));
    recorder.add(request(1.5, 0.01));
    recorder.add(request(59.9, 60, { status: 504, backendStatus: null, reason: 'ResponseTimeout' }));
    recorder.add(request(2, 0.01, { counted: false }));
    recorder.add(request(30, 0.2, { status: 500, backendStatus: 500 }));
    const { series, bucketMs } = recorder.result();
    expect(bucketMs).toBe(1_000);
    expect(series.map((s) => [s.status, s.reason])).toEqual([
      [200, null],
      [500, null],
      [504, 'ResponseTimeout'],
    ]);
    expect(series[0]!.counts[1]).toBe(2);
    expect(series[0]!.counts.reduce((a, b) => a + b, 0)).toBe(2);
    expect(series[2]!.counts[59]).toBe(1);
  });

  it('gives bucket percentiles within a few percent, never above the exact maximum', () => {
    const recorder = new TimeSeriesRecorder(10_000);
    const latencies = Array.from({ length: 1000 }, (_, i) => 0.001 * (i + 1));
    for (const latency of latencies) recorder.add(request(5.5, latency));
    const { latency } = recorder.result();
    expect(latency.p50[5]).toBeGreaterThan(0.5 * 0.97);
    expect(latency.p50[5]).toBeLessThan(0.5 * 1.03);
    expect(latency.p99[5]).toBeGreaterThan(0.99 * 0.97);
    expect(latency.p99[5]).toBeLessThanOrEqual(1);
    expect(latency.max[5]).toBe(1);
    expect(latency.p50[4]).toBeNull();
  });

  it('keeps answers at or past the end in the last bucket', () => {
    const recorder = new TimeSeriesRecorder(10_000);
    recorder.add(request(10, 0.05));
    recorder.add(request(12, 0.05));
    const { series } = recorder.result();
    expect(series[0]!.counts.at(-1)).toBe(2);
  });
});
