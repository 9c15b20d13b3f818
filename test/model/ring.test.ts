// The instance's FIFO ring: oldest first through wrap-around and growth, and nothing read past
// the end, also when the ring is exactly full (where the slot after the newest is the oldest).
import { describe, expect, it } from 'vitest';
import { Ring } from '../../src/model/instance/ring.js';

describe('Ring', () => {
  it('reads nothing past the newest item, also when exactly full', () => {
    const ring = new Ring<number>(4);
    for (const n of [1, 2, 3, 4]) ring.push(n);
    expect([ring.at(0), ring.at(3), ring.at(4), ring.at(5)]).toEqual([1, 4, undefined, undefined]);
  });

  it('keeps first-in first-out order across wrap-around and growth', () => {
    const ring = new Ring<number>(4);
    for (const n of [1, 2, 3]) ring.push(n);
    expect([ring.shift(), ring.shift()]).toEqual([1, 2]);
    for (const n of [4, 5, 6, 7, 8]) ring.push(n); // wraps, then grows from 4 to 8 slots
    expect(ring.length).toBe(6);
    expect(ring.peek()).toBe(3);
    expect(ring.drain()).toEqual([3, 4, 5, 6, 7, 8]);
    expect([ring.length, ring.peek(), ring.shift()]).toEqual([0, undefined, undefined]);
  });
});
