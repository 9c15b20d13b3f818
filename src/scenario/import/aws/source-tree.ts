// AWS files (CloudFormation JSON/YAML, CLI JSON output) as plain values plus the line and column of
// every key and value, parsed by the shared ../yaml-source.ts. CloudFormation's short tags (`!Ref X`)
// become their long form (`{"Ref": "X"}`).

import { isMap, isPair, isScalar, isSeq, type Node, type Tags } from 'yaml';
import { withoutByteOrderMark } from '../../byte-order-mark.js';
import type { JsonPath } from '../../errors.js';
import type { ConfigError, SourceSpot } from '../import-types.js';
import { parseYamlSource } from '../yaml-source.js';

/** Every short-form intrinsic CloudFormation accepts in YAML (Fn:: unless noted). */
const INTRINSIC_NAMES = [
  'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub',
  'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString', 'Ref', 'Condition',
] as const;

/** Tags that keep the node as parsed; the walk below turns a tagged node into its long form. */
const INTRINSIC_TAGS: Tags = INTRINSIC_NAMES.flatMap((name) => [
  { tag: `!${name}`, resolve: (text: string) => text },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (node: unknown) => node },
  { tag: `!${name}`, collection: 'map' as const, resolve: (node: unknown) => node },
]) as Tags;

interface Spots {
  key?: number;
  value: number;
}

export interface SourceTree {
  file: string;
  root: unknown;
  /** The position of a key (or of its value when it has no key, as in a list), else of the nearest ancestor. */
  spot(path: JsonPath, anchor?: 'key' | 'value'): SourceSpot;
}

export type ParseOutcome = { ok: true; tree: SourceTree } | { ok: false; errors: ConfigError[] };

const pathKey = (path: JsonPath) => JSON.stringify(path);

/** `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`; the rest wrap their argument. */
function longForm(tag: string, value: unknown): unknown {
  const name = tag.slice(1);
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

function isIntrinsicTag(tag: string | undefined): tag is string {
  return tag !== undefined && (INTRINSIC_NAMES as readonly string[]).includes(tag.slice(1)) && tag.startsWith('!');
}

/** Plain value of a node, recording where each path starts. */
function walk(node: unknown, path: JsonPath, spots: Map<string, Spots>, keyOffset?: number): unknown {
  const offset = (node as Node | null)?.range?.[0] ?? keyOffset ?? 0;
  spots.set(pathKey(path), keyOffset === undefined ? { value: offset } : { key: keyOffset, value: offset });
  const tag = (node as Node | null)?.tag;
  if (isIntrinsicTag(tag)) {
    // The argument sits under the long form's one key, at the tagged node's own place.
    const name = tag === '!Ref' || tag === '!Condition' ? tag.slice(1) : `Fn::${tag.slice(1)}`;
    const inner = plain(node, [...path, name], spots, offset);
    return longForm(tag, inner);
  }
  return plain(node, path, spots, keyOffset);
}

function plain(node: unknown, path: JsonPath, spots: Map<string, Spots>, keyOffset?: number): unknown {
  if (isMap(node)) {
    const result: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyAt = (pair.key as Node | null)?.range?.[0] ?? 0;
      const child = walk(pair.value, [...path, key], spots, keyAt);
      Object.defineProperty(result, key, { value: child, enumerable: true, writable: true, configurable: true });
    }
    return result;
  }
  if (isSeq(node)) return node.items.map((item, i) => walk(item, [...path, i], spots));
  if (isScalar(node)) return node.value;
  if (keyOffset !== undefined && (node === null || node === undefined)) return null;
  return node ?? null;
}

/** Parse JSON or YAML text; syntax errors come back with the file's line and column. */
export function parseSourceTree(text: string, file: string): ParseOutcome {
  if (withoutByteOrderMark(text).trim() === '') return { ok: false, errors: [{ file, line: 1, column: 1, path: '', message: 'file is empty' }] };
  const parsed = parseYamlSource(text, file, { customTags: INTRINSIC_TAGS, language: 'JSON/YAML' });
  if (!parsed.ok) return parsed;
  const at = parsed.source.spotOfOffset;
  const spots = new Map<string, Spots>();
  const root = walk(parsed.source.root, [], spots);
  const spot = (path: JsonPath, anchor: 'key' | 'value' = 'key'): SourceSpot => {
    for (let n = path.length; n >= 0; n--) {
      const found = spots.get(pathKey(path.slice(0, n)));
      if (found !== undefined) return at(anchor === 'key' && found.key !== undefined ? found.key : found.value);
    }
    return at(0);
  };
  return { ok: true, tree: { file, root, spot } };
}

/** Cheap shape check for detection: the root object, or null when the text does not parse. */
export function parseRootQuietly(text: string): Record<string, unknown> | null {
  try {
    const parsed = parseSourceTree(text, '');
    if (!parsed.ok) return null;
    const root = parsed.tree.root;
    return typeof root === 'object' && root !== null && !Array.isArray(root) ? (root as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
