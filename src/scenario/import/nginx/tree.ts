// nginx's config as a tree of directives (`name args;` or `name args { … }`), with `include`
// read through the caller's readRelated so every directive keeps its own file:line:column.

import type { ConfigError, ReadRelated, SourceSpot } from '../import-types.js';
import { tokenize, type Token } from './tokens.js';

export interface Arg {
  text: string;
  quoted: boolean;
  at: SourceSpot;
}

export interface Directive {
  name: string;
  args: Arg[];
  at: SourceSpot;
  /** Position in nginx's reading order across included files, so notes can be listed in it. */
  order: number;
  /** The directives inside `{ }`; null for a simple directive. */
  block: Directive[] | null;
  /** For `include`: the directives of every file it named, in nginx's (sorted) order. */
  included?: Directive[];
  /** For `include`: the files it read. */
  includedFiles?: string[];
}

/** Lists the files a wildcard include names (nginx sorts glob() results); optional, see reader.ts. */
export type ListRelated = (pattern: string, fromFile: string) => { ok: true; files: string[] } | { ok: false; message: string };

export interface TreeSources {
  readRelated: ReadRelated;
  listRelated?: ListRelated;
  /** nginx resolves relative includes against its conf prefix: the folder of the main file. */
  mainFile: string;
}

const MAX_INCLUDE_DEPTH = 16;
const WILDCARD = /[*?[]/;

export type TreeResult = { ok: true; directives: Directive[] } | { ok: false; errors: ConfigError[] };

/** The directive as the config spells it, for notes: `proxy_pass http://backend`. */
export function spelling(d: Directive): string {
  const args = d.args.map((a) => (a.quoted || a.text === '' || /\s/.test(a.text) ? JSON.stringify(a.text) : a.text));
  return [d.name, ...args].join(' ');
}

/** A block's directives with each `include` replaced by what it read (the include itself is left out). */
export function expanded(directives: readonly Directive[]): Directive[] {
  return directives.flatMap((d) => (d.name === 'include' && d.included !== undefined ? expanded(d.included) : [d]));
}

const error = (at: SourceSpot, path: string, message: string, expected?: string, actual?: string): ConfigError => ({
  file: at.file,
  line: at.line,
  column: at.column,
  path,
  message,
  ...(expected === undefined ? {} : { expected }),
  ...(actual === undefined ? {} : { actual }),
});

export function parseTree(text: string, file: string, sources: TreeSources): TreeResult {
  return parseFile(text, file, sources, [file], { next: 0 });
}

/** One file's tokens being read; stops at the first syntax error, as nginx does. */
interface Reading {
  tokens: Token[];
  next: number;
  errors: ConfigError[];
  sources: TreeSources;
  /** The files that included this one, to refuse a cycle. */
  chain: readonly string[];
  counter: { next: number };
}

function parseFile(text: string, file: string, sources: TreeSources, chain: readonly string[], counter: { next: number }): TreeResult {
  const lexed = tokenize(text, file);
  if (!lexed.ok) return { ok: false, errors: [error(lexed.at, '', lexed.message, lexed.expected, lexed.actual)] };
  const reading: Reading = { tokens: lexed.tokens, next: 0, errors: [], sources, chain, counter };
  const directives = readBlock(reading, null);
  return directives === null ? { ok: false, errors: reading.errors } : { ok: true, directives };
}

const PUNCTUATION_TEXT: Partial<Record<Token['kind'], string>> = { semicolon: '";"', open: '"{"' };

/** One block's directives up to its "}" (or the end of the file at the top); null on an error. */
function readBlock(r: Reading, opener: Token | null): Directive[] | null {
  const list: Directive[] = [];
  for (;;) {
    const first = r.tokens[r.next]!;
    if (first.kind === 'end') {
      if (opener === null) return list;
      r.errors.push(error(first.at, '', `unexpected end of file, expecting "}" to close the block opened at line ${opener.at.line}, column ${opener.at.column}`, '"}"', 'end of file'));
      return null;
    }
    if (first.kind === 'close') {
      r.next++;
      if (opener !== null) return list;
      r.errors.push(error(first.at, '', 'unexpected "}": no block is open here', undefined, '"}"'));
      return null;
    }
    if (first.kind !== 'word') {
      r.errors.push(error(first.at, '', `unexpected ${PUNCTUATION_TEXT[first.kind]}`, 'a directive name', PUNCTUATION_TEXT[first.kind]));
      return null;
    }
    const directive = readDirective(r, first);
    if (directive === null) return null;
    list.push(directive);
  }
}

/** A directive from its name to its ";" (reading an include) or its block's "}". */
function readDirective(r: Reading, first: Token): Directive | null {
  r.next++;
  const args: Arg[] = [];
  while (r.tokens[r.next]!.kind === 'word') {
    const t = r.tokens[r.next++]!;
    args.push({ text: t.text, quoted: t.quoted, at: t.at });
  }
  const end = r.tokens[r.next]!;
  const directive: Directive = { name: first.text, args, at: first.at, order: r.counter.next++, block: null };
  if (end.kind === 'semicolon') {
    r.next++;
    return directive.name === 'include' && !include(r, directive) ? null : directive;
  }
  if (end.kind === 'open') {
    r.next++;
    directive.block = readBlock(r, end);
    return directive.block === null ? null : directive;
  }
  r.errors.push(error(end.at, first.text, `missing ";" after "${first.text}"`, '";" or "{"', end.kind === 'end' ? 'end of file' : '"}"'));
  return null;
}

/** The files an include names: one, or a wildcard's matches from listRelated, sorted as glob() does. */
function includedNames(r: Reading, pattern: Arg): string[] | null {
  if (!WILDCARD.test(pattern.text)) return [pattern.text];
  const list = r.sources.listRelated;
  if (list === undefined) {
    r.errors.push(error(pattern.at, 'include', 'a wildcard include needs a file list, and this import was given none', 'a file name without * ? [', pattern.text));
    return null;
  }
  const listed = list(pattern.text, r.sources.mainFile);
  if (!listed.ok) {
    r.errors.push(error(pattern.at, 'include', listed.message, undefined, pattern.text));
    return null;
  }
  // A pattern that matches nothing is not an error in nginx.
  return [...listed.files].sort();
}

/** Reads what an include names into `directive.included`; false on an error that stops parsing. */
function include(r: Reading, directive: Directive): boolean {
  const pattern = directive.args[0];
  if (pattern === undefined || directive.args.length !== 1) {
    r.errors.push(error(directive.at, 'include', 'include takes exactly one file or pattern', 'one argument', `${directive.args.length}`));
    return false;
  }
  if (r.chain.length > MAX_INCLUDE_DEPTH) {
    r.errors.push(error(pattern.at, 'include', `includes nest deeper than ${MAX_INCLUDE_DEPTH} files`, undefined, pattern.text));
    return false;
  }
  const names = includedNames(r, pattern);
  if (names === null) return false;
  directive.included = [];
  directive.includedFiles = [];
  for (const name of names) {
    const read = r.sources.readRelated(name, r.sources.mainFile);
    if (!read.ok) {
      r.errors.push(error(pattern.at, 'include', read.message, 'a file nginx can open', name));
      return false;
    }
    if (r.chain.includes(read.file)) {
      r.errors.push(error(pattern.at, 'include', `includes itself: ${[...r.chain, read.file].join(' → ')}`, undefined, name));
      return false;
    }
    const parsed = parseFile(read.text, read.file, r.sources, [...r.chain, read.file], r.counter);
    if (!parsed.ok) {
      r.errors.push(...parsed.errors);
      return false;
    }
    directive.included.push(...parsed.directives);
    directive.includedFiles.push(read.file);
  }
  return true;
}
