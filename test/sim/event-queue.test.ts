// The kernel's event queue: time order, priority then FIFO on ties, agreement with a stable
// sort, and interleaved pushes and pops.
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/event-queue.js';
import { RngStreams } from '../../src/sim/rng.js';

function drain(queue: EventQueue): Array<[number, unknown]> {
  const order: Array<[number, unknown]> = [];
  while (queue.size > 0) {
    queue.pop();
    order.push([queue.poppedAtMs, queue.poppedPayload]);
  }
  return order;
}

const noop = () => {};

describe('EventQueue', () => {
  it('pops in time order', () => {
    const queue = new EventQueue();
    for (const t of [5, 1, 4, 2, 3]) queue.push(t, 0, noop, `t${t}`);
    expect(drain(queue).map(([, p]) => p)).toEqual(['t1', 't2', 't3', 't4', 't5']);
  });

  it('breaks time ties by priority, then by insertion order (FIFO)', () => {
    const queue = new EventQueue();
    queue.push(10, 20, noop, 'traffic-a');
    queue.push(10, 0, noop, 'timeline');
    queue.push(10, 20, noop, 'traffic-b');
    queue.push(10, 10, noop, 'health');
    queue.push(10, 20, noop, 'traffic-c');
    expect(drain(queue).map(([, p]) => p)).toEqual(['timeline', 'health', 'traffic-a', 'traffic-b', 'traffic-c']);
  });

  it('matches a stable sort on 20,000 random keys, across growth of the arrays', () => {
    const rng = new RngStreams(7).stream('traffic');
    const queue = new EventQueue();
    const items: Array<{ t: number; p: number; seq: number }> = [];
    for (let seq = 0; seq < 20_000; seq++) {
      const t = Math.floor(rng.next() * 500); // many ties on purpose
      const p = rng.int(3);
      items.push({ t, p, seq });
      queue.push(t, p, noop, seq);
    }
    const expected = [...items].sort((a, b) => a.t - b.t || a.p - b.p || a.seq - b.seq).map((i) => i.seq);
    expect(drain(queue).map(([, p]) => p)).toEqual(expected);
  });

  it('returns each event\'s own handler and id', () => {
    const queue = new EventQueue();
    const a = () => {};
    const b = () => {};
    const idA = queue.push(2, 0, a, null);
    const idB = queue.push(1, 0, b, null);
    expect(queue.pop()).toBe(b);
    expect(queue.poppedId).toBe(idB);
    expect(queue.pop()).toBe(a);
    expect(queue.poppedId).toBe(idA);
  });

  it('interleaves pushes and pops correctly', () => {
    const queue = new EventQueue();
    queue.push(3, 0, noop, 'a');
    queue.push(1, 0, noop, 'b');
    queue.pop();
    expect(queue.poppedPayload).toBe('b');
    queue.push(2, 0, noop, 'c');
    queue.push(3, 0, noop, 'd');
    expect(drain(queue).map(([, p]) => p)).toEqual(['c', 'a', 'd']);
    expect(queue.size).toBe(0);
  });
});
