// The worker pool in this process (vitest runs the TypeScript sources): worker threads load through
// tsx, give the numbers the main thread gives, and a failing unit rejects instead of hanging.

import { describe, expect, it } from 'vitest';
import { runUnits } from '../../src/cli/units/unit-pool.js';
import type { UnitSource } from '../../src/cli/units/unit-eval.js';
import { tinyScenario } from '../helpers/tiny-scenarios.js';

const source: UnitSource = { file: 'tiny.json', text: JSON.stringify(tinyScenario()), metrics: ['requests.total', 'latency.p99', 'incidents.7.start'] };
const tasks = [1, 2, 3].map((seed) => ({ source: 0, seed }));

describe('runUnits', () => {
  it('gives the same numbers, in task order, on worker threads and on the main thread', async () => {
    const progress: number[] = [];
    const threads = await runUnits([source], tasks, { jobs: 2, onProgress: (done) => progress.push(done) });
    const inline = await runUnits([source], tasks, { jobs: 1 });
    expect(threads.map((outcome) => outcome.values)).toEqual(inline.map((outcome) => outcome.values));
    expect(progress).toEqual([1, 2, 3]);
    // A path that names nothing in a run (no incident 7) is null, not an error.
    expect(threads[0]!.values[2]).toBeNull();
  });

  it('rejects when a unit fails in a worker thread, and stops the threads', async () => {
    const broken: UnitSource = { ...source, text: '{"LoadBalancerName": 1}' };
    await expect(runUnits([broken], tasks, { jobs: 2 })).rejects.toThrow(/tiny\.json seed \d failed in a worker thread: .*a validated scenario failed to load/s);
  });
});
