// The report layer stays pure and small: a guard until the project-wide architecture test covers it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(import.meta.dirname, '../../src/report');
const files = readdirSync(DIR).filter((name) => name.endsWith('.ts'));
const FORBIDDEN = [/Math\.random/, /\bDate\b/, /\bset(Timeout|Interval|Immediate)\b/, /\bPromise\b/, /\basync\b/, /\bawait\b/, /\bprocess\./];

describe('src/report', () => {
  it('has files to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('%s uses no clock, randomness, timers, promises or process', (name) => {
    const source = readFileSync(join(DIR, name), 'utf8');
    for (const pattern of FORBIDDEN) expect(source, `${name} matches ${pattern}`).not.toMatch(pattern);
  });

  it.each(files)('%s imports only model/, sim/time.ts, report/ and picocolors', (name) => {
    const source = readFileSync(join(DIR, name), 'utf8');
    const specifiers = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1] ?? '');
    for (const specifier of specifiers) expect(specifier).toMatch(/^(\.\.\/model\/[\w/-]+\.js|\.\.\/sim\/time\.js|\.\/[\w-]+\.js|picocolors)$/);
  });

  it.each(files)('%s opens with a header comment and stays under 300 lines', (name) => {
    const source = readFileSync(join(DIR, name), 'utf8');
    expect(source.startsWith('// ')).toBe(true);
    expect(source.split('\n').length).toBeLessThanOrEqual(300);
  });
});
