// The layering rules of DESIGN.md, enforced on the source text: imports point downward only,
// and the deterministic core uses no wall clock, no ambient randomness, no timers, no promises.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = join(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

const files = sourceFiles(srcDir).map((path) => ({ path: relative(srcDir, path).replaceAll('\\', '/'), text: readFileSync(path, 'utf8') }));

function layerOf(path: string): string {
  const bare = path.replace(/\.(ts|js)$/, '');
  if (bare === 'simulate' || bare === 'index') return bare;
  return path.split('/')[0]!;
}

/** Which layers each layer may import (besides itself). */
const allowed: Record<string, string[]> = {
  sim: [],
  model: ['sim'],
  scenario: ['model', 'sim'],
  simulate: ['sim', 'model'],
  report: ['model', 'sim'],
  live: ['sim', 'model', 'scenario', 'report', 'simulate'],
  cli: ['sim', 'model', 'scenario', 'report', 'simulate', 'live'],
  index: ['sim', 'model', 'scenario', 'report', 'simulate'],
};

function relativeImports(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
    found.push((match[1] ?? match[2])!);
  }
  return found;
}

function resolveImport(fromPath: string, spec: string): string {
  const parts = fromPath.split('/').slice(0, -1);
  for (const piece of spec.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.') parts.push(piece);
  }
  return parts.join('/');
}

const deterministicLayers = new Set(['sim', 'model', 'scenario', 'report']);
const forbidden: Array<[RegExp, string]> = [
  [/\bMath\.random\b/, 'Math.random'],
  [/\bDate\b/, 'Date'],
  [/\bsetTimeout\b|\bsetInterval\b|\bsetImmediate\b/, 'timers'],
  [/\bperformance\./, 'performance'],
  [/\bprocess\./, 'process'],
  [/\bPromise\b|\basync\b|\bawait\b/, 'promises'],
  [/from ['"]node:/, 'node: modules (I/O)'],
];

/** Strips comments so prose about "Date" or "await" does not count. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('architecture', () => {
  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports point downward only', () => {
    const violations: string[] = [];
    for (const file of files) {
      const layer = layerOf(file.path);
      for (const spec of relativeImports(file.text)) {
        const target = layerOf(resolveImport(file.path, spec));
        if (target !== layer && !(allowed[layer] ?? []).includes(target)) violations.push(`${file.path} imports ${spec} (${layer} → ${target})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the deterministic core has no wall clock, randomness, timers, promises or I/O', () => {
    const violations: string[] = [];
    for (const file of files) {
      if (!deterministicLayers.has(layerOf(file.path)) || file.path === 'scenario/load.ts') continue;
      const text = code(file.text);
      for (const [pattern, what] of forbidden) if (pattern.test(text)) violations.push(`${file.path}: ${what}`);
    }
    expect(violations).toEqual([]);
  });

  it('only src/live may import fastify, p-queue or undici; only rng.ts imports seedrandom', () => {
    const violations: string[] = [];
    for (const file of files) {
      if (layerOf(file.path) !== 'live' && /from ['"](fastify|p-queue|undici)['"]/.test(file.text)) violations.push(file.path);
      if (file.path !== 'sim/rng.ts' && /from ['"]seedrandom['"]/.test(file.text)) violations.push(file.path);
    }
    expect(violations).toEqual([]);
  });

  it('model/ never imports the simulator itself, only its interfaces', () => {
    const offenders = files.filter((f) => f.path.startsWith('model/') && /sim\/simulator\.js/.test(f.text)).map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('every source file opens with a header comment', () => {
    const missing = files.filter((f) => !/^(#!.*\n)?\/\/ \S/.test(f.text)).map((f) => f.path);
    expect(missing).toEqual([]);
  });
});
