// Same scenario and seed → byte-identical event log; another seed → a different one.
import { describe, expect, it } from 'vitest';
import { encodeEvent } from '../src/report/machine/event-log.js';
import { simulate } from '../src/simulate.js';
import { fault, setup } from './helpers/setup.js';

function eventLog(seed: number): string {
  let log = '';
  simulate(
    setup({
      seed,
      durationMs: 400_000,
      events: [fault(0, 60_000, 'hang', ['i-1']), fault(1, 90_000, 'crash', ['i-2']), fault(2, 200_000, 'recover', ['i-1', 'i-2'])],
    }),
    { sink: { emit: (event) => (log += encodeEvent(event) + '\n') } },
  );
  return log;
}

describe('determinism', () => {
  it('gives byte-identical event logs for the same seed', () => {
    const first = eventLog(7);
    expect(first.length).toBeGreaterThan(10_000);
    expect(eventLog(7)).toBe(first);
  });

  it('gives a different event log for another seed', () => {
    expect(eventLog(8)).not.toBe(eventLog(7));
  });

  it('writes `t` then `type` first on every line', () => {
    for (const line of eventLog(7).trimEnd().split('\n')) expect(line).toMatch(/^\{"t":[0-9.e-]+,"type":"[a-z-]+"/);
  });
});
