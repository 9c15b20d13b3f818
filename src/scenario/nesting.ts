// Nesting depth of raw JSON text, measured in one loop with an explicit stack before any parser or
// tree walk recurses: a file nested thousands of levels deep must be an error, not a stack overflow.

import type { JsonPath } from './errors.js';

/** Far deeper than any scenario needs (about 6 levels), shallow enough for every recursive walk after it. */
export const MAX_NESTING_LEVELS = 64;

export interface ExcessNesting {
  /** Offset of the bracket that opens the first level beyond the limit. */
  offset: number;
  /** Where the value that bracket opens sits in the document. */
  path: JsonPath;
  /** The deepest level anywhere in the text; the root object is level 1. */
  depth: number;
}

interface Frame {
  isArray: boolean;
  /** The array index, or the offsets of the current key's string (quotes included) in an object. */
  index: number;
  keyStart: number;
  keyEnd: number;
  expectingKey: boolean;
}

const isLineBreak = (ch: string | undefined) => ch === '\n' || ch === '\r';

/** Offset just past a string that opens at `start`, ending where jsonc-parser's scanner ends it. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') return i + 1;
    // An unescaped line break ends the string (as an error), so a stray quote cannot hide the rest.
    if (isLineBreak(ch)) return i;
    i += ch === '\\' ? 2 : 1;
  }
  return text.length;
}

/** Offset just past a comment that opens at `start`; comments are errors, but the parser still skips them. */
function commentEnd(text: string, start: number): number {
  if (text[start + 1] === '*') {
    const close = text.indexOf('*/', start + 2);
    return close < 0 ? text.length : close + 2;
  }
  let i = start + 2;
  while (i < text.length && !isLineBreak(text[i])) i++;
  return i;
}

function keyOf(text: string, frame: Frame): string | number {
  if (frame.isArray) return frame.index;
  const raw = text.slice(frame.keyStart, frame.keyEnd);
  try {
    return String(JSON.parse(raw));
  } catch {
    return raw.replace(/^"|"$/g, '');
  }
}

/**
 * The first place the text nests deeper than `maxLevels`, or null. Brackets inside strings and
 * comments do not count. A closing bracket pops only a container of its own kind, as the parser
 * closes only those: the count never falls below the depth jsonc-parser will recurse to.
 */
export function findExcessNesting(text: string, maxLevels = MAX_NESTING_LEVELS): ExcessNesting | null {
  const stack: Frame[] = [];
  let first: { offset: number; path: JsonPath } | null = null;
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const top = stack.at(-1);
    if (ch === '"') {
      const end = stringEnd(text, i);
      if (top !== undefined && !top.isArray && top.expectingKey) Object.assign(top, { keyStart: i, keyEnd: end, expectingKey: false });
      i = end;
      continue;
    }
    if (ch === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      i = commentEnd(text, i);
      continue;
    }
    if (ch === '{' || ch === '[') {
      if (stack.length === maxLevels && first === null) first = { offset: i, path: stack.map((frame) => keyOf(text, frame)) };
      stack.push({ isArray: ch === '[', index: 0, keyStart: i, keyEnd: i, expectingKey: ch === '{' });
      depth = Math.max(depth, stack.length);
    } else if ((ch === '}' && top?.isArray === false) || (ch === ']' && top?.isArray === true)) {
      stack.pop();
    } else if (ch === ',' && top !== undefined) {
      if (top.isArray) top.index++;
      else top.expectingKey = true;
    }
    i++;
  }
  return first === null ? null : { ...first, depth };
}
