// `lbsim compare` on common random numbers: a scenario against itself differs by exactly zero on
// every seed; a real change shows in the paired difference; JSON rows have the documented keys.

import { describe, expect, it } from 'vitest';
import { lbsim } from '../helpers/cli.js';
import { lbsimIn } from '../helpers/in-process.js';
import { tinyScenario, workDir, writeScenario } from '../helpers/tiny-scenarios.js';

const work = workDir('lbsim-compare-');
const a = writeScenario(work, 'a.json', tinyScenario());
// The same traffic and faults with faster detection: only the health check differs.
const b = writeScenario(work, 'b.json', tinyScenario({ Name: 'b', Seed: 99, HealthCheck: { Target: 'HTTP:80/ping', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 } }));

describe('lbsim compare', () => {
  it('gives exactly zero difference for a scenario against itself: both runs draw the same numbers', async () => {
    const run = lbsim('compare', a, a, '--seeds', '3', '--format', 'json', '--jobs', '2');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((row) => row['metric'])).toEqual(['requests.total', 'gatewayErrors.total']);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['metric', 'a', 'b', 'meanDifference', 'ci95']);
      expect(row['a']).toBe(row['b']);
      expect(row['meanDifference']).toBe(0);
      expect(row['ci95']).toEqual([0, 0]);
    }
  });

  it("runs B on A's seeds, and reports the paired difference with its interval", async () => {
    const run = await lbsimIn('compare', a, b, '--seeds', '4', '--metric', 'requests.total', '--metric', 'instances.i-1.probes', '--format', 'json', '--jobs', '1');
    expect(run.code).toBe(0);
    const [requests, probes] = JSON.parse(run.stdout) as Array<{ a: number; b: number; meanDifference: number; ci95: [number, number] }>;
    // Traffic draws from its own stream, so B's Seed 99 is ignored and the arrivals are the same.
    expect(requests!.meanDifference).toBe(0);
    expect(probes!.b).toBeGreaterThan(probes!.a);
    expect(probes!.meanDifference).toBeCloseTo(probes!.b - probes!.a, 9);
    expect(probes!.ci95[0]).toBeLessThanOrEqual(probes!.meanDifference);
    expect(probes!.ci95[1]).toBeGreaterThanOrEqual(probes!.meanDifference);
  });

  it('prints a table by default, says how it was computed, and exits 2 on bad input', async () => {
    const run = await lbsimIn('compare', a, b, '--seeds', '2', '--jobs', '1');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 common seeds (3..4)');
    expect(run.stdout).toContain('Student t over the pairs');
    expect(run.stdout).toMatch(/^metric +A \(mean\) +B \(mean\) +B - A +95% CI of B - A$/m);
    const missing = await lbsimIn('compare', a, `${work}/nope.json`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json:1:1 file not found');
    expect((await lbsimIn('compare', '--help')).stdout).toContain('Common random numbers');
  });
});
