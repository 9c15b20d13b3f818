// `lbsim compare` on one replayed trace: both sides read the same log, so each seed is a pair on
// the same arrivals. The paired difference and its 95% interval are checked against the per-seed
// runs made directly (an independent count) and a Student t interval computed here.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/replay/run-replay.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { lbsimIn } from '../helpers/in-process.js';

const A = 'scenarios/replay/hang-incident-replay.json';
const B = 'scenarios/replay/hang-incident-replay-interval-10.json';
const METRIC = 'gatewayErrors.byReason.ResponseTimeout.count';
const SEEDS = 8;
/** Student t, 97.5% quantile, 7 degrees of freedom (tables). */
const T_975_DF7 = 2.364624;

async function timeoutsAt(file: string, seed: number): Promise<number> {
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const { result } = await runScenario({ ...loaded.scenario, seed });
  return result.gatewayErrors.byReason.ResponseTimeout?.count ?? 0;
}

describe('lbsim compare on a replayed incident', () => {
  it('gives the paired difference of Interval 10 against 30 with its 95% interval, pair by pair on the same trace', async () => {
    const { code, stdout } = await lbsimIn('compare', A, B, '--seeds', String(SEEDS), '--jobs', '1', '--metric', METRIC, '--format', 'json');
    expect(code).toBe(0);
    const [row] = JSON.parse(stdout) as Array<{ metric: string; meanDifference: number; ci95: [number, number] }>;
    const differences: number[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) differences.push((await timeoutsAt(B, seed)) - (await timeoutsAt(A, seed)));
    const mean = differences.reduce((a, b) => a + b, 0) / SEEDS;
    const sd = Math.sqrt(differences.reduce((sum, d) => sum + (d - mean) ** 2, 0) / (SEEDS - 1));
    const half = (T_975_DF7 * sd) / Math.sqrt(SEEDS);
    expect(row!.metric).toBe(METRIC);
    expect(row!.meanDifference).toBeCloseTo(mean, 6);
    expect(row!.ci95[0]).toBeCloseTo(mean - half, 3);
    expect(row!.ci95[1]).toBeCloseTo(mean + half, 3);
    // Checking three times as often catches the hang in about a third of the time: far fewer requests time out.
    expect(row!.ci95[1]).toBeLessThan(0);
  });
});
