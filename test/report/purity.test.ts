// The report layer stays pure and small: every file under src/report (text/, explain/, html/, machine/)
// uses no clock, randomness, timers or promises, imports only report/, the model's run result, sim/time.ts
// and picocolors, and opens with a header comment.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(import.meta.dirname, '../../src/report');
const files = (readdirSync(DIR, { recursive: true }) as string[]).filter((name) => name.endsWith('.ts')).map((name) => name.replaceAll('\\', '/'));
const FORBIDDEN = [/Math\.random/, /\bDate\b/, /\bset(Timeout|Interval|Immediate)\b/, /\bPromise\b/, /\basync\b/, /\bawait\b/, /\bprocess\./];
/** Where a report file's relative import may land, from src/. */
const ALLOWED = [/^report\//, /^model\/run\//, /^model\/(outcome|config)\.js$/, /^sim\/time\.js$/];

describe('src/report', () => {
  it('has files to check, in its four folders', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(new Set(files.map((name) => name.split('/')[0]))).toEqual(new Set(['text', 'explain', 'html', 'machine']));
  });

  it.each(files)('%s uses no clock, randomness, timers, promises or process', (name) => {
    const source = readFileSync(join(DIR, name), 'utf8');
    for (const pattern of FORBIDDEN) expect(source, `${name} matches ${pattern}`).not.toMatch(pattern);
  });

  it.each(files)('%s imports only report/, model/run/, outcome.ts, config.ts, sim/time.ts and picocolors', (name) => {
    const source = readFileSync(join(DIR, name), 'utf8');
    const specifiers = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1] ?? '');
    for (const specifier of specifiers) {
      if (specifier === 'picocolors') continue;
      const landed = posix.normalize(posix.join('report', posix.dirname(name), specifier));
      expect(ALLOWED.some((pattern) => pattern.test(landed)), `${name} imports ${specifier}`).toBe(true);
    }
  });

  it.each(files)('%s opens with a header comment and stays under 300 lines', (name) => {
    const source = readFileSync(join(DIR, name), 'utf8');
    expect(source.startsWith('// ')).toBe(true);
    expect(source.split('\n').length).toBeLessThanOrEqual(300);
  });
});
