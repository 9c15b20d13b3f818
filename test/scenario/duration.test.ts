// Duration parsing and formatting: every spelling a scenario may use, and the ones it may not.

import { describe, expect, it } from 'vitest';
import { formatDurationMs, isNegativeDuration, parseDurationMs } from '../../src/scenario/duration.js';

describe('parseDurationMs', () => {
  const CASES: Array<[unknown, number | null]> = [
    [30, 30_000],
    [0, 0],
    [0.25, 250],
    [4.999, 4_999],
    ['30', 30_000],
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1.5h', 5_400_000],
    ['2d', 172_800_000],
    ['.5s', 500],
    [' 30 s ', 30_000],
    ['0ms', 0],
    [-1, null],
    ['-5s', null],
    ['', null],
    ['s', null],
    ['5 minutes', null],
    ['5M', null],
    ['1m30s', 90_000],
    ['2h15m', 8_100_000],
    ['1m30.5s', 90_500],
    ['1d2h', 93_600_000],
    ['30s1m', null],
    ['1m1m', null],
    ['1m 30s', null],
    ['1e3', null],
    ['Infinity', null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    [true, null],
    [null, null],
    [undefined, null],
    [{ Seconds: 5 }, null],
  ];
  it.each(CASES)('%j → %j', (value, want) => {
    expect(parseDurationMs(value)).toBe(want);
  });
});

describe('isNegativeDuration', () => {
  it('recognises a minus sign in front of a duration', () => {
    expect([-1, '-5s', ' -2m', 0, '5s', '-x', 'x'].map(isNegativeDuration)).toEqual([true, true, true, false, false, false, false]);
  });
});

describe('formatDurationMs', () => {
  const CASES: Array<[number, string]> = [
    [0, '0s'],
    [250, '250ms'],
    [1_500, '1.5s'],
    [30_000, '30s'],
    [90_000, '90s'],
    [600_000, '10m'],
    [5_400_000, '90m'],
    [7_200_000, '2h'],
    [2_592_000_000, '30d'],
  ];
  it.each(CASES)('%d ms → %s', (ms, want) => {
    expect(formatDurationMs(ms)).toBe(want);
  });

  it('round-trips through parseDurationMs', () => {
    for (const [ms] of CASES) expect(parseDurationMs(formatDurationMs(ms))).toBe(ms);
  });
});
