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

function parseFile(text: string, file: string, sources: TreeSources, chain: readonly string[], counter: { next: number }): TreeResult {
  const lexed = tokenize(text, file);
  if (!lexed.ok) return { ok: false, errors: [error(lexed.at, '', lexed.message, lexed.expected, lexed.actual)] };
  const tokens = lexed.tokens;
  let next = 0;
  const errors: ConfigError[] = [];

  // One block's directives up to its "}" (or the end of the file at the top). Stops at the first
  // syntax error, as nginx does: what follows a missing ";" cannot be read reliably.
  const readBlock = (opener: Token | null): Directive[] | null => {
    const list: Directive[] = [];
    for (;;) {
      const first = tokens[next]!;
      if (first.kind === 'end') {
        if (opener === null) return list;
        errors.push(error(first.at, '', `unexpected end of file, expecting "}" to close the block opened at line ${opener.at.line}, column ${opener.at.column}`, '"}"', 'end of file'));
        return null;
      }
      if (first.kind === 'close') {
        next++;
        if (opener !== null) return list;
        errors.push(error(first.at, '', 'unexpected "}": no block is open here', undefined, '"}"'));
        return null;
      }
      if (first.kind !== 'word') {
        errors.push(error(first.at, '', `unexpected "${first.kind === 'semicolon' ? ';' : '{'}"`, 'a directive name', `"${first.kind === 'semicolon' ? ';' : '{'}"`));
        return null;
      }
      next++;
      const args: Arg[] = [];
      while (tokens[next]!.kind === 'word') {
        const t = tokens[next++]!;
        args.push({ text: t.text, quoted: t.quoted, at: t.at });
      }
      const end = tokens[next]!;
      const directive: Directive = { name: first.text, args, at: first.at, order: counter.next++, block: null };
      if (end.kind === 'semicolon') {
        next++;
        if (directive.name === 'include' && !include(directive)) return null;
        list.push(directive);
        continue;
      }
      if (end.kind === 'open') {
        next++;
        const block = readBlock(end);
        if (block === null) return null;
        directive.block = block;
        list.push(directive);
        continue;
      }
      const found = end.kind === 'end' ? 'end of file' : '"}"';
      errors.push(error(end.at, first.text, `missing ";" after "${first.text}"`, '";" or "{"', found));
      return null;
    }
  };

  // Reads what an include names into `directive.included`; false on an error that stops parsing.
  const include = (directive: Directive): boolean => {
    if (directive.args.length !== 1) {
      errors.push(error(directive.at, 'include', 'include takes exactly one file or pattern', 'one argument', `${directive.args.length}`));
      return false;
    }
    const pattern = directive.args[0]!;
    if (chain.length > MAX_INCLUDE_DEPTH) {
      errors.push(error(pattern.at, 'include', `includes nest deeper than ${MAX_INCLUDE_DEPTH} files`, undefined, pattern.text));
      return false;
    }
    let files: string[];
    if (WILDCARD.test(pattern.text)) {
      if (sources.listRelated === undefined) {
        errors.push(error(pattern.at, 'include', 'a wildcard include needs a file list, and this import was given none', 'a file name without * ? [', pattern.text));
        return false;
      }
      const listed = sources.listRelated(pattern.text, sources.mainFile);
      if (!listed.ok) {
        errors.push(error(pattern.at, 'include', listed.message, undefined, pattern.text));
        return false;
      }
      // nginx's glob() returns names sorted; a pattern that matches nothing is not an error.
      files = [...listed.files].sort();
    } else files = [pattern.text];
    directive.included = [];
    directive.includedFiles = [];
    for (const name of files) {
      const read = sources.readRelated(name, sources.mainFile);
      if (!read.ok) {
        errors.push(error(pattern.at, 'include', read.message, 'a file nginx can open', name));
        return false;
      }
      if (chain.includes(read.file)) {
        errors.push(error(pattern.at, 'include', `includes itself: ${[...chain, read.file].join(' → ')}`, undefined, name));
        return false;
      }
      const parsed = parseFile(read.text, read.file, sources, [...chain, read.file], counter);
      if (!parsed.ok) {
        errors.push(...parsed.errors);
        return false;
      }
      directive.included.push(...parsed.directives);
      directive.includedFiles.push(read.file);
    }
    return true;
  };

  const directives = readBlock(null);
  return directives === null ? { ok: false, errors } : { ok: true, directives };
}
