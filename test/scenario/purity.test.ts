// The scenario layer's own house rules: only load.ts (the scenario file) and file-access.ts (the
// files a scenario names) do I/O, nothing reads clocks or randomness or goes asynchronous, and
// files stay small enough to read in one sitting.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '..', '..', 'src', 'scenario');
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));

const FILE_READERS = new Set(['load.ts', 'file-access.ts']);

/** Comments may talk about Date or Promise; only code counts. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

const FORBIDDEN: Array<[string, RegExp]> = [
  ['Math.random', /\bMath\.random\b/],
  ['Date', /\bDate\b/],
  ['timers', /\bset(Timeout|Interval|Immediate)\b/],
  ['promises', /\bPromise\b|\basync\b|\bawait\b/],
  ['process', /\bprocess\./],
  ['node: modules', /from ['"]node:/],
];

describe('src/scenario', () => {
  it('has the files this layer is made of', () => {
    expect(files.map((f) => f.name).sort()).toEqual(
      expect.arrayContaining(['defaults.ts', 'duration.ts', 'errors.ts', 'load.ts', 'positions.ts', 'resolve.ts', 'schema.ts', 'validate.ts']),
    );
  });

  it('keeps I/O, clocks, randomness, timers and promises out of everything but the two file readers', () => {
    const violations = files
      .filter((f) => !FILE_READERS.has(f.name))
      .flatMap((f) => FORBIDDEN.filter(([, pattern]) => pattern.test(code(f.text))).map(([what]) => `${f.name}: ${what}`));
    expect(violations).toEqual([]);
  });

  it('opens every file with a header comment and keeps it to 300 lines', () => {
    const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const problems = files.flatMap((f) => [
      ...(/^\/\/ \S/.test(f.text) ? [] : [`${f.name}: no header comment`]),
      ...(lineCount(f.text) <= 300 ? [] : [`${f.name}: ${lineCount(f.text)} lines`]),
    ]);
    expect(problems).toEqual([]);
  });
});
