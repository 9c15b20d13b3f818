// A list of broken invariants found while walking a run, asserted empty once at the end: one expect
// per request would cost more than the simulation, and the list shows every problem, not the first.

import { expect } from 'vitest';

export class Problems {
  readonly found: string[] = [];

  /** Records the message (built only when needed) unless `ok`. */
  check(ok: boolean, message: () => string): void {
    if (!ok) this.found.push(message());
  }

  /** Fails the test with the first problems found, if any. */
  assertNone(what: string): void {
    expect(this.found.slice(0, 10), `${what}: ${this.found.length} problem(s), first: ${this.found[0]}`).toEqual([]);
  }
}
