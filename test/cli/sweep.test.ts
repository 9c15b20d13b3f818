// `lbsim sweep` and `lbsim merge` as CI meets them: a grid × seeds on worker threads, shards that
// merge into exactly the unsharded JSON, and every bad --set value or shard set refused with exit 2.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lbsim } from '../helpers/cli.js';
import { lbsimIn } from '../helpers/in-process.js';
import { tinyScenario, workDir, writeScenario } from '../helpers/tiny-scenarios.js';

const work = workDir('lbsim-sweep-');
const file = writeScenario(work, 'tiny.json', tinyScenario());
const grid = ['--set', 'HealthCheck.Interval=10,30', '--set', 'Balancing.Algorithm=round-robin,random', '--seeds', '3', '--metric', 'gatewayErrors.total', '--metric', 'latency.p99'];

describe('lbsim sweep and merge', () => {
  it('merges shards into byte for byte the unsharded JSON, whatever the thread count', async () => {
    const whole = lbsim('sweep', file, ...grid, '--format', 'json', '--jobs', '2');
    expect(whole.stderr).toBe('');
    expect(whole.code).toBe(0);
    const shards: string[] = [];
    for (const i of [1, 2, 3]) {
      const shard = await lbsimIn('sweep', file, ...grid, '--shard', `${i}/3`, '--jobs', '1');
      expect(shard.code).toBe(0);
      shards.push(join(work, `shard-${i}.json`));
      writeFileSync(shards.at(-1)!, shard.stdout);
    }
    const merged = await lbsimIn('merge', shards[2]!, shards[0]!, shards[1]!);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(whole.stdout);
    const document = JSON.parse(whole.stdout);
    expect(document.points).toHaveLength(4);
    expect(document.units).toHaveLength(12);
    expect(document.points[0].settings).toEqual({ 'HealthCheck.Interval': 10, 'Balancing.Algorithm': 'round-robin' });
    expect(document.points[0].metrics['gatewayErrors.total']).toEqual({ n: 3, mean: expect.any(Number), ci95: [expect.any(Number), expect.any(Number)] });
    expect(JSON.parse(readFileSync(shards[0]!, 'utf8')).shard).toEqual({ index: 1, count: 3 });
  });

  it('sweeps a scenario that takes its balancer from a Config file, imported for every point', async () => {
    // The lesson's haproxy.cfg sets the profile: an Interval of 2 s is HAProxy's to take (CLB's range
    // starts at 5 s), and the config's servers (app2, app3) are the instances its Events name.
    const lesson = join(import.meta.dirname, '../../scenarios/haproxy-cfg-crash-and-hang.json');
    const swept = await lbsimIn('sweep', lesson, '--set', 'HealthCheck.Interval=2,5', '--seeds', '1', '--jobs', '1', '--format', 'json', '--metric', 'instances.app2.transitions.count');
    expect(swept.stderr).toBe('');
    expect(swept.code).toBe(0);
    const document = JSON.parse(swept.stdout);
    expect(document.points.map((point: { settings: unknown }) => point.settings)).toEqual([{ 'HealthCheck.Interval': 2 }, { 'HealthCheck.Interval': 5 }]);
  });

  it('prints a table with mean ± half-width by default, and CSV on request', async () => {
    const table = await lbsimIn('sweep', file, '--set', 'HealthCheck.Interval=10,30', '--seeds', '2', '--jobs', '1');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('2 points × 2 seeds (3..4)');
    expect(table.stdout).toMatch(/^HealthCheck\.Interval +requests\.total +gatewayErrors\.total$/m);
    expect(table.stdout).toMatch(/^10 +\d+(\.\d+)? ± \d/m);
    const csv = await lbsimIn('merge', '--format', 'csv', join(work, 'shard-1.json'), join(work, 'shard-2.json'), join(work, 'shard-3.json'));
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe('HealthCheck.Interval,Balancing.Algorithm,metric,n,mean,ci95_low,ci95_high');
  });

  it('validates every variant like a file: a bad value or key is exit 2 naming the path', async () => {
    const range = lbsim('sweep', file, '--set', 'HealthCheck.Interval=10,3');
    expect(range.code).toBe(2);
    expect(range.stderr).toContain('--set HealthCheck.Interval=3: HealthCheck.Interval: out of range for aws-clb (expected 5–300 seconds, got 3)');
    expect(range.stdout).toBe('');
    const typo = await lbsimIn('sweep', file, '--set', 'HealthCheck.Intervall=10');
    expect(typo.stderr).toContain('HealthCheck.Intervall: unknown key; did you mean "Interval"?');
    const algorithm = await lbsimIn('sweep', file, '--set', 'Balancing.Algorithm=round-robbin');
    expect(algorithm.code).toBe(2);
    expect(algorithm.stderr).toContain('--set Balancing.Algorithm=round-robbin: Balancing.Algorithm: unknown algorithm; did you mean "round-robin"?');
    const metric = await lbsimIn('sweep', file, '--metric', 'latency.p98');
    expect(metric.code).toBe(2);
    expect(metric.stderr).toContain('--metric: unknown metric "latency.p98"; did you mean "latency.p90"?');
    for (const run of [range, typo, algorithm, metric]) expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses incomplete or foreign shard sets, and bad --shard values', async () => {
    const missing = await lbsimIn('merge', join(work, 'shard-1.json'), join(work, 'shard-2.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('shard 3/3 is missing');
    const other = await lbsimIn('sweep', file, '--set', 'HealthCheck.Interval=10,30', '--seeds', '3', '--shard', '3/3', '--jobs', '1');
    const otherPath = join(work, 'other-3.json');
    writeFileSync(otherPath, other.stdout);
    const foreign = await lbsimIn('merge', join(work, 'shard-1.json'), join(work, 'shard-2.json'), otherPath);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('not a shard of the same sweep');
    const notJson = await lbsimIn('merge', file);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('not an lbsim sweep output');
    expect((await lbsimIn('sweep', file, '--shard', '0/3')).stderr).toContain('--shard: expected i/n with 1 ≤ i ≤ n');
    expect((await lbsimIn('sweep', file, '--shard', '1/3', '--format', 'table')).stderr).toContain('--shard: a shard\'s output is the input of lbsim merge');
  });

  it('documents its options', async () => {
    const help = await lbsimIn('sweep', '--help');
    for (const option of ['--set <path=values>', '--seeds <n>', '--metric <path>', '--format <format>', '--jobs <n>', '--shard <i/n>', 'Student']) expect(help.stdout).toContain(option);
    expect((await lbsimIn('merge', '--help')).stdout).toContain('<files...>');
  });
});
