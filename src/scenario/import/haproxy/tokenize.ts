// haproxy.cfg lines as words, the way HAProxy's parse_line() splits them: blanks separate words,
// `#` starts a comment, `\` escapes, "double quotes" are weak, 'single quotes' strong; no continuation lines.
// Environment variables ("${VAR}") are left as written: the import has no environment to read.

export interface Word {
  /** The word after quotes and escapes are resolved. */
  text: string;
  /** 1-based column of the word's first character in the line. */
  column: number;
}

export interface ConfigLine {
  line: number;
  words: Word[];
  /** The line as written from its first word to its last, without the comment. */
  source: string;
}

export interface TokenizeError {
  line: number;
  column: number;
  message: string;
}

const ESCAPED: Record<string, string> = { r: '\r', n: '\n', t: '\t' };

/** One line's words, or where a quote was left open. */
function splitLine(text: string, lineNumber: number): { words: Word[]; end: number } | TokenizeError {
  const words: Word[] = [];
  let i = 0;
  let end = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') break;
    const start = i;
    let word = '';
    let quote: '"' | "'" | null = null;
    let quoteStart = 0;
    while (i < text.length) {
      const ch = text[i]!;
      if (quote === "'") {
        if (ch === "'") quote = null;
        else word += ch;
        i++;
        continue;
      }
      if (quote === null && (ch === ' ' || ch === '\t' || ch === '\r' || ch === '#')) break;
      if (ch === '\\' && i + 1 < text.length) {
        const next = text[i + 1]!;
        const hex = next === 'x' ? /^[0-9a-fA-F]{2}/.exec(text.slice(i + 2)) : null;
        if (hex !== null) {
          word += String.fromCharCode(parseInt(hex[0], 16));
          i += 4;
        } else {
          word += ESCAPED[next] ?? next;
          i += 2;
        }
        continue;
      }
      if (ch === '"' && quote === '"') quote = null;
      else if (ch === '"' || ch === "'") {
        quote = ch;
        quoteStart = i;
      } else word += ch;
      i++;
    }
    if (quote !== null) return { line: lineNumber, column: quoteStart + 1, message: `unmatched ${quote === '"' ? 'double' : 'single'} quote` };
    words.push({ text: word, column: start + 1 });
    end = i;
  }
  return { words, end };
}

/** Every line that has words; lines that are blank or only a comment are left out. */
export function tokenize(text: string): { lines: ConfigLine[]; errors: TokenizeError[] } {
  const lines: ConfigLine[] = [];
  const errors: TokenizeError[] = [];
  text.split('\n').forEach((raw, index) => {
    const split = splitLine(raw, index + 1);
    if ('message' in split) {
      errors.push(split);
      return;
    }
    if (split.words.length === 0) return;
    const first = split.words[0]!.column - 1;
    lines.push({ line: index + 1, words: split.words, source: raw.slice(first, split.end) });
  });
  return { lines, errors };
}
