// The progress bar of test, sweep and compare: on a terminal it counts runs and shows an ETA;
// in a pipe, a CI log (CI set) or for a single run there is none.

import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { unitProgressFor } from '../../src/cli/units/unit-progress.js';

/** A stream that says it is a terminal and keeps what is written to it. */
function terminal(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.text += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream & { text: string };
  Object.assign(stream, { text: '', isTTY, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return stream;
}

afterEach(() => vi.unstubAllEnvs());

describe('unitProgressFor', () => {
  it('draws runs done and an ETA on a terminal', () => {
    vi.stubEnv('CI', '');
    const stream = terminal(true);
    const progress = unitProgressFor('sweeping', 40, stream);
    expect(progress).not.toBeNull();
    progress!.update(10, 40);
    progress!.stop();
    expect(stream.text).toContain('sweeping');
    expect(stream.text).toMatch(/\d+\/40 runs/);
    expect(stream.text).toContain('eta');
  });

  it('stays silent in a pipe, in CI and for one run', () => {
    vi.stubEnv('CI', '');
    expect(unitProgressFor('testing', 40, terminal(false))).toBeNull();
    expect(unitProgressFor('testing', 1, terminal(true))).toBeNull();
    vi.stubEnv('CI', 'true');
    expect(unitProgressFor('testing', 40, terminal(true))).toBeNull();
  });
});
