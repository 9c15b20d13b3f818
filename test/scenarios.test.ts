// Every lesson in scenarios/ (and the replay lessons in scenarios/replay/) runs, meets its own Expect
// block, and renders the golden report in test/golden/<name>.txt (update on purpose with `npx vitest run -u`).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateExpectations } from '../src/report/machine/expectations.js';
import { renderText } from '../src/report/text/render-text.js';
import { toJsonSummary } from '../src/report/machine/summary-json.js';
import { loadScenarioFile } from '../src/scenario/load.js';
import { runScenario } from '../src/replay/run-replay.js';

const scenariosDir = join(import.meta.dirname, '..', 'scenarios');
const files = readdirSync(scenariosDir).filter((name) => name.endsWith('.json') && name !== 'schema.json').sort();
// Replay lessons live apart: the live agreement test plays every top-level lesson, and a replay is not played live.
const replayLessons = readdirSync(join(scenariosDir, 'replay')).filter((name) => name.endsWith('.json')).sort().map((name) => join('replay', name));

describe('scenarios/', () => {
  it('holds the default lesson and at least three more', () => {
    expect(files).toContain('seed-elb-health-check.json');
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  describe.each([...files, ...replayLessons])('%s', (file) => {
    // Loaded inside each test, not when the suite is collected, so that per-test coverage (mutation
    // testing) sees which test reached which validation code.
    const load = () => loadScenarioFile(join(scenariosDir, file));
    it('is valid, has a description and an Expect block', () => {
      const loaded = load();
      expect(loaded.ok ? [] : loaded.errors).toEqual([]);
      if (!loaded.ok) return;
      expect(loaded.scenario.description.length).toBeGreaterThan(20);
      expect(loaded.scenario.expect.length).toBeGreaterThan(0);
    });

    it('meets its expectations and matches its golden report', async () => {
      const loaded = load();
      if (!loaded.ok) throw new Error('invalid scenario');
      const { result } = await runScenario(loaded.scenario);
      const expectations = evaluateExpectations(toJsonSummary(result) as unknown as Record<string, unknown>, loaded.scenario.expect);
      expect(expectations.filter((e) => !e.passed)).toEqual([]);
      await expect(renderText(result, { color: false, expectations })).toMatchFileSnapshot(
        join('golden', file.replace(/^replay\//, '').replace(/\.json$/, '.txt')),
      );
    });
  });
});
