// What validation knows about a document while rules run: the value under validation and every
// problem found so far, so a rule can skip fields already reported and one mistake gives one message.

import { formatDurationMs, parseDurationMs } from './duration.js';
import { jsonText, type JsonPath, type Problem } from './errors.js';
import { valueAt } from './positions.js';

export type Rule = (f: Findings) => void;

const isPrefix = (prefix: JsonPath, path: JsonPath) => prefix.length <= path.length && prefix.every((s, i) => s === path[i]);
const samePath = (a: JsonPath, b: JsonPath) => a.length === b.length && isPrefix(a, b);

/** The document under validation and what is already known to be wrong with it. */
export class Findings {
  readonly problems: Problem[];
  constructor(readonly root: unknown, initial: Problem[]) {
    this.problems = [...initial];
  }
  add(problem: Problem): void {
    this.problems.push(problem);
  }
  at(path: JsonPath): unknown {
    return valueAt(this.root, path);
  }
  has(path: JsonPath): boolean {
    return this.at(path) !== undefined;
  }
  /** Nothing reported at, above or below this path. */
  clean(path: JsonPath): boolean {
    return !this.problems.some((p) => isPrefix(p.path, path) || isPrefix(path, p.path));
  }
  /** An unknown key next to this one looks like a misspelling of it. */
  misspelt(path: JsonPath): boolean {
    const parent = path.slice(0, -1);
    return this.problems.some((p) => p.unknownKey === true && p.suggests === path.at(-1) && samePath(p.path.slice(0, -1), parent));
  }
  /** Safe to reason about: valid if present; if absent, its default is really what the author meant. */
  usable(path: JsonPath): boolean {
    return this.clean(path) && (this.has(path) || !this.misspelt(path));
  }
  durationMs(path: JsonPath, defaultMs: number): number {
    return this.has(path) ? (parseDurationMs(this.at(path)) ?? defaultMs) : defaultMs;
  }
  /** How to show a duration in `expected`: as the author wrote it, else the default. */
  shown(path: JsonPath, defaultMs: number): string {
    const value = this.at(path);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : formatDurationMs(defaultMs);
  }
  list(path: JsonPath): unknown[] {
    const value = this.at(path);
    return Array.isArray(value) ? value : [];
  }
  withActual(path: JsonPath, problem: Omit<Problem, 'path' | 'actual'>): void {
    this.add({ ...problem, path, actual: jsonText(this.at(path)) });
  }
}

