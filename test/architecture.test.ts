// The layering rules of DESIGN.md, enforced on the source text: imports point downward only,
// the deterministic core uses no wall clock, randomness, timers, promises or Node built-ins,
// and every source and test file opens with a header comment.
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = join(import.meta.dirname, '..', 'src');
const testDir = import.meta.dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

const readAll = (dir: string) => sourceFiles(dir).map((path) => ({ path: relative(dir, path).replaceAll('\\', '/'), text: readFileSync(path, 'utf8') }));
const files = readAll(srcDir);
const testFiles = readAll(testDir);

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
  // Replayed logs: read and parsed here (I/O), fed to the simulator in batches.
  replay: ['sim', 'model', 'scenario', 'simulate'],
  live: ['sim', 'model', 'scenario', 'report', 'simulate'],
  cli: ['sim', 'model', 'scenario', 'report', 'simulate', 'live', 'replay'],
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

/** The model as report/ may see it (model/run/model-facts.ts re-exports the few rules and tables prose restates). */
const REPORT_MAY_READ = ['model/run/', 'model/outcome.js', 'model/config.js'];

const deterministicLayers = new Set(['sim', 'model', 'scenario', 'report']);
/** The scenario layer's two readers of files: the scenario, and the files it names (through a file access policy). */
const FILE_READERS = new Set(['scenario/load.ts', 'scenario/file-access.ts']);
const forbidden: Array<[RegExp, string]> = [
  [/\bMath\.random\b/, 'Math.random'],
  [/\bDate\b/, 'Date'],
  [/\bsetTimeout\b|\bsetInterval\b|\bsetImmediate\b/, 'timers'],
  [/\bperformance\./, 'performance'],
  [/\bprocess\./, 'process'],
  [/\bPromise\b|\basync\b|\bawait\b/, 'promises'],
];

/** Every module a file names: static and side-effect imports, re-exports, import() and require(). */
function moduleSpecifiers(text: string): string[] {
  const pattern = /\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]|\brequire\s*\(\s*['"]([^'"]+)['"]/g;
  return [...text.matchAll(pattern)].map((match) => (match[1] ?? match[2])!);
}

const builtins = new Set(builtinModules);

/** `node:fs`, and just as much `fs`, `path`, `os` or `fs/promises`: Node's own modules are I/O and ambient state. */
function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(specifier.split('/')[0]!);
}

/** What a deterministic-core file must not use, found in its code (comments stripped). */
function coreViolations(path: string, text: string): string[] {
  const body = code(text);
  const found = forbidden.filter(([pattern]) => pattern.test(body)).map(([, what]) => `${path}: ${what}`);
  for (const specifier of moduleSpecifiers(body)) if (isNodeBuiltin(specifier)) found.push(`${path}: Node built-in '${specifier}' (I/O)`);
  return found;
}

const HEADER_COMMENT = /^(#!.*\n)?\/\/ \S/;

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

  it('report/ reads the model only through the run result: model/run/, outcome.ts and config.ts', () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => layerOf(f.path) === 'report')) {
      for (const spec of relativeImports(file.text)) {
        const target = resolveImport(file.path, spec);
        if (layerOf(target) === 'model' && !REPORT_MAY_READ.some((allowedPath) => target.startsWith(allowedPath))) violations.push(`${file.path} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the deterministic core has no wall clock, randomness, timers, promises or I/O', () => {
    const violations: string[] = [];
    for (const file of files) {
      if (!deterministicLayers.has(layerOf(file.path)) || FILE_READERS.has(file.path)) continue;
      violations.push(...coreViolations(file.path, file.text));
    }
    expect(violations).toEqual([]);
  });

  it('counts bare Node built-in imports as I/O, not only node: ones', () => {
    const sample = [
      "import { readFileSync } from 'fs';",
      'import * as path from "path";',
      "import os from 'os';",
      "export { promises } from 'fs/promises';",
      "import 'crypto';",
      "const cp = require('child_process');",
      "import { x } from 'node:util';",
      "import { z } from 'zod';",
      "import { y } from './fs.js';",
      "// import { readFileSync } from 'fs' in a comment is prose",
    ].join('\n');
    expect(coreViolations('model/x.ts', sample)).toEqual([
      "model/x.ts: Node built-in 'fs' (I/O)",
      "model/x.ts: Node built-in 'path' (I/O)",
      "model/x.ts: Node built-in 'os' (I/O)",
      "model/x.ts: Node built-in 'fs/promises' (I/O)",
      "model/x.ts: Node built-in 'crypto' (I/O)",
      "model/x.ts: Node built-in 'child_process' (I/O)",
      "model/x.ts: Node built-in 'node:util' (I/O)",
    ]);
  });

  it('only src/live may import fastify, p-queue or undici; only rng.ts imports seedrandom', () => {
    const violations: string[] = [];
    for (const file of files) {
      if (layerOf(file.path) !== 'live' && /from ['"](fastify|p-queue|undici)['"]/.test(file.text)) violations.push(file.path);
      if (file.path !== 'sim/rng.ts' && /from ['"]seedrandom['"]/.test(file.text)) violations.push(file.path);
    }
    expect(violations).toEqual([]);
  });

  it('cli/ loads live/ only when a live command runs: no static import of it', () => {
    const offenders = files
      .filter((file) => file.path.startsWith('cli/'))
      .filter((file) => /^import\s+(?!type\b)[^;]*from\s+'\.\.\/live\//m.test(file.text))
      .map((file) => file.path);
    expect(offenders).toEqual([]);
  });

  it('model/ never imports the simulator itself, only its interfaces', () => {
    const offenders = files.filter((f) => f.path.startsWith('model/') && /sim\/simulator\.js/.test(f.text)).map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('every source file opens with a header comment', () => {
    const missing = files.filter((f) => !HEADER_COMMENT.test(f.text)).map((f) => f.path);
    expect(missing).toEqual([]);
  });

  it('every test file opens with a header comment too', () => {
    expect(testFiles.length).toBeGreaterThan(20);
    const missing = testFiles.filter((f) => !HEADER_COMMENT.test(f.text)).map((f) => `test/${f.path}`);
    expect(missing).toEqual([]);
  });
});
