// The simulator loop: handlers run at their times, `until` stops and resumes, cancelled events
// are skipped, and scheduling in the past is refused.
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../src/sim/simulator.js';

describe('Simulator', () => {
  it('runs handlers at their times and advances the clock (log-based, SimPy style)', () => {
    const sim = new Simulator();
    const log: Array<[number, string]> = [];
    const note = (label: string) => log.push([sim.nowMs(), label]);
    sim.at(10, 0, note, 'a');
    sim.at(5, 0, (label: string) => {
      note(label);
      sim.after(2, 0, note, 'child of b');
    }, 'b');
    sim.run(100);
    expect(log).toEqual([
      [5, 'b'],
      [7, 'child of b'],
      [10, 'a'],
    ]);
    expect(sim.nowMs()).toBe(100);
  });

  it('runBefore runs what comes strictly before its time, however close, and leaves the clock at the last event run', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    const justBelow = 1000 - 1000 * Number.EPSILON;
    for (const t of [0, 999, justBelow, 1000, 1001]) sim.at(t, 0, (x: number) => seen.push(x), t);
    expect(sim.runBefore(1000)).toBe(3);
    expect(seen).toEqual([0, 999, justBelow]);
    expect(sim.nowMs()).toBe(justBelow);
    expect(sim.runBefore(0)).toBe(0);
    expect(sim.run(1000)).toBe(1);
    expect(seen.at(-1)).toBe(1000);
  });

  it('stops at `until` and resumes where it left off', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    for (const t of [1, 2, 3, 4]) sim.at(t, 0, (x: number) => seen.push(x), t);
    expect(sim.run(2)).toBe(2);
    expect(seen).toEqual([1, 2]);
    expect(sim.nowMs()).toBe(2);
    sim.run(10);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('skips cancelled events', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    const id = sim.at(1, 0, (x: string) => seen.push(x), 'cancelled');
    sim.at(2, 0, (x: string) => seen.push(x), 'kept');
    sim.cancel(id);
    sim.run(10);
    expect(seen).toEqual(['kept']);
    expect(sim.eventsExecuted).toBe(1);
  });

  it('runs to exhaustion with an infinite horizon and stops when no event is left', () => {
    const sim = new Simulator();
    let fired = 0;
    sim.at(3, 0, () => fired++, null);
    expect(sim.run(Infinity)).toBe(1);
    expect(fired).toBe(1);
    expect(sim.nowMs()).toBe(3);
  });

  it('refuses to schedule in the past', () => {
    const sim = new Simulator();
    sim.run(50);
    expect(() => sim.at(10, 0, () => {}, null)).toThrow(/in the past/);
  });
});
