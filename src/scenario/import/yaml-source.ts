// YAML (or JSON, which YAML 1.2 reads too) parsed with every node's file:line:col kept, for the
// native-config readers. Syntax errors come back as ConfigErrors with positions; custom tags
// (CloudFormation's `!Ref`, `!Sub`, `!GetAtt`) are passed through to the `yaml` package.

import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type Tags } from 'yaml';
import { withoutByteOrderMark } from '../byte-order-mark.js';
import type { ConfigError, SourceSpot } from './import-types.js';

export interface YamlSourceOptions {
  /**
   * Extra tags, in the `yaml` package's form, e.g. CloudFormation's short forms:
   * `{ tag: '!Ref', resolve: (name: string) => ({ Ref: name }) }` for a scalar, and
   * `{ tag: '!GetAtt', collection: 'seq', resolve: (seq) => ({ 'Fn::GetAtt': seq.toJSON() }) }` for a list.
   * A tag the document uses but nobody declared is a warning, not an error (see `warnings`).
   */
  customTags?: Tags;
  /** What the file is called in syntax errors ("YAML syntax error: …"); AWS files are JSON or YAML. */
  language?: string;
}

export interface YamlSource {
  file: string;
  /** The document's top node; null for an empty document. */
  root: Node | null;
  /** Non-fatal findings of the parser (an unresolved tag, for instance), with positions. */
  warnings: ConfigError[];
  /** The file position of a character offset in the text (after any byte-order mark). */
  spotOfOffset(offset: number): SourceSpot;
  /** Where a node starts, or for a map entry where its key starts. */
  spotOf(target: Node | Pair): SourceSpot;
  /**
   * The node at a path of map keys and list indexes under `root`, or undefined when the path
   * does not exist. The position of a missing key is the nearest existing parent's.
   */
  nodeAt(path: ReadonlyArray<string | number>): Node | undefined;
  /** The spot of `path`'s node, or of its nearest existing ancestor when the path does not exist. */
  spotAt(path: ReadonlyArray<string | number>): SourceSpot;
}

export type YamlParse = { ok: true; source: YamlSource } | { ok: false; errors: ConfigError[] };

/** One entry of a YAML map with a plain (string or number) key. */
export interface MapEntry {
  key: string;
  pair: Pair;
  /** The value node; null for `key:` with nothing after it. */
  value: Node | null;
}

/** The entries of a map node in file order; keys that are not scalars are given as their JSON text. */
export function mapEntries(node: Node | null | undefined): MapEntry[] {
  if (!isMap(node)) return [];
  return node.items.map((pair) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : JSON.stringify(pair.key);
    return { key, pair, value: isNode(pair.value) ? pair.value : null };
  });
}

/** The items of a list node (non-node items, which the parser does not produce, are dropped). */
export function seqItems(node: Node | null | undefined): Node[] {
  return isSeq(node) ? node.items.filter((item): item is Node => isNode(item)) : [];
}

/** A node as plain JSON-like data (maps to objects, lists to arrays, scalars to their values). */
export function plainValue(node: Node | null | undefined): unknown {
  return node === null || node === undefined ? null : node.toJSON();
}

export function parseYamlSource(text: string, file: string, options: YamlSourceOptions = {}): YamlParse {
  const lineCounter = new LineCounter();
  const document: Document.Parsed = parseDocument(withoutByteOrderMark(text), {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    ...(options.customTags === undefined ? {} : { customTags: options.customTags }),
  });
  const spotOfOffset = (offset: number): SourceSpot => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const problem = (kind: string) => (e: { pos: [number, number]; message: string; code: string }): ConfigError => ({
    ...spotOfOffset(e.pos[0]),
    path: '',
    // The package appends a source excerpt after the first line; the position says where.
    message: `${options.language ?? 'YAML'} ${e.code === 'DUPLICATE_KEY' ? 'duplicate key' : kind}: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
  });
  if (document.errors.length > 0) return { ok: false, errors: document.errors.map(problem('syntax error')) };

  const root = isNode(document.contents) ? document.contents : null;
  const spotOf = (target: Node | Pair): SourceSpot => {
    const node = isPair(target) ? (isNode(target.key) ? target.key : target.value) : target;
    const start = isNode(node) && node.range ? node.range[0] : 0;
    return spotOfOffset(start);
  };
  const walk = (path: ReadonlyArray<string | number>): { node: Node | undefined; deepest: Node | Pair | null } => {
    let node: Node | null = root;
    let deepest: Node | Pair | null = root;
    for (const segment of path) {
      if (typeof segment === 'number') {
        const item: Node | undefined = seqItems(node)[segment];
        if (item === undefined) return { node: undefined, deepest };
        node = item;
        deepest = item;
      } else {
        const entry = mapEntries(node).find((e) => e.key === segment);
        if (entry === undefined) return { node: undefined, deepest };
        deepest = entry.value ?? entry.pair;
        node = entry.value;
        if (node === null) return { node: undefined, deepest };
      }
    }
    return { node: node ?? undefined, deepest };
  };
  const source: YamlSource = {
    file,
    root,
    warnings: document.warnings.map(problem('warning')),
    spotOfOffset,
    spotOf,
    nodeAt: (path) => walk(path).node,
    spotAt: (path) => {
      const { deepest } = walk(path);
      return deepest === null ? spotOfOffset(0) : spotOf(deepest);
    },
  };
  return { ok: true, source };
}
