// The error line format and the wording helpers every rule shares.

import { describe, expect, it } from 'vitest';
import { closestName, formatPath, formatScenarioError, jsonText, type ScenarioError } from '../../src/scenario/errors.js';

describe('formatScenarioError', () => {
  const at = { file: 'bad.json', line: 7, column: 17 };
  const CASES: Array<[string, ScenarioError, string]> = [
    [
      'expected and actual',
      { ...at, path: 'HealthCheck.Timeout', message: 'must be less than Interval', expected: '< 30', actual: '30' },
      'bad.json:7:17 HealthCheck.Timeout: must be less than Interval (expected < 30, got 30)',
    ],
    ['expected only', { ...at, path: 'Listeners', message: 'missing required key', expected: 'a list' }, 'bad.json:7:17 Listeners: missing required key (expected a list)'],
    ['actual only', { ...at, path: '', message: 'expected a JSON object', actual: 'an array' }, 'bad.json:7:17 expected a JSON object (got an array)'],
    ['neither', { ...at, path: 'Sed', message: 'unknown key; did you mean "Seed"?' }, 'bad.json:7:17 Sed: unknown key; did you mean "Seed"?'],
    ['file-level', { file: 'gone.json', line: 1, column: 1, path: '', message: 'file not found' }, 'gone.json:1:1 file not found'],
  ];
  it.each(CASES)('%s', (_name, error, want) => {
    expect(formatScenarioError(error)).toBe(want);
  });
});

describe('formatPath', () => {
  it('joins keys with dots and indexes with brackets, quoting keys that are not names', () => {
    expect(formatPath(['Instances', 1, 'ServiceTime', 'Mean'])).toBe('Instances[1].ServiceTime.Mean');
    expect(formatPath(['LoadBalancerDescriptions', 0, 'HealthCheck'])).toBe('LoadBalancerDescriptions[0].HealthCheck');
    expect(formatPath(['Traffic', 'a b'])).toBe('Traffic["a b"]');
    expect(formatPath(['$schema'])).toBe('$schema');
    expect(formatPath([])).toBe('');
  });
});

describe('jsonText', () => {
  it('shows values as JSON and cuts long ones at 40 characters', () => {
    expect(jsonText('30s')).toBe('"30s"');
    expect(jsonText({ Base: 'nginx' })).toBe('{"Base":"nginx"}');
    const long = jsonText('x'.repeat(100));
    expect(long).toHaveLength(40);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('closestName', () => {
  const KEYS = ['At', 'Interval', 'Timeout', 'Target', 'UnhealthyThreshold', 'HealthyThreshold', 'Rate', 'Mean', 'Max'];
  it.each([
    ['Intervall', 'Interval'],
    ['interval', 'Interval'],
    ['Timout', 'Timeout'],
    ['HealtyThreshold', 'HealthyThreshold'],
    ['Tagret', 'Target'],
    ['Colour', undefined],
    ['Rat', 'Rate'],
    ['Maen', 'Mean'],
    ['mx', 'Max'],
    ['X', undefined],
  ])('%s → %s', (word, want) => {
    expect(closestName(word, KEYS)).toBe(want);
  });
});
