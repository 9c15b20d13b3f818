// Swimlanes of truth and belief per instance: which state each column shows, how the slice
// fits the width, and how the lanes render.
import { describe, expect, it } from 'vitest';
import type { ActualState } from '../../src/model/run/result.js';
import { renderSwimlanes, sliceForWidth, worstPerColumn } from '../../src/report/text/swimlane.js';
import { hangRun, instanceSummary, quietRun } from './fixtures.js';

const SEVERITY: Record<ActualState, number> = { serving: 0, degraded: 1, hung: 2, unreachable: 3, crashed: 4 };

/** The lane glyphs of one row, without its label. */
function lane(lines: string[], label: string): string {
  const row = lines.find((line) => line.startsWith(`${label} `));
  if (row === undefined) throw new Error(`no row ${label}`);
  return row.slice(row.lastIndexOf('  ') + 2);
}

describe('worstPerColumn', () => {
  it('shows a 5 s fault that sits inside one 10 s column', () => {
    const columns = worstPerColumn(
      [
        { tMs: 123_000, state: 'hung' },
        { tMs: 128_000, state: 'serving' },
      ],
      'serving',
      600_000,
      10_000,
      SEVERITY,
    );
    expect(columns).toHaveLength(60);
    expect(columns[12]).toBe('hung');
    expect(columns.filter((state) => state !== 'serving')).toHaveLength(1);
  });

  it('marks both columns a fault straddles, and not the column where it ended exactly', () => {
    const columns = worstPerColumn(
      [
        { tMs: 15_000, state: 'crashed' },
        { tMs: 30_000, state: 'serving' },
      ],
      'serving',
      60_000,
      10_000,
      SEVERITY,
    );
    expect(columns).toEqual(['serving', 'crashed', 'crashed', 'serving', 'serving', 'serving']);
  });

  it('keeps the worse state when two faults share a column, and ignores zero-length states', () => {
    const columns = worstPerColumn(
      [
        { tMs: 1_000, state: 'degraded' },
        { tMs: 2_000, state: 'crashed' },
        { tMs: 2_000, state: 'hung' },
        { tMs: 3_000, state: 'serving' },
      ],
      'serving',
      20_000,
      10_000,
      SEVERITY,
    );
    expect(columns).toEqual(['hung', 'serving']);
  });

  it('clips the last partial column to the run', () => {
    expect(worstPerColumn([], 'serving', 25_000, 10_000, SEVERITY)).toHaveLength(3);
  });
});

describe('sliceForWidth', () => {
  it('picks a readable slice that fits the width', () => {
    expect(sliceForWidth(600_000, 60)).toBe(10_000);
    expect(sliceForWidth(420_000, 60)).toBe(10_000);
    expect(sliceForWidth(3_600_000, 60)).toBe(60_000);
    expect(sliceForWidth(30_000, 60)).toBe(1_000);
  });
});

describe('renderSwimlanes', () => {
  it('draws truth and belief for the hang run, with axis and legend', () => {
    const lines = renderSwimlanes(hangRun());
    expect(lines[0]).toBe('Health, one column per 10s');
    expect(lines[1]).toBe('             0m          2m          4m          6m          8m');
    expect(lane(lines, 'i-1 actual')).toBe(`${'█'.repeat(12)}${'▒'.repeat(24)}${'█'.repeat(24)}`);
    // OutOfService at 2m35s takes column 15; back InService at 6m32s leaves column 39 out.
    expect(lane(lines, 'i-1 LB view')).toBe(`${'█'.repeat(15)}${'░'.repeat(25)}${'█'.repeat(20)}`);
    expect(lane(lines, 'i-2 LB view')).toBe(`${'█'.repeat(16)}${'░'.repeat(24)}${'█'.repeat(20)}`);
    expect(lines.at(-1)?.trim()).toBe('█ serving/InService  ▒ hung  ░ OutOfService');
  });

  it('shows a short fault in the rendered lane', () => {
    const run = quietRun();
    const first = run.instances[0];
    if (first === undefined) throw new Error('fixture');
    first.actual = [
      { tMs: 0, state: 'serving', faultIndex: null },
      { tMs: 123_000, state: 'crashed', faultIndex: 0 },
      { tMs: 128_000, state: 'serving', faultIndex: 1 },
    ];
    const actual = lane(renderSwimlanes(run), 'i-1 actual');
    expect(actual).toBe(`${'█'.repeat(12)}·${'█'.repeat(47)}`);
    expect(renderSwimlanes(run).at(-1)).toContain('· crashed');
  });

  it('uses the worst belief of any balancer node', () => {
    const run = quietRun();
    const first = run.instances[0];
    if (first === undefined) throw new Error('fixture');
    first.transitions = [
      { tMs: 100_000, node: 'lb-a', from: 'InService', to: 'OutOfService', reason: 'x', probes: 2 },
      { tMs: 200_000, node: 'lb-a', from: 'OutOfService', to: 'InService', reason: 'y', probes: 2 },
      { tMs: 150_000, node: 'lb-b', from: 'InService', to: 'OutOfService', reason: 'x', probes: 2 },
      { tMs: 250_000, node: 'lb-b', from: 'OutOfService', to: 'InService', reason: 'y', probes: 2 },
    ];
    expect(lane(renderSwimlanes(run), 'i-1 LB view')).toBe(`${'█'.repeat(10)}${'░'.repeat(15)}${'█'.repeat(35)}`);
  });

  it('shows the 12 instances most involved and says how many are hidden', () => {
    const run = quietRun();
    run.instances = Array.from({ length: 15 }, (_, i) => instanceSummary(`i-${i + 1}`, 'us-east-1a', { gatewayErrors: i === 14 ? 50 : 0 }));
    const lines = renderSwimlanes(run);
    const labels = lines.filter((line) => line.includes(' actual ')).map((line) => line.split(' ')[0]);
    expect(labels).toHaveLength(12);
    expect(labels).toContain('i-15');
    expect(labels.slice(0, 2)).toEqual(['i-1', 'i-2']);
    expect(lines.at(-1)).toBe('+3 more instances not shown');
  });
});
