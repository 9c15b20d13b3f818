// Small text formatters for reports: clocks, counts, percentages, durations, axis ticks,
// word lists and wrapping.
import { describe, expect, it } from 'vitest';
import { formatClock, formatCount, formatDuration, formatPercent, formatRate, formatTable, formatTick, joinWords, wrapText } from '../../src/report/text/format.js';

describe('formatClock', () => {
  it('always writes minutes and two-digit seconds under an hour', () => {
    expect(formatClock(0)).toBe('0m00s');
    expect(formatClock(5_000)).toBe('0m05s');
    expect(formatClock(120_000)).toBe('2m00s');
    expect(formatClock(163_000)).toBe('2m43s');
    expect(formatClock(3_599_000)).toBe('59m59s');
  });

  it('adds hours above an hour', () => {
    expect(formatClock(3_600_000)).toBe('1h00m00s');
    expect(formatClock(3_723_000)).toBe('1h02m03s');
  });

  it('rounds to the nearest second and carries into minutes', () => {
    expect(formatClock(162_499)).toBe('2m42s');
    expect(formatClock(162_500)).toBe('2m43s');
    expect(formatClock(59_600)).toBe('1m00s');
  });
});

describe('numbers', () => {
  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(12_000)).toBe('12,000');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(-4_500)).toBe('-4,500');
    expect(formatCount(1234.5678, 2)).toBe('1,234.57');
  });

  it('writes percentages with one decimal and survives an empty total', () => {
    expect(formatPercent(9_310, 12_000)).toBe('77.6%');
    expect(formatPercent(12_000, 12_000)).toBe('100.0%');
    expect(formatPercent(5, 0)).toBe('0.0%');
  });

  it('keeps durations under 100 s in seconds, as timeouts are configured', () => {
    expect(formatDuration(48)).toBe('48ms');
    expect(formatDuration(1_920)).toBe('1.92s');
    expect(formatDuration(60_000)).toBe('60s');
    expect(formatDuration(60_400)).toBe('60.4s');
    expect(formatDuration(240_000)).toBe('4m00s');
  });

  it('labels axis ticks and rates compactly', () => {
    expect(formatTick(0)).toBe('0m');
    expect(formatTick(120_000)).toBe('2m');
    expect(formatTick(30_000)).toBe('30s');
    expect(formatTick(90_000)).toBe('1m30s');
    expect(formatTick(3_600_000)).toBe('1h');
    expect(formatTick(5_400_000)).toBe('1h30m');
    expect(formatRate(20)).toBe('20 req/s');
    expect(formatRate(10_000)).toBe('10,000 req/s');
    expect(formatRate(0.5)).toBe('0.5 req/s');
  });
});

describe('text', () => {
  it('joins names the way a sentence does', () => {
    expect(joinWords([])).toBe('');
    expect(joinWords(['i-1'])).toBe('i-1');
    expect(joinWords(['i-1', 'i-2'])).toBe('i-1 and i-2');
    expect(joinWords(['i-1', 'i-2', 'i-3'])).toBe('i-1, i-2 and i-3');
  });

  it('wraps at word boundaries without exceeding the width', () => {
    const lines = wrapText('the balancer kept routing to them until two health checks failed', 20);
    expect(lines).toEqual(['the balancer kept', 'routing to them', 'until two health', 'checks failed']);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(20);
    expect(wrapText('averyveryverylongword x', 5)).toEqual(['averyveryverylongword', 'x']);
  });

  it('aligns table columns and leaves no trailing spaces', () => {
    const lines = formatTable(
      [
        ['id', 'requests', 'note'],
        ['i-10', '5', ''],
      ],
      ['l', 'r', 'l'],
    );
    expect(lines).toEqual(['id    requests  note', 'i-10         5']);
  });
});
