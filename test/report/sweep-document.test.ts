// Sweep documents: the grid order, the shard slices (every unit in exactly one shard), and merging
// shards into exactly the document one unsharded sweep gives, or saying why they do not merge.

import { describe, expect, it } from 'vitest';
import { gridSettings, inShard, mergeSweeps, sweepDocument, unitIndex, type SweepDescriptor, type SweepUnit } from '../../src/report/machine/sweep-document.js';
import { renderSweepCsv, renderSweepTable } from '../../src/report/machine/sweep-format.js';

const descriptor: SweepDescriptor = {
  scenario: 'x.json',
  scenarioSha256: 'abc',
  sets: [
    { path: 'HealthCheck.Interval', values: [5, 10] },
    { path: 'Balancing.Algorithm', values: ['round-robin', 'random'] },
  ],
  seeds: [1, 2, 3],
  metrics: ['gatewayErrors.total', 'latency.p99'],
};

const allUnits: SweepUnit[] = gridSettings(descriptor.sets).flatMap((_, point) => descriptor.seeds.map((seed) => ({ point, seed, values: [point * 10 + seed, seed === 2 ? null : seed / 10] })));

function shardOf(index: number, count: number) {
  const units = allUnits.filter((unit) => inShard(unitIndex(unit.point, descriptor.seeds.indexOf(unit.seed), descriptor.seeds.length), { index, count }));
  return sweepDocument(descriptor, { index, count }, [...units].reverse());
}

describe('sweep documents', () => {
  it('orders the grid with the first --set varying slowest', () => {
    expect(gridSettings(descriptor.sets)).toEqual([
      { 'HealthCheck.Interval': 5, 'Balancing.Algorithm': 'round-robin' },
      { 'HealthCheck.Interval': 5, 'Balancing.Algorithm': 'random' },
      { 'HealthCheck.Interval': 10, 'Balancing.Algorithm': 'round-robin' },
      { 'HealthCheck.Interval': 10, 'Balancing.Algorithm': 'random' },
    ]);
  });

  it('aggregates each point over its seeds, ignoring missing values', () => {
    const whole = sweepDocument(descriptor, null, allUnits);
    expect(whole.points[1]!.metrics['gatewayErrors.total']).toEqual({ n: 3, mean: 12, ci95: [12 - 2.4841377118, 12 + 2.4841377118].map((x) => expect.closeTo(x, 8)) });
    expect(whole.points[1]!.metrics['latency.p99']!.n).toBe(2);
  });

  it('puts every unit in exactly one shard, and merged shards equal the whole sweep byte for byte', () => {
    const whole = JSON.stringify(sweepDocument(descriptor, null, allUnits), null, 2);
    for (const count of [1, 2, 5, 12, 20]) {
      const shards = Array.from({ length: count }, (_, i) => shardOf(i + 1, count));
      expect(shards.reduce((sum, shard) => sum + shard.units.length, 0)).toBe(allUnits.length);
      const merged = mergeSweeps(shards.reverse().map((document, i) => ({ name: `shard-${i}.json`, document })));
      expect(merged.ok && JSON.stringify(merged.document, null, 2)).toBe(whole);
    }
  });

  it('refuses a missing shard, a shard given twice, and shards of different sweeps', () => {
    const [one, two, three] = [1, 2, 3].map((i) => shardOf(i, 3));
    const missing = mergeSweeps([{ name: 'a', document: one! }, { name: 'b', document: two! }]);
    expect(missing).toEqual({ ok: false, problems: ['shard 3/3 is missing'] });
    const twice = mergeSweeps([{ name: 'a', document: one! }, { name: 'b', document: one! }, { name: 'c', document: three! }]);
    expect(twice.ok ? [] : twice.problems).toEqual(['b: shard 1/3 again (also a)', 'shard 2/3 is missing']);
    const other = mergeSweeps([{ name: 'a', document: one! }, { name: 'b', document: { ...two!, seeds: [1, 2, 4] } }, { name: 'c', document: three! }]);
    expect(other.ok ? [] : other.problems).toEqual(['b: not a shard of the same sweep as a (scenario, its contents, --set, seeds or metrics differ)']);
  });

  it('renders a table with mean ± half-width and a long-format CSV', () => {
    const whole = sweepDocument(descriptor, null, allUnits);
    const table = renderSweepTable(whole);
    expect(table).toContain('4 points × 3 seeds (1..3)');
    expect(table).toMatch(/5 +random +12 ± 2\.48414 +0\.2 ± 1\.27062/);
    const csv = renderSweepCsv(whole).split('\n');
    expect(csv[0]).toBe('HealthCheck.Interval,Balancing.Algorithm,metric,n,mean,ci95_low,ci95_high');
    expect(csv[1]).toMatch(/^5,round-robin,gatewayErrors.total,3,2,/);
    expect(csv).toHaveLength(1 + 4 * 2 + 1);
  });
});
