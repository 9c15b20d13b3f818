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

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; at: SourceSpot; message: string; expected?: string; actual?: string };

const SPACE = new Set([' ', '\t', '\r', '\n']);
// Inside quotes nginx turns \" \' \\ \t \r \n into the character; any other backslash stays.
const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', t: '\t', r: '\r', n: '\n' };

export function tokenize(text: string, file: string): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let column = 1;
  const spot = (): SourceSpot => ({ file, line, column });
  const advance = (): string => {
    const ch = text[i++]!;
    if (ch === '\n') {
      line++;
      column = 1;
    } else column++;
    return ch;
  };

  while (i < text.length) {
    const ch = text[i]!;
    if (SPACE.has(ch)) {
      advance();
      continue;
    }
    const at = spot();
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') advance();
      continue;
    }
    if (ch === ';' || ch === '{' || ch === '}') {
      advance();
      tokens.push({ kind: ch === ';' ? 'semicolon' : ch === '{' ? 'open' : 'close', text: '', quoted: false, at });
      continue;
    }
    if (ch === '"' || ch === "'") {
      advance();
      let value = '';
      let closed = false;
      while (i < text.length) {
        const c = advance();
        if (c === '\\' && i < text.length) {
          const next = text[i]!;
          const escaped = ESCAPES[next];
          if (escaped !== undefined) {
            advance();
            value += escaped;
            continue;
          }
          value += c;
          continue;
        }
        if (c === ch) {
          closed = true;
          break;
        }
        value += c;
      }
      if (!closed) return { ok: false, at, message: `unterminated ${ch === '"' ? 'double' : 'single'}-quoted string`, expected: `a closing ${ch}`, actual: 'end of file' };
      // nginx wants a space, ";" or "{" right after a closing quote.
      const after = text[i];
      if (after !== undefined && !SPACE.has(after) && after !== ';' && after !== '{') {
        return { ok: false, at: spot(), message: `unexpected "${after}" after a quoted string`, expected: 'a space, ";" or "{"', actual: `"${after}"` };
      }
      tokens.push({ kind: 'word', text: value, quoted: true, at });
      continue;
    }
    // A bare word runs to a space, ";" or "{" ("${" is a variable, a "}" inside belongs to the word);
    // a backslash keeps the next character in the word, as in nginx.
    let value = '';
    while (i < text.length) {
      const c = text[i]!;
      if (SPACE.has(c) || c === ';') break;
      if (c === '{' && !value.endsWith('$')) break;
      advance();
      if (c === '\\' && i < text.length) {
        const next = advance();
        value += ESCAPES[next] ?? `\\${next}`;
        continue;
      }
      value += c;
    }
    tokens.push({ kind: 'word', text: value, quoted: false, at });
  }
  tokens.push({ kind: 'end', text: '', quoted: false, at: spot() });
  return { ok: true, tokens };
}
