// The front buffer must give exactly the percentiles of recording every value in the HDR histogram.
import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { LatencyCounts } from '../../src/model/run/latency-counts.js';
import { Recorder } from '../../src/model/run/recorder.js';
import { RngStreams } from '../../src/sim/rng.js';

const build = () => hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 5e9, numberOfSignificantValueDigits: 3, useWebAssembly: false });

describe('LatencyCounts', () => {
  it('matches direct HDR recording at every percentile, over 9 orders of magnitude', () => {
    const rng = new RngStreams(5).stream('traffic');
    const direct = build();
    const buffered = build();
    const front = new LatencyCounts(buffered);
    for (let i = 0; i < 200_000; i++) {
      const micros = Math.round(Math.exp(rng.next() * Math.log(4e9))); // 1 µs .. ~66 min, log-uniform
      direct.recordValue(Math.max(1, micros));
      front.record(micros);
    }
    for (const edge of [0, 1, 2047, 2048, 2049, 4095, 4096, 2 ** 31 - 1, 2 ** 31]) {
      direct.recordValue(Math.max(1, edge));
      front.record(edge);
    }
    front.flush();
    expect(buffered.totalCount).toBe(direct.totalCount);
    for (const p of [0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100]) {
      expect(buffered.getValueAtPercentile(p)).toBe(direct.getValueAtPercentile(p));
    }
  });

  it('is empty again after a flush', () => {
    const histogram = build();
    const front = new LatencyCounts(histogram);
    front.record(5000);
    front.flush();
    front.flush();
    expect(histogram.totalCount).toBe(1);
  });
});

describe('percentiles never exceed the largest latency seen', () => {
  it('caps a percentile that falls in the top bucket at the maximum', () => {
    const recorder = new Recorder();
    for (let i = 0; i < 100; i++) recorder.response(200, 60_000);
    const latency = recorder.latency();
    expect(latency.p99Ms).toBeLessThanOrEqual(latency.maxMs);
    expect(latency.p50Ms).toBe(60_000);
  });
});
