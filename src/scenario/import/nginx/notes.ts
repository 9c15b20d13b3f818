// What the nginx reader says about each directive (applied, with the fields it set, or not
// modelled, with why) and the config errors it found, collected while the mappers walk the tree.

import type { ConfigError, DirectiveNote } from '../import-types.js';
import { spelling, type Arg, type Directive } from './tree.js';

interface Ordered {
  order: number;
  note: DirectiveNote;
}

const inReadingOrder = (list: Ordered[]): DirectiveNote[] => [...list].sort((a, b) => a.order - b.order).map((x) => x.note);

export class Notes {
  private readonly appliedNotes: Ordered[] = [];
  private readonly skippedNotes: Ordered[] = [];
  readonly errors: ConfigError[] = [];

  /** In the order nginx reads the directives, across included files. */
  get applied(): DirectiveNote[] {
    return inReadingOrder(this.appliedNotes);
  }

  get notModelled(): DirectiveNote[] {
    return inReadingOrder(this.skippedNotes);
  }

  apply(d: Directive, detail: string): void {
    this.appliedNotes.push({ order: d.order, note: { at: d.at, directive: spelling(d), detail } });
  }

  skip(d: Directive, why: string): void {
    this.skippedNotes.push({ order: d.order, note: { at: d.at, directive: spelling(d), detail: why } });
  }

  /** A block noted once for everything inside it (e.g. `events`, a server for another upstream). */
  skipBlock(d: Directive, why: string): void {
    const inside = d.block === null ? 0 : countDirectives(d.block);
    this.skip(d, inside === 0 ? why : `${why} (${inside === 1 ? 'the directive inside was' : `the ${inside} directives inside were`} not read)`);
  }

  error(d: Directive, arg: Arg | null, message: string, expected?: string, actual?: string): void {
    const at = arg?.at ?? d.at;
    this.errors.push({
      file: at.file,
      line: at.line,
      column: at.column,
      path: d.name,
      message,
      ...(expected === undefined ? {} : { expected }),
      ...(actual === undefined ? {} : { actual }),
    });
  }
}

function countDirectives(list: readonly Directive[]): number {
  let n = 0;
  for (const d of list) {
    n++;
    if (d.block !== null) n += countDirectives(d.block);
    if (d.included !== undefined) n += countDirectives(d.included);
  }
  return n;
}
