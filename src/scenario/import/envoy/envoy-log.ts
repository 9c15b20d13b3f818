// The Envoy reader's record of what it read: each key applied (the scenario fields it set) or not
// modelled (why), each with its file:line:col, plus the config errors. `visitMap` makes sure no key
// of a map is passed over: a key without a handler is noted as not modelled.

import { isScalar, type Node, type Pair } from 'yaml';
import type { ConfigError, DirectiveNote } from '../import-types.js';
import { mapEntries, type MapEntry, type YamlSource } from '../yaml-source.js';

/** Where a note points: a map entry (its key), or a node (a list item). */
export type At = Node | Pair;

export class EnvoyLog {
  readonly applied: DirectiveNote[] = [];
  readonly notModelled: DirectiveNote[] = [];
  readonly errors: ConfigError[] = [];

  constructor(readonly source: YamlSource) {}

  apply(at: At, directive: string, detail: string): void {
    this.applied.push({ at: this.source.spotOf(at), directive, detail });
  }

  skip(at: At, directive: string, why: string): void {
    this.notModelled.push({ at: this.source.spotOf(at), directive, detail: why });
  }

  error(at: At, path: string, message: string, expected?: string, actual?: string): void {
    const spot = this.source.spotOf(at);
    this.errors.push({
      file: spot.file,
      line: spot.line,
      column: spot.column,
      path,
      message,
      ...(expected === undefined ? {} : { expected }),
      ...(actual === undefined ? {} : { actual }),
    });
  }
}

/** `path: value` for a scalar value, the path alone for a map or list: how the config spells it. */
export function directiveText(path: string, value: Node | null): string {
  if (value === null) return path;
  if (isScalar(value)) return `${path}: ${String(value.value)}`;
  return path;
}

/** `prefix.key`, or `key` at the top. */
export const joinPath = (prefix: string, key: string | number): string =>
  typeof key === 'number' ? `${prefix}[${key}]` : prefix === '' ? key : `${prefix}.${key}`;

export type EntryHandler = (entry: MapEntry, path: string) => void;

/**
 * Calls the handler of each key present in `node`, in file order; a key with no handler is noted
 * as not modelled with `reasons[key]` or `fallback`. Every key of the map is thus noted once,
 * by its handler or here.
 */
export function visitMap(
  log: EnvoyLog,
  node: Node | null,
  prefix: string,
  handlers: Record<string, EntryHandler>,
  reasons: Record<string, string>,
  fallback: string,
): void {
  for (const entry of mapEntries(node)) {
    const path = joinPath(prefix, entry.key);
    const handler = Object.hasOwn(handlers, entry.key) ? handlers[entry.key] : undefined;
    if (handler !== undefined) handler(entry, path);
    else log.skip(entry.pair, directiveText(path, entry.value), reasons[entry.key] ?? fallback);
  }
}
