// What an AWS reader records while it maps a file: each key applied or not modelled, and each config
// error, all at the key's own line and column; plus reading numbers, booleans and strings that
// CloudFormation may give as strings ("30") or as intrinsics resolved through intrinsics.ts.

import { formatPath, jsonText, type JsonPath } from '../../errors.js';
import type { ConfigError, DirectiveNote } from '../import-types.js';
import { resolveIntrinsic, shortForm, type Template } from './intrinsics.js';
import type { SourceTree } from './source-tree.js';

export interface Bounds {
  min: number;
  max: number;
}

/** A value read from the file: the value itself, and how it was obtained when it was not written plainly. */
export interface Read<T> {
  value: T;
  /** e.g. `parameter HealthInterval's Default`; shown after the applied fields. */
  via?: string;
}

export class ImportNotes {
  readonly applied: DirectiveNote[] = [];
  readonly notModelled: DirectiveNote[] = [];
  readonly errors: ConfigError[] = [];

  constructor(
    readonly tree: SourceTree,
    /** The CloudFormation template, for parameter Defaults and resource names; null for CLI output. */
    readonly template: Template | null,
  ) {}

  /** `HealthCheckIntervalSeconds: 10`, `Port: !Ref AppPort`: the key and its value as the file shows them. */
  directive(path: JsonPath, value: unknown = this.valueAt(path)): string {
    const key = path[path.length - 1];
    const shown = shortForm(value);
    return typeof key === 'number' ? `${formatPath(path.slice(-2))} ${shown}` : `${String(key)}: ${shown}`;
  }

  valueAt(path: JsonPath): unknown {
    let current: unknown = this.tree.root;
    for (const segment of path) {
      if (typeof current !== 'object' || current === null) return undefined;
      current = (current as Record<string | number, unknown>)[segment];
    }
    return current;
  }

  apply(path: JsonPath, detail: string, directive = this.directive(path)): void {
    this.applied.push({ at: this.tree.spot(path), directive, detail });
  }

  skip(path: JsonPath, detail: string, directive = this.directive(path)): void {
    this.notModelled.push({ at: this.tree.spot(path), directive, detail });
  }

  /** `actual` defaults to the value at `path`; pass undefined explicitly for none. */
  error(path: JsonPath, message: string, expected?: string, ...given: unknown[]): void {
    const actual = given.length === 0 ? this.valueAt(path) : given[0];
    const error: ConfigError = { ...this.tree.spot(path, 'value'), path: formatPath(path), message };
    if (expected !== undefined) error.expected = expected;
    if (actual !== undefined) error.actual = typeof actual === 'object' && actual !== null ? shortForm(actual) : jsonText(actual);
    this.errors.push(error);
  }

  /** Every key of the object at `base` not in `handled`, as not modelled for `why(key)`. */
  skipRest(base: JsonPath, handled: readonly string[], why: (key: string) => string): void {
    const value = this.valueAt(base);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    for (const key of Object.keys(value)) if (!handled.includes(key)) this.skip([...base, key], why(key));
  }

  /**
   * The plain value at `path`: an intrinsic resolves through a parameter's Default (noted by the
   * caller with `via`); one that cannot is noted as not modelled and gives undefined.
   */
  plain(path: JsonPath, fallback: string): Read<unknown> | undefined {
    const raw = this.valueAt(path);
    if (raw === undefined) return undefined;
    const resolved = resolveIntrinsic(raw, this.template);
    if (resolved.kind === 'value') return resolved.via === undefined ? { value: resolved.value } : { value: resolved.value, via: resolved.via };
    this.skip(path, `${resolved.why}; ${fallback}`);
    return undefined;
  }

  /** An integer (a number or a numeric string, as CloudFormation gives them) within bounds, else an error. */
  integer(path: JsonPath, bounds: Bounds, fallback: string, unit = ''): Read<number> | undefined {
    const read = this.plain(path, fallback);
    if (read === undefined) return undefined;
    const n = typeof read.value === 'number' ? read.value : typeof read.value === 'string' && /^\s*-?\d+\s*$/.test(read.value) ? Number(read.value) : NaN;
    const expected = `an integer ${bounds.min}–${bounds.max}${unit}`;
    if (!Number.isSafeInteger(n)) {
      this.error(path, 'not an integer', expected, read.value);
      return undefined;
    }
    if (n < bounds.min || n > bounds.max) {
      this.error(path, 'out of range', expected, read.value);
      return undefined;
    }
    return { ...read, value: n };
  }

  boolean(path: JsonPath, fallback: string): Read<boolean> | undefined {
    const read = this.plain(path, fallback);
    if (read === undefined) return undefined;
    const value = read.value;
    if (typeof value === 'boolean') return { ...read, value };
    if (value === 'true' || value === 'false') return { ...read, value: value === 'true' };
    this.error(path, 'not a boolean', 'true or false', value);
    return undefined;
  }

  string(path: JsonPath, fallback: string): Read<string> | undefined {
    const read = this.plain(path, fallback);
    if (read === undefined) return undefined;
    if (typeof read.value === 'string' || typeof read.value === 'number') return { ...read, value: String(read.value) };
    this.error(path, 'not a string', 'a string', read.value);
    return undefined;
  }

  /** `Fields (parameter X's Default)`: the applied detail, saying where a resolved value came from. */
  static detail(fields: string, read: { via?: string } | undefined): string {
    return read?.via === undefined ? fields : `${fields} (${read.via})`;
  }
}
