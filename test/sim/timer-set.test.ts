// The kernel's timer set: many timers behind one heap entry, each running exactly where an event of
// its own would have run. Expected orders come from the queue's rule (time, then priority, then the
// order of scheduling), written out by hand or replayed with one plain event per timer.
import { describe, expect, it } from 'vitest';
import type { EventHandler } from '../../src/sim/event-queue.js';
import { RngStreams } from '../../src/sim/rng.js';
import type { ReservingScheduler, TimerId } from '../../src/sim/scheduler.js';
import { Simulator } from '../../src/sim/simulator.js';
import { TimerSet } from '../../src/sim/timer-set.js';

/** A simulator that counts the events it holds for the timer set (scheduled and not yet run). */
class CountingScheduler implements ReservingScheduler {
  held = 0;
  maxHeld = 0;
  constructor(readonly sim = new Simulator()) {}
  nowMs = () => this.sim.nowMs();
  at<P>(atMs: number, priority: number, handler: EventHandler<P>, payload: P): TimerId {
    return this.sim.at(atMs, priority, handler, payload);
  }
  cancel = (id: TimerId) => this.sim.cancel(id);
  reserveId = () => this.sim.reserveId();
  atReserved<P>(atMs: number, priority: number, id: TimerId, handler: EventHandler<P>, payload: P): void {
    this.maxHeld = Math.max(this.maxHeld, ++this.held);
    this.sim.atReserved(atMs, priority, id, (p: P) => (this.held--, handler(p)), payload);
  }
}

describe('TimerSet', () => {
  it('holds one heap entry for a thousand timers and runs them in time order', () => {
    const scheduler = new CountingScheduler();
    const ran: number[] = [];
    const timers = new TimerSet<number>(scheduler, 10, (n) => ran.push(n));
    // Due times 0, 7, 14, ... mod 1000: every due time once, set out of order.
    for (let n = 0; n < 1000; n++) timers.at((n * 7) % 1000, (n * 7) % 1000);
    expect(scheduler.held).toBe(1);
    scheduler.sim.run(Infinity);
    expect(ran).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(scheduler.maxHeld).toBe(1);
    expect(timers.size).toBe(0);
  });

  it('on a tie runs each timer where it was set among plain events, by priority then scheduling order', () => {
    const sim = new Simulator();
    const ran: string[] = [];
    const timers = new TimerSet<string>(sim, 10, (name) => ran.push(`${name}@${sim.nowMs()}`));
    const plain = (atMs: number, priority: number, name: string) => sim.at(atMs, priority, () => ran.push(`${name}@${sim.nowMs()}`), null);
    timers.at(10, 'timer-1');
    plain(10, 10, 'plain-1');
    timers.at(10, 'timer-2');
    plain(10, 0, 'urgent'); // a lower priority number runs first at one instant
    plain(10, 20, 'late'); // a higher one runs after every timer
    timers.at(5, 'timer-sooner'); // sooner than the timer holding the heap entry
    plain(10, 10, 'plain-2');
    sim.run(Infinity);
    expect(ran).toEqual(['timer-sooner@5', 'urgent@10', 'timer-1@10', 'plain-1@10', 'timer-2@10', 'plain-2@10', 'late@10']);
  });

  it('a timer set while another runs at the same instant waits behind the events scheduled before it', () => {
    const sim = new Simulator();
    const ran: string[] = [];
    const timers = new TimerSet<string>(sim, 10, (name) => {
      ran.push(name);
      if (name === 'first') {
        sim.at(sim.nowMs(), 10, () => ran.push('plain, scheduled by first'), null);
        timers.at(sim.nowMs(), 'again, set by first');
      }
    });
    timers.at(3, 'first');
    sim.at(3, 10, () => ran.push('plain, scheduled before'), null);
    sim.run(Infinity);
    expect(ran).toEqual(['first', 'plain, scheduled before', 'plain, scheduled by first', 'again, set by first']);
  });

  it('refuses a time in the past', () => {
    const sim = new Simulator();
    const timers = new TimerSet<null>(sim, 10, () => {});
    sim.run(100);
    expect(() => timers.at(99, null)).toThrow(/past/);
  });

  // The same random program twice: each timer as a plain event, then behind timer sets. Integer
  // times over a short span make ties common; handlers set timers sooner than the earliest too.
  it('runs a random program with many ties exactly as plain events do', () => {
    const run = (withSets: boolean): string[] => {
      const sim = new Simulator();
      const rng = new RngStreams(11).stream('traffic');
      const ran: string[] = [];
      let next = 0;
      const step = (label: string): void => {
        ran.push(`${sim.nowMs()}:${label}`);
        const children = rng.int(4); // 1.5 on average: the program grows until it has scheduled 5,000
        for (let i = 0; i < children && next < 5_000; i++) schedule(sim.nowMs() + rng.int(20));
      };
      const sets = [new TimerSet<string>(sim, 10, step), new TimerSet<string>(sim, 20, step)];
      const schedule = (atMs: number): void => {
        const label = `e${next++}`;
        const kind = rng.int(4); // 0, 1: a timer at priority 10 or 20; 2, 3: a plain event there
        const priority = kind % 2 === 0 ? 10 : 20;
        if (kind < 2 && withSets) sets[kind]!.at(atMs, label);
        else sim.at(atMs, priority, step, label);
      };
      for (let i = 0; i < 50; i++) schedule(rng.int(30));
      sim.run(Infinity);
      return ran;
    };
    const plain = run(false);
    expect(plain.length).toBeGreaterThan(4_000);
    expect(run(true)).toEqual(plain);
  });
});
