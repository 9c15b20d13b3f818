// Every lesson's Expect states its lesson: it passes as written, and fails once the mechanism the
// lesson teaches is taken out of a copy of the file (a fault removed, draining flipped, a threshold
// or timeout changed). The table is the evidence summarised in docs/testing.md.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateExpectations } from '../../src/report/machine/expectations.js';
import { toJsonSummary } from '../../src/report/machine/summary-json.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { simulate } from '../../src/simulate.js';
import { MECHANISMS, type Lesson } from './lesson-mechanisms.js';

const scenariosDir = join(import.meta.dirname, '..', '..', 'scenarios');
const lessonFiles = readdirSync(scenariosDir).filter((name) => name.endsWith('.json') && name !== 'schema.json').sort();

function check(file: string, disable?: (lesson: Lesson) => void) {
  const lesson = JSON.parse(readFileSync(join(scenariosDir, file), 'utf8')) as Lesson;
  disable?.(lesson);
  // Named as the lesson, so its Config.File is found beside it.
  const loaded = parseScenarioText(JSON.stringify(lesson), join(scenariosDir, file));
  if (!loaded.ok) throw new Error(`${file}: ${loaded.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  const summary = toJsonSummary(simulate(loaded.scenario)) as unknown as Record<string, unknown>;
  return evaluateExpectations(summary, loaded.scenario.expect).map((e) => ({ label: e.name ?? e.metric, passed: e.passed, actual: e.actual, expected: e.expected }));
}

describe('lessons and their mechanisms', () => {
  it('every lesson has at least one mechanism in the table', () => {
    const covered = new Set(MECHANISMS.map((m) => `${m.lesson}.json`));
    expect(lessonFiles.filter((file) => !covered.has(file))).toEqual([]);
  });

  it.each(lessonFiles)('%s meets its Expect as written', (file) => {
    expect(check(file).filter((e) => !e.passed)).toEqual([]);
  });

  it.each(MECHANISMS)('$lesson fails without $mechanism ($change)', ({ lesson, disable, fails }) => {
    const failed = check(`${lesson}.json`, disable).filter((e) => !e.passed);
    expect(fails.length).toBeGreaterThan(0);
    for (const label of fails) expect(failed.map((e) => e.label)).toContain(label);
  });
});
