// Deeply nested JSON is one error with a position, never a stack overflow: the depth is measured
// on the raw text before jsonc-parser or any tree walk recurses.

import { describe, expect, it } from 'vitest';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { findExcessNesting, MAX_NESTING_LEVELS } from '../../src/scenario/nesting.js';

const HEAD = '{"LoadBalancerName": "lb", "Listeners": [{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80}],\n "Description": ';
const arrays = (levels: number) => '['.repeat(levels) + '1' + ']'.repeat(levels);
const objects = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

function lines(text: string): string[] {
  const result = parseScenarioText(text, 'deep.json');
  return result.ok ? [] : result.errors.map(formatScenarioError);
}

describe('nesting depth', () => {
  it.each([
    ['arrays, 3,000 levels', arrays(3_000), 'deep.json:2:80 Description[0][0][0][0][0]…: nested too deeply (expected at most 64 levels, got 3001)'],
    ['objects, 3,000 levels', objects(3_000), 'deep.json:2:332 Description.a.a.a.a.a…: nested too deeply (expected at most 64 levels, got 3001)'],
    ['arrays, 200,000 levels', arrays(200_000), 'deep.json:2:80 Description[0][0][0][0][0]…: nested too deeply (expected at most 64 levels, got 200001)'],
    ['objects, 200,000 levels', objects(200_000), 'deep.json:2:332 Description.a.a.a.a.a…: nested too deeply (expected at most 64 levels, got 200001)'],
  ])('%s: one error, no RangeError', (_name, value, want) => {
    expect(lines(`${HEAD}${value}}`)).toEqual([want]);
  });

  it('stops at the nesting even when the brackets never close', () => {
    expect(lines('['.repeat(200_000))).toEqual(['deep.json:1:65 [0][0][0][0][0][0]…: nested too deeply (expected at most 64 levels, got 200000)']);
  });

  it('allows exactly 64 levels and rejects 65', () => {
    // The root object is level 1, so Description may hold 63 more.
    expect(lines(`${HEAD}${arrays(63)}}`)).toEqual([expect.stringContaining('Description: wrong type')]);
    expect(lines(`${HEAD}${arrays(64)}}`)).toEqual([expect.stringContaining('nested too deeply (expected at most 64 levels, got 65)')]);
  });

  it('does not count brackets inside strings, escaped quotes or comments', () => {
    expect(findExcessNesting(`{"a": "${'['.repeat(1000)}", "b": "\\"${'{'.repeat(1000)}"}`)).toBeNull();
    expect(findExcessNesting(`{/* ${'['.repeat(1000)} */ "a": 1 // ${'['.repeat(1000)}\n}`)).toBeNull();
  });

  it('is not fooled by a quote in a comment or a string cut by a line break', () => {
    // jsonc-parser ends a comment at the line break and a string at an unescaped one; so must the scan.
    expect(findExcessNesting(`// "\n${'['.repeat(5000)}`)?.depth).toBe(5000);
    expect(findExcessNesting(`{"a": "open\n${'['.repeat(5000)}`)?.depth).toBe(5001);
  });

  it('counts a mismatched closing bracket as closing nothing, as the parser does', () => {
    expect(findExcessNesting(`${'[}'.repeat(100)}`)?.depth).toBe(100);
  });

  it('names the path of the first value past the limit, keys decoded', () => {
    const text = `{"x y": [${'{"k\\u0041":'.repeat(MAX_NESTING_LEVELS)}1${'}'.repeat(MAX_NESTING_LEVELS)}]}`;
    const excess = findExcessNesting(text);
    expect(excess?.path.slice(0, 3)).toEqual(['x y', 0, 'kA']);
    expect(excess?.path).toHaveLength(MAX_NESTING_LEVELS);
    expect(excess?.depth).toBe(MAX_NESTING_LEVELS + 2);
  });
});
