// Size rules over src/ and bench/: files ≤ 300 lines, functions ≤ 70 (declaration line to closing
// brace). Heuristic scan, not a parser: comments, strings, templates and regex literals are blanked,
// then `function name(`, one-line-signature `name(…) {` methods and `const name = (…) => {` bodies are brace-matched.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 70;

const repoDir = join(import.meta.dirname, '..');

/** Keyed `path` for files, `path:name` for functions; every entry says why it may be longer. */
const EXCEPTIONS: Record<string, string> = {
  'bench/bare-loop.ts:runBareLoop':
    'the reference loop must stay the fastest single-function form we can write; split into closures it could slow down and flatter our ratio',
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? tsFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

const files = ['src', 'bench'].flatMap((top) => tsFiles(join(repoDir, top))).map((path) => ({
  path: relative(repoDir, path).replaceAll('\\', '/'),
  text: readFileSync(path, 'utf8'),
}));

const blankOut = (chars: string[], from: number, to: number) => {
  for (let k = from; k < to && k < chars.length; k++) if (chars[k] !== '\n') chars[k] = ' ';
};

/** A `/` starts a regex literal, not a division, after these (or at the start of the text). */
const BEFORE_REGEX = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';']);

/** Skips a string or regex body starting after its opening `quote`; returns the index of the closing one. */
function skipQuoted(text: string, start: number, quote: string): number {
  let j = start;
  let inClass = false;
  while (j < text.length && text[j] !== '\n' && (text[j] !== quote || inClass)) {
    if (text[j] === '\\') j++;
    else if (quote === '/' && text[j] === '[') inClass = true;
    else if (quote === '/' && text[j] === ']') inClass = false;
    j++;
  }
  return j;
}

/**
 * The text with comments, string and regex contents and template text replaced by spaces (newlines
 * kept, so offsets and line numbers still match): only code braces and names are left to scan.
 * `${` and its `}` are blanked too, leaving the expression inside as code.
 */
function maskCode(text: string): string {
  const out = text.split('');
  const templateDepths: number[] = [];
  let depth = 0;
  let inTemplate = false;
  let previous = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    const next = text[i + 1];
    if (inTemplate) {
      if (c === '`') [inTemplate, previous] = [false, 'x'];
      else if (c === '$' && next === '{') templateDepths.push(depth);
      const width = c === '\\' || (c === '$' && next === '{') ? 2 : 1;
      if (c !== '`') blankOut(out, i, i + width);
      if (c === '$' && next === '{') [inTemplate, previous] = [false, '{'];
      i += width;
      continue;
    }
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      blankOut(out, i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2) + 2;
      blankOut(out, i, end < 2 ? text.length : end);
      i = end < 2 ? text.length : end;
    } else if (c === "'" || c === '"' || (c === '/' && BEFORE_REGEX.has(previous))) {
      const end = skipQuoted(text, i + 1, c);
      blankOut(out, i + 1, end);
      [i, previous] = [end + 1, 'x'];
    } else if (c === '}' && templateDepths.at(-1) === depth) {
      templateDepths.pop();
      blankOut(out, i, i + 1);
      [i, inTemplate] = [i + 1, true];
    } else {
      if (c === '`') inTemplate = true;
      if (c === '{') depth++;
      if (c === '}') depth--;
      if (!/\s/.test(c)) previous = c;
      i++;
    }
  }
  return out.join('');
}

/** Index just past the bracket that closes the one at `open` (or the end of the text). */
function closingIndex(masked: string, open: number): number {
  const [opener, closer] = masked[open] === '(' ? ['(', ')'] : ['{', '}'];
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    if (masked[i] === opener) depth++;
    else if (masked[i] === closer && --depth === 0) return i + 1;
  }
  return masked.length;
}

const NOT_METHODS = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'function', 'new', 'await', 'typeof', 'super', 'with']);
const DECLARATION = /\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)\s*(?:<[^>(]*>\s*)?\(/g;
const ARROW = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*(?:async\s+)?(?:<[^>(]*>\s*)?\(/g;
const METHOD = /^[ \t]*(?:(?:public|private|protected|static|async|override|get|set)\s+)*\*?([A-Za-z_$][\w$]*)\s*(?:<[^>(]*>\s*)?\(/gm;

interface FunctionSpan {
  name: string;
  startLine: number;
  lines: number;
}

/**
 * Where the body `{` of the function whose parameter list opens at `paren` is, or -1 if it has none
 * (an overload, an expression-bodied arrow, a call). A return type written as an object literal would
 * be taken for the body: none of ours is.
 */
function bodyOpen(masked: string, paren: number, kind: 'declaration' | 'arrow' | 'method'): number {
  const afterParams = closingIndex(masked, paren);
  // An arrow's `=>` must be the first one after its parameters, or an inner callback's body would count;
  // a method's body must open on its signature's last line, or a call at the start of a line would count.
  const shape = kind === 'arrow' ? /^\s*(?::[^;{}=]*)?=>\s*\{/ : kind === 'method' ? /^[ \t]*(?::[^;\n]*)?\{[ \t]*(?:\n|$)/ : /^[^;]*?\{/;
  const match = shape.exec(masked.slice(afterParams));
  return match ? afterParams + match[0].lastIndexOf('{') : -1;
}

function functionSpans(text: string): FunctionSpan[] {
  const masked = maskCode(text);
  const lineAt = (index: number) => masked.slice(0, index).split('\n').length;
  const spans: FunctionSpan[] = [];
  const scans: Array<[RegExp, 'declaration' | 'arrow' | 'method']> = [
    [DECLARATION, 'declaration'],
    [ARROW, 'arrow'],
    [METHOD, 'method'],
  ];
  for (const [pattern, kind] of scans) {
    for (const match of masked.matchAll(pattern)) {
      const name = match[1]!;
      if (kind === 'method' && NOT_METHODS.has(name)) continue;
      const open = bodyOpen(masked, match.index + match[0].length - 1, kind);
      if (open < 0) continue;
      const startLine = lineAt(match.index + match[0].search(/\S/));
      spans.push({ name, startLine, lines: lineAt(closingIndex(masked, open) - 1) - startLine + 1 });
    }
  }
  return spans.sort((a, b) => a.startLine - b.startLine);
}

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

describe('style: sizes', () => {
  it('has src and bench files to check', () => {
    expect(files.filter((f) => f.path.startsWith('src/')).length).toBeGreaterThan(20);
    expect(files.some((f) => f.path === 'bench/run.ts')).toBe(true);
  });

  it(`files are at most ${MAX_FILE_LINES} lines`, () => {
    const tooLong = files
      .filter((f) => lineCount(f.text) > MAX_FILE_LINES && !(f.path in EXCEPTIONS))
      .map((f) => `${f.path}: ${lineCount(f.text)} lines`);
    expect(tooLong).toEqual([]);
  });

  it(`functions are at most ${MAX_FUNCTION_LINES} lines`, () => {
    const tooLong = files.flatMap((f) =>
      functionSpans(f.text)
        .filter((span) => span.lines > MAX_FUNCTION_LINES && !(`${f.path}:${span.name}` in EXCEPTIONS))
        .map((span) => `${f.path}:${span.startLine} ${span.name}: ${span.lines} lines`),
    );
    expect(tooLong).toEqual([]);
  });

  it('every exception names a file that exists and gives a reason', () => {
    const paths = new Set(files.map((f) => f.path));
    const broken = Object.entries(EXCEPTIONS).filter(([key, reason]) => !paths.has(key.split(':')[0]!) || reason.trim() === '');
    expect(broken).toEqual([]);
  });
});

describe('style: the function scan', () => {
  it('measures declarations, methods and arrow bodies from signature to closing brace', () => {
    const sample = [
      'export function alpha(a: number): number {', //   1
      '  return a;', //                                  2
      '}', //                                            3
      'class Beta {', //                                 4
      '  private gamma(', //                             5
      '    b: { x: number } = { x: 1 },', //             6
      '  ): void {', //                                  7
      '    run(b);', //                                  8
      '  }', //                                          9
      '}', //                                           10
      'const delta = async (c: string): Promise<void> => {', // 11
      '  await c;', //                                  12
      '};', //                                          13
      'const epsilon = (d: number) => d * 2;', //       14
      'call(1, 2);', //                                 15
    ].join('\n');
    expect(functionSpans(sample)).toEqual([
      { name: 'alpha', startLine: 1, lines: 3 },
      { name: 'gamma', startLine: 5, lines: 5 },
      { name: 'delta', startLine: 11, lines: 3 },
    ]);
  });

  it('ignores braces in strings, templates, comments and regex literals', () => {
    const sample = [
      'function zeta() {',
      "  const a = '}}';",
      '  const b = `${a} } ${`{`}`;',
      '  // }',
      '  const c = /[}]/;',
      '  return { a, b, c };',
      '}',
      'function eta() {',
      '}',
    ].join('\n');
    expect(functionSpans(sample)).toEqual([
      { name: 'zeta', startLine: 1, lines: 7 },
      { name: 'eta', startLine: 8, lines: 2 },
    ]);
  });
});
