// The worker pool in this process (vitest runs the TypeScript sources): worker threads load through
// tsx, get each resolved scenario as an exact copy, give the numbers the main thread gives, and a
// failing unit rejects instead of hanging.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runUnits } from '../../src/cli/units/unit-pool.js';
import type { UnitSource } from '../../src/cli/units/unit-eval.js';
import type { ReplayConfig } from '../../src/model/config.js';
import { loadScenarioFile, parseScenarioText } from '../../src/scenario/load.js';
import { tinyScenario } from '../helpers/tiny-scenarios.js';

const loaded = parseScenarioText(JSON.stringify(tinyScenario()), 'tiny.json');
if (!loaded.ok) throw new Error('the tiny scenario must load');
const source: UnitSource = { file: 'tiny.json', scenario: loaded.scenario, metrics: ['requests.total', 'latency.p99', 'incidents.7.start'] };
const tasks = [1, 2, 3].map((seed) => ({ source: 0, seed }));

const scenariosDir = join(import.meta.dirname, '..', '..', 'scenarios');
const lessons = [scenariosDir, join(scenariosDir, 'replay')].flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.json') && name !== 'schema.json')
    .map((name) => join(dir, name)),
);

describe('runUnits', () => {
  it('hands worker threads every lesson unchanged: a resolved scenario is plain data, so its structured clone equals it', () => {
    expect(lessons.length).toBeGreaterThan(20);
    for (const file of lessons) {
      const result = loadScenarioFile(file);
      if (!result.ok) throw new Error(`${file} must load`);
      // toStrictEqual also compares prototypes and undefined keys: a class instance or a function would not survive.
      expect(structuredClone(result.scenario), file).toStrictEqual(result.scenario);
    }
  });

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
    // A replayed log that is gone by the time the unit runs.
    const replay: ReplayConfig = { files: ['no-such-access.log'], scenarioFile: '/nonexistent/tiny.json', format: 'clb', logFormat: null, from: null, to: null, speed: 1, reorderWindowMs: 0 };
    const broken: UnitSource = { ...source, scenario: { ...source.scenario, traffic: { ...source.scenario.traffic, replay } } };
    await expect(runUnits([broken], tasks, { jobs: 2 })).rejects.toThrow(/tiny\.json seed \d failed in a worker thread: .*no-such-access\.log/s);
  });
});
