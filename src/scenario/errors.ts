// Scenario errors as values: a Problem names a JSON path; a ScenarioError adds file, line and column.
// Message wording helpers live here so every rule phrases "expected/got" and "did you mean" alike.

import { distance } from 'fastest-levenshtein';

export interface ScenarioError {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
  expected?: string;
  actual?: string;
}

export type JsonPath = ReadonlyArray<string | number>;

/**
 * Where a problem points: the value itself, the key (unknown or unwanted keys), or the
 * enclosing object (a key that is missing has no position of its own).
 */
export type Anchor = 'value' | 'key' | 'parent';

/** A validation finding before it has a position in the text. */
export interface Problem {
  path: JsonPath;
  message: string;
  anchor: Anchor;
  expected?: string;
  actual?: string;
  /** Set on unknown keys: the known key it resembles, so "missing <that key>" can be suppressed. */
  suggests?: string;
  unknownKey?: boolean;
}

/** `file:line:column path: message (expected …, got …)`; parts that are absent are left out. */
export function formatScenarioError(e: ScenarioError): string {
  const where = `${e.file}:${e.line}:${e.column}`;
  const details: string[] = [];
  if (e.expected !== undefined) details.push(`expected ${e.expected}`);
  if (e.actual !== undefined) details.push(`got ${e.actual}`);
  const suffix = details.length > 0 ? ` (${details.join(', ')})` : '';
  const subject = e.path === '' ? '' : `${e.path}: `;
  return `${where} ${subject}${e.message}${suffix}`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `Instances[1].ServiceTime.Mean`; keys that are not identifiers are quoted: `Traffic["a b"]`. */
export function formatPath(path: JsonPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

const MAX_ACTUAL_CHARS = 40;

/** The value as JSON text, cut to a readable length: what the user wrote, not how we parsed it. */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= MAX_ACTUAL_CHARS ? text : `${text.slice(0, MAX_ACTUAL_CHARS - 1)}…`;
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n;
}

function isLess(a: readonly number[], b: readonly number[]): boolean {
  const i = a.findIndex((value, k) => value !== b[k]);
  return i >= 0 && a[i]! < b[i]!;
}

/** The closest candidate when it is close enough to be a typo (case is ignored), else undefined. */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  // Two edits catch a swapped pair ("Maen"); longer names tolerate a third of their length.
  // Very short words get one edit, or everything would look like everything.
  const limit = word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3));
  let best: { name: string; rank: number[] } | undefined;
  for (const name of candidates) {
    const candidate = name.toLowerCase();
    // Ties go to the closer length (a swapped pair keeps it: "Maen" is Mean, not Max), then to the
    // longer shared beginning ("Rat" is Rate cut short, not At with a stray letter).
    const rank = [distance(lower, candidate), Math.abs(lower.length - candidate.length), -commonPrefixLength(lower, candidate)];
    if (best === undefined || isLess(rank, best.rank)) best = { name, rank };
  }
  return best !== undefined && best.rank[0]! <= limit ? best.name : undefined;
}

/** `; did you mean "Interval"?` or nothing, to append to a message. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
}

/** "one of a, b, c" for the `expected` part of enum errors. */
export function oneOfText(names: readonly string[]): string {
  return `one of ${names.join(', ')}`;
}
