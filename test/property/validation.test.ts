// Property tests of the input side: random JSON, random text and mutated valid scenarios never crash
// loading; they load, or yield errors with a position and a message (exit 2), and what loads simulates.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { parseScenarioText, type LoadResult } from '../../src/scenario/load.js';
import type { ResolvedScenario } from '../../src/scenario/resolved.js';
import { simulate } from '../../src/simulate.js';
import { jsonPaths, mutate, mutation, validScenario } from './arbitraries.js';

const scenariosDir = join(import.meta.dirname, '..', '..', 'scenarios');
const lessonNames = readdirSync(scenariosDir)
  .filter((name) => name.endsWith('.json') && name !== 'schema.json')
  .sort();
const lessons = lessonNames.map((name) => JSON.parse(readFileSync(join(scenariosDir, name), 'utf8')) as unknown);
const seedLesson = lessons[lessonNames.indexOf('seed-elb-health-check.json')] as object;
/** Named as if in scenarios/, so a lesson's `Config` finds its config next to it. */
const PROPERTY_FILE = join(scenariosDir, 'property.json');

/** Loads or explains: either a scenario, or errors that each carry a position and a message. */
function expectLoadsOrExplains(text: string): LoadResult {
  const result = parseScenarioText(text, PROPERTY_FILE);
  if (!result.ok) {
    expect(result.errors.length).toBeGreaterThan(0);
    for (const error of result.errors) {
      expect(error.line).toBeGreaterThanOrEqual(1);
      expect(error.column).toBeGreaterThanOrEqual(1);
      expect(error.message.length).toBeGreaterThan(0);
      // In the scenario, or in the config a lesson's Config names.
      expect(formatScenarioError(error)).toMatch(/^\S+(property\.json|configs\/\S+):\d+:\d+ /);
    }
  }
  return result;
}

/** Only runs a mutated scenario when it stays small: a mutation may ask for 30 days at 10 M req/s. */
function smallEnough(scenario: ResolvedScenario): boolean {
  const peak = Math.max(scenario.traffic.rate, ...scenario.traffic.pattern.map((point) => point.rate));
  return scenario.durationMs <= 600_000 && scenario.instances.length <= 20 && (peak * scenario.durationMs) / 1000 <= 20_000;
}

/**
 * Simulates and counts the answers in the event log, apart from the run's own counters: every request
 * after Warmup has one answer or is in flight at the end, and the status counts are those answers.
 */
function expectEveryRequestAccounted(scenario: ResolvedScenario): void {
  const answers = new Map<number, number>();
  const run = simulate(scenario, {
    logRequests: true,
    sink: { emit: (event) => void (event.type === 'request' && event.counted && answers.set(event.request, (answers.get(event.request) ?? 0) + 1)) },
  });
  expect([...answers.values()].filter((count) => count !== 1)).toEqual([]);
  expect(answers.size + run.requests.inFlightAtEnd).toBe(run.requests.total);
  expect(Object.values(run.statusCounts).reduce((sum, n) => sum + n, 0)).toBe(answers.size);
}

describe('found by these properties', () => {
  it('an AWS balancer with an empty pool answers 503 NoRegisteredInstances instead of crashing', () => {
    const loaded = parseScenarioText(JSON.stringify({ ...seedLesson, Instances: [], Events: [], Expect: [] }), 'empty.json');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
    const run = simulate({ ...loaded.scenario, durationMs: 60_000 });
    // The lesson's 10 req/s (Poisson by default) for 60 s: 600 expected, within 5 standard deviations (√600 ≈ 24.5).
    expect(Math.abs(run.requests.total - 600)).toBeLessThanOrEqual(5 * Math.sqrt(600));
    // Every one answered at once: 503 with no registered instance (lb-semantics.md §1.2, 503 cause 2).
    expect(run.requests.inFlightAtEnd).toBe(0);
    expect(run.statusCounts).toEqual({ '503': run.requests.total });
    expect(run.gatewayErrors.byReason).toEqual({ NoRegisteredInstances: { status: 503, count: run.requests.total } });
  });
});

describe('property: loading never crashes', () => {
  it('random JSON values load or give positioned errors', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        expectLoadsOrExplains(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it('random text, and valid scenarios cut or spliced with junk, give positioned errors', () => {
    fc.assert(
      fc.property(validScenario, fc.nat(), fc.string({ unit: 'binary', maxLength: 8 }), fc.boolean(), (document, at, junk, cut) => {
        const text = JSON.stringify(document, null, 2);
        const offset = at % (text.length + 1);
        expectLoadsOrExplains(cut ? text.slice(0, offset) : text.slice(0, offset) + junk + text.slice(offset));
      }),
      { numRuns: 200 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => void expectLoadsOrExplains(text)), { numRuns: 200 });
  });

  it('generated scenarios are valid and simulate', () => {
    fc.assert(
      fc.property(validScenario, (document) => {
        const result = parseScenarioText(JSON.stringify(document), 'property.json');
        expect(result.ok ? [] : result.errors.map(formatScenarioError)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('mutated lessons and generated scenarios load or explain, and what loads simulates', () => {
    const documents = fc.oneof(fc.constantFrom(...lessons), validScenario);
    fc.assert(
      fc.property(documents, fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (document, pick, changes) => {
        let mutated = document;
        for (const change of changes) {
          const paths = jsonPaths(mutated);
          mutated = mutate(mutated, paths[pick % paths.length]!, change);
        }
        const result = expectLoadsOrExplains(JSON.stringify(mutated) ?? 'null');
        if (result.ok && smallEnough(result.scenario)) expectEveryRequestAccounted(result.scenario);
      }),
      { numRuns: 300 },
    );
  });
});
