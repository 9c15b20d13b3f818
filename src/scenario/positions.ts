// JSON paths against the two forms of a document: the parsed value (what is there) and
// jsonc-parser's syntax tree (where it is, as a 1-based line and column in the original text).

import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { Anchor, JsonPath } from './errors.js';

export interface Position {
  line: number;
  column: number;
}

export interface JsonSource {
  root: Node;
  /** Offset of the first character of each line; line n (1-based) starts at lineStarts[n - 1]. */
  lineStarts: number[];
}

/** Offset of the first character of each line, for positionAt. */
export function lineStartsOf(text: string): number[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    // \r\n, \n and a lone \r all end a line, as jsonc-parser's scanner counts them.
    if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) lineStarts.push(i + 1);
  }
  return lineStarts;
}

export function indexSource(text: string, root: Node): JsonSource {
  return { root, lineStarts: lineStartsOf(text) };
}

export function positionAt(lineStarts: readonly number[], offset: number): Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low]! + 1 };
}

/** The offset a problem should point at; falls back to the nearest ancestor that exists. */
function anchorOffset(root: Node, path: JsonPath, anchor: Anchor): number {
  if (anchor === 'key') {
    const property = findNodeAtLocation(root, [...path])?.parent;
    const key = property?.type === 'property' ? property.children?.[0] : undefined;
    if (key !== undefined) return key.offset;
  }
  let target = anchor === 'parent' ? path.slice(0, -1) : path;
  for (;;) {
    const node = target.length === 0 ? root : findNodeAtLocation(root, [...target]);
    if (node !== undefined) return node.offset;
    target = target.slice(0, -1);
  }
}

export function positionOf(source: JsonSource, path: JsonPath, anchor: Anchor): Position {
  return positionAt(source.lineStarts, anchorOffset(source.root, path, anchor));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a path, or undefined when any step is missing (JSON itself has no undefined). */
export function valueAt(root: unknown, path: JsonPath): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof segment === 'number' && Array.isArray(current)) current = current[segment];
    else if (typeof segment === 'string' && isRecord(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

export interface DuplicateKey {
  path: JsonPath;
  keyOffset: number;
  firstOffset: number;
}

/** Keys given twice in one object: JSON.parse keeps the last silently, which hides edits. */
export function findDuplicateKeys(node: Node, path: JsonPath = []): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  if (node.type === 'object') {
    const seen = new Map<string, number>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key === undefined || typeof key.value !== 'string') continue;
      const name = key.value;
      const first = seen.get(name);
      if (first === undefined) seen.set(name, key.offset);
      else found.push({ path: [...path, name], keyOffset: key.offset, firstOffset: first });
      if (value !== undefined) found.push(...findDuplicateKeys(value, [...path, name]));
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, index) => found.push(...findDuplicateKeys(child, [...path, index])));
  }
  return found;
}
