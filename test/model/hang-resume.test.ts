// A hang that ends must not revive the frozen jobs' old completions: each job completes once,
// with a fresh service time after the hang, and an instance never runs more jobs than workers.
import { describe, expect, it } from 'vitest';
import type { RequestEvent, SimEvent } from '../../src/model/run/events.js';
import { simulate } from '../../src/simulate.js';
import { fault, instance, setup } from '../helpers/setup.js';

describe('hang, then resume', () => {
  it('completes each frozen job once, a full service time after the hang ends', () => {
    const base = setup();
    const events: SimEvent[] = [];
    simulate(
      setup({
        durationMs: 40_000,
        instances: [instance('i-1', { concurrency: 1, serviceTime: { distribution: 'constant', meanMs: 10_000 } })],
        traffic: { ...base.traffic, rate: 1, arrival: 'constant' },
        events: [fault(0, 2_000, 'hang', ['i-1'], { durationMs: 1_000 })],
      }),
      { sink: { emit: (e) => events.push(e) }, logRequests: true },
    );
    const answers = events.filter((e): e is RequestEvent => e.type === 'request').map((e) => [e.request, e.t]);
    // Request 1 arrives at 1 s and freezes at 2 s; it restarts at 3 s and needs 10 s more.
    // One worker: the next ones follow 10 s apart, never two at once.
    expect(answers).toEqual([
      [1, 13],
      [2, 23],
      [3, 33],
    ]);
  });
});
