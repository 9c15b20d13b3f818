// What the haproxy reader has said about the file so far: applied and not-modelled notes (one per
// spot, the first decision wins) and config errors, each at the config's own file:line:column.

import type { ConfigError, DirectiveNote } from '../import-types.js';
import type { ConfigLine, Word } from './tokenize.js';

export interface Spot {
  line: number;
  column: number;
}

export class Notebook {
  readonly applied: DirectiveNote[] = [];
  readonly notModelled: DirectiveNote[] = [];
  readonly errors: ConfigError[] = [];
  private readonly noted = new Set<string>();

  constructor(readonly file: string) {}

  private add(list: DirectiveNote[], spot: Spot, directive: string, detail: string): void {
    const key = `${spot.line}:${spot.column}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    list.push({ at: { file: this.file, line: spot.line, column: spot.column }, directive, detail });
  }

  has(spot: Spot): boolean {
    return this.noted.has(`${spot.line}:${spot.column}`);
  }

  apply(spot: Spot, directive: string, detail: string): void {
    this.add(this.applied, spot, directive, detail);
  }

  skip(spot: Spot, directive: string, detail: string): void {
    this.add(this.notModelled, spot, directive, detail);
  }

  /** A whole line: its note sits at the first word. */
  applyLine(line: ConfigLine, detail: string): void {
    this.apply(lineSpot(line), line.source, detail);
  }

  skipLine(line: ConfigLine, detail: string): void {
    this.skip(lineSpot(line), line.source, detail);
  }

  error(spot: Spot, path: string, message: string, expected?: string, actual?: string): void {
    this.errors.push({
      file: this.file, line: spot.line, column: spot.column, path, message,
      ...(expected === undefined ? {} : { expected }),
      ...(actual === undefined ? {} : { actual }),
    });
  }
}

export function lineSpot(line: ConfigLine): Spot {
  return { line: line.line, column: line.words[0]!.column };
}

export function wordSpot(line: ConfigLine, word: Word): Spot {
  return { line: line.line, column: word.column };
}

/** `inter 3s` as written: a keyword and its value. */
export function paramText(keyword: Word, value: Word | null): string {
  return value === null ? keyword.text : `${keyword.text} ${value.text}`;
}
