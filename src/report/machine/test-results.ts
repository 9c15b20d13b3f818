// `lbsim test`: each Expect assertion checked over the seeds of its scenario, and the results as a
// table. An assertion holds when it holds on every seed, or on the share `--quantile` asks for.

import type { ExpectationConfig } from '../../model/config.js';
import { describeBound, meetsBound } from './expectations.js';
import { formatTable } from '../text/format.js';
import { formatNumber } from '../text/number-text.js';

export interface AssertionResult {
  file: string;
  metric: string;
  name: string | null;
  /** The bound and, over several seeds, on how many it must hold. */
  expected: string;
  /** One per seed. */
  seeds: number[];
  values: (number | null)[];
  /** Whether it held on each seed. */
  heldBySeed: boolean[];
  held: number;
  needed: number;
  passed: boolean;
}

/** How many of `seedCount` seeds must hold: the share rounded up, and at least one. */
export function seedsNeeded(seedCount: number, quantile: number): number {
  // 0.9 × 10 is 9.000000000000002 in floating point: do not let that ask for 10.
  return Math.max(1, Math.ceil(quantile * seedCount - 1e-9));
}

/** `valuesBySeed[k][i]` is expectation i's metric on seeds[k]. */
export function checkAssertions(
  file: string,
  expectations: readonly ExpectationConfig[],
  seeds: readonly number[],
  valuesBySeed: readonly (readonly (number | null)[])[],
  quantile: number,
): AssertionResult[] {
  const needed = seedsNeeded(seeds.length, quantile);
  return expectations.map((expectation, i) => {
    const values = valuesBySeed.map((row) => row[i] ?? null);
    const heldBySeed = values.map((value) => meetsBound(expectation, value));
    const held = heldBySeed.filter(Boolean).length;
    const expected = expectedText(expectation, seeds.length, needed);
    return { file, metric: expectation.metric, name: expectation.name, expected, seeds: [...seeds], values, heldBySeed, held, needed, passed: held >= needed };
  });
}

function expectedText(expectation: ExpectationConfig, seedCount: number, needed: number): string {
  const bound = describeBound(expectation);
  if (seedCount === 1) return bound;
  if (needed === seedCount) return `${bound} on all ${seedCount} seeds`;
  return `${bound} on ${needed} of ${seedCount} seeds`;
}

export const assertionLabel = (result: Pick<AssertionResult, 'metric' | 'name'>): string => (result.name === null ? result.metric : `${result.name} (${result.metric})`);

/** One seed: the value; several: the range of values and on how many seeds the assertion held. */
export function actualText(result: AssertionResult): string {
  if (result.values.length === 1) return formatNumber(result.values[0] ?? null);
  const numbers = result.values.filter((value): value is number => value !== null);
  const range = numbers.length === 0 ? '-' : `${formatNumber(Math.min(...numbers))}..${formatNumber(Math.max(...numbers))}`;
  return `${range}, held on ${result.held}/${result.values.length}`;
}

/** What went wrong, for the JUnit failure message: the seeds it failed on and their values. */
export function failureText(result: AssertionResult): string {
  const failing = result.seeds.flatMap((seed, k) => {
    const value = result.values[k] ?? null;
    return result.heldBySeed[k] ? [] : [`${seed} (${value === null ? 'no value' : formatNumber(value)})`];
  });
  const shown = failing.slice(0, MAX_SEEDS_LISTED).join(', ') + (failing.length > MAX_SEEDS_LISTED ? ', …' : '');
  return `${result.metric}: expected ${result.expected}, got ${actualText(result)}; failed on seed${failing.length === 1 ? '' : 's'} ${shown}`;
}

const MAX_SEEDS_LISTED = 10;

/** The table `lbsim test` prints: one row per assertion, scenarios without Expect as one row each. */
export function renderTestTable(results: readonly AssertionResult[], withoutExpect: readonly string[]): string {
  const header = ['scenario', 'assertion', 'expected', 'actual', 'result'];
  const rows = results.map((r) => [r.file, assertionLabel(r), r.expected, actualText(r), r.passed ? 'pass' : 'FAIL']);
  const skipped = withoutExpect.map((file) => [file, '(no Expect block)', '', '', 'skip']);
  const failed = results.filter((r) => !r.passed).length;
  const files = new Set(results.map((r) => r.file)).size;
  const summary = `${results.length} ${results.length === 1 ? 'assertion' : 'assertions'} in ${files} ${files === 1 ? 'scenario' : 'scenarios'}: ${results.length - failed} passed, ${failed} failed`;
  return [...formatTable([header, ...rows, ...skipped], ['l', 'l', 'l', 'l', 'l']), '', summary, ''].join('\n');
}
