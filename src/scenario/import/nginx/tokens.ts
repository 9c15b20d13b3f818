// nginx's config lexer, as ngx_conf_read_token reads a file: words, quoted strings with escapes,
// `;`, `{`, `}` and `#` comments, each token with its file:line:column. `$vars` stay literal text.

import type { SourceSpot } from '../import-types.js';

export type TokenKind = 'word' | 'semicolon' | 'open' | 'close' | 'end';

export interface Token {
  kind: TokenKind;
  /** The word with quotes removed and escapes applied; '' for punctuation. */
  text: string;
  quoted: boolean;
  at: SourceSpot;
}

interface LexError {
  ok: false;
  at: SourceSpot;
  message: string;
  expected?: string;
  actual?: string;
}

export type LexResult = { ok: true; tokens: Token[] } | LexError;

const SPACE = new Set([' ', '\t', '\r', '\n']);
// nginx turns \" \' \\ \t \r \n into the character; any other backslash stays.
const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', t: '\t', r: '\r', n: '\n' };
const PUNCTUATION: Record<string, TokenKind> = { ';': 'semicolon', '{': 'open', '}': 'close' };

/** The text with a position that follows lines. */
class Cursor {
  i = 0;
  private line = 1;
  private column = 1;
  constructor(
    readonly text: string,
    private readonly file: string,
  ) {}

  get done(): boolean {
    return this.i >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.i];
  }

  spot(): SourceSpot {
    return { file: this.file, line: this.line, column: this.column };
  }

  advance(): string {
    const ch = this.text[this.i++]!;
    if (ch === '\n') {
      this.line++;
      this.column = 1;
    } else this.column++;
    return ch;
  }
}

/** After the opening quote: the string up to the matching quote, escapes applied. */
function readQuoted(cursor: Cursor, quote: string, at: SourceSpot): Token | LexError {
  let value = '';
  while (!cursor.done) {
    const c = cursor.advance();
    if (c === quote) {
      // nginx wants a space, ";" or "{" right after a closing quote.
      const after = cursor.peek();
      if (after !== undefined && !SPACE.has(after) && after !== ';' && after !== '{') {
        return { ok: false, at: cursor.spot(), message: `unexpected "${after}" after a quoted string`, expected: 'a space, ";" or "{"', actual: `"${after}"` };
      }
      return { kind: 'word', text: value, quoted: true, at };
    }
    const escaped = c === '\\' ? ESCAPES[cursor.peek() ?? ''] : undefined;
    if (escaped !== undefined) cursor.advance();
    value += escaped ?? c;
  }
  return { ok: false, at, message: `unterminated ${quote === '"' ? 'double' : 'single'}-quoted string`, expected: `a closing ${quote}`, actual: 'end of file' };
}

/**
 * A bare word runs to a space, ";" or "{" ("${" is a variable, a "}" inside belongs to the word);
 * a backslash keeps the next character in the word, as in nginx.
 */
function readWord(cursor: Cursor, at: SourceSpot): Token {
  let value = '';
  while (!cursor.done) {
    const c = cursor.peek()!;
    if (SPACE.has(c) || c === ';' || (c === '{' && !value.endsWith('$'))) break;
    cursor.advance();
    if (c === '\\' && !cursor.done) {
      const next = cursor.advance();
      value += ESCAPES[next] ?? `\\${next}`;
    } else value += c;
  }
  return { kind: 'word', text: value, quoted: false, at };
}

export function tokenize(text: string, file: string): LexResult {
  const tokens: Token[] = [];
  const cursor = new Cursor(text, file);
  while (!cursor.done) {
    const ch = cursor.peek()!;
    const at = cursor.spot();
    if (SPACE.has(ch)) cursor.advance();
    else if (ch === '#') {
      while (!cursor.done && cursor.peek() !== '\n') cursor.advance();
    } else if (PUNCTUATION[ch] !== undefined) {
      cursor.advance();
      tokens.push({ kind: PUNCTUATION[ch], text: '', quoted: false, at });
    } else if (ch === '"' || ch === "'") {
      cursor.advance();
      const token = readQuoted(cursor, ch, at);
      if ('ok' in token) return token;
      tokens.push(token);
    } else tokens.push(readWord(cursor, at));
  }
  tokens.push({ kind: 'end', text: '', quoted: false, at: cursor.spot() });
  return { ok: true, tokens };
}
