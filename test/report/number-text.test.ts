// Numbers in the test, sweep and compare tables (number-text.ts's own contract): integers in plain
// digits however long, other values at six significant figures, a metric that named nothing as "-".
import { describe, expect, it } from 'vitest';
import { formatInterval, formatNumber } from '../../src/report/text/number-text.js';

describe('formatNumber', () => {
  it('prints integers whole, other values at six significant figures, null as -', () => {
    expect([formatNumber(2755), formatNumber(1_234_567), formatNumber(0.153), formatNumber(12.345678), formatNumber(null)]).toEqual([
      '2755', '1234567', '0.153', '12.3457', '-',
    ]);
  });

  it('prints an interval as [low, high], and - when there is none', () => {
    expect([formatInterval([1.5, 2]), formatInterval(null)]).toEqual(['[1.5, 2]', '-']);
  });
});
