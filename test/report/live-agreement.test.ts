// The live agreement's rules on simulated runs standing in for live ones: a run of another seed lies
// in the spread; a run whose health checks never took the crashed instance out, or that shows no
// error where every seed does, does not. And the spread's quantiles and widening by hand.

import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/run/result.js';
import { compareLiveToSpread } from '../../src/report/machine/live-agreement.js';
import { quantile, spreadRange } from '../../src/report/machine/spread-range.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { simulate, simulateSeeds } from '../../src/simulate.js';

function lesson(name: string) {
  const loaded = loadScenarioFile(`scenarios/${name}.json`);
  if (!loaded.ok) throw new Error(`${name} does not load`);
  return loaded.scenario;
}

const failedNames = (spread: RunResult[], live: RunResult) =>
  compareLiveToSpread(spread, live, { speed: 1 }).filter((check) => !check.passed).map((check) => check.name);

describe('spreadRange', () => {
  it('takes the 2.5 and 97.5 % quantiles by linear interpolation (R type 7)', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    // 0.025 × 40 = 1: the second of 41 values; 0.975 × 40 = 39: the 40th.
    const values = Array.from({ length: 41 }, (_, i) => i * 10);
    expect(spreadRange(values, 0, 0)).toMatchObject({ seedLow: 10, seedHigh: 390 });
  });

  it('widens each side by half the range, then by the allowances', () => {
    const values = Array.from({ length: 41 }, (_, i) => i * 10);
    // Half of 390 − 10 is 190: 10 − 190 − 5 and 390 + 190 + 7.
    expect(spreadRange(values, 5, 7)).toMatchObject({ low: -185, high: 587 });
    // Every seed alike: nothing to widen but the allowances.
    expect(spreadRange([4, 4, 4], 1, 2)).toMatchObject({ low: 3, high: 6 });
  });
});

describe('compareLiveToSpread', () => {
  const crash = lesson('crash-caught-by-health-checks');
  // Simulated inside the first test that asks, not while the file is collected: mutation testing
  // counts code run at collection as reached by every test.
  let crashSpread: RunResult[] | null = null;
  const spreadOf = () => (crashSpread ??= simulateSeeds(crash, 20));

  it('finds a run of another seed inside the spread', () => {
    expect(failedNames(spreadOf(), simulate({ ...crash, seed: crash.seed + 100 }))).toEqual([]);
  });

  it("fails a run whose health checks never took the crashed instance out (every seed's does)", () => {
    const other = simulate({ ...crash, seed: crash.seed + 100 });
    const neverOut: RunResult = { ...other, instances: other.instances.map((instance) => ({ ...instance, transitions: [] })) };
    expect(failedNames(spreadOf(), neverOut)).toContain('health of i-1');
  });

  it('fails a run without errors where every seed shows some, however wide the spread', () => {
    const malformed = lesson('malformed-response-502');
    const seeds = simulateSeeds(malformed, 20);
    expect(Math.min(...seeds.map((run) => run.gatewayErrors.total))).toBeGreaterThan(0);
    const other = simulate({ ...malformed, seed: malformed.seed + 100 });
    const noErrors: RunResult = { ...other, gatewayErrors: { total: 0, byReason: {} } };
    expect(failedNames(seeds, noErrors)).toEqual(expect.arrayContaining(['reasons and statuses', 'gateway errors']));
  });

  it('fails a run whose machine sent most arrivals late, whatever else it shows', () => {
    const other = simulate({ ...crash, seed: crash.seed + 100 });
    const late: RunResult = { ...other, live: { speed: 1, realMs: 1, sent: 100, late: 60, loopDelayMs: 0, hopOverheadMs: null } };
    expect(failedNames(spreadOf(), late)).toEqual(['machine kept real time']);
  });
});
