// The proxy's clock on a shared real-time scheduler: handlers run at (never before) their scenario
// time, cancel works, and closing it cancels the proxy's timers while the scheduler's other users go on.

import { afterEach, describe, expect, it } from 'vitest';
import { ProxyClock } from '../../src/live/proxy/proxy-clock.js';
import { RealTimeScheduler } from '../../src/live/realtime-scheduler.js';

let scheduler: RealTimeScheduler | null = null;
afterEach(() => scheduler?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('proxy clock', () => {
  it('runs handlers at their scenario time, never before, and cancel stops one', async () => {
    scheduler = new RealTimeScheduler(50);
    const clock = new ProxyClock(scheduler);
    const lateness: number[] = [];
    const count = 20;
    let cancelledRan = false;
    await new Promise<void>((resolve) => {
      for (let i = 0; i < count; i++) {
        const atMs = clock.nowMs() + 500 + i * 37;
        clock.at(atMs, 0, () => {
          lateness.push(clock.nowMs() - atMs);
          if (lateness.length === count) resolve();
        }, null);
      }
      clock.cancel(clock.at(clock.nowMs() + 600, 0, () => (cancelledRan = true), null));
    });
    expect(Math.min(...lateness)).toBeGreaterThanOrEqual(0);
    expect(cancelledRan).toBe(false);
  });

  it('close() cancels the proxy\'s timers only; the shared scheduler keeps running the others', async () => {
    scheduler = new RealTimeScheduler(50);
    const clock = new ProxyClock(scheduler);
    const ran: string[] = [];
    clock.at(scheduler.nowMs() + 500, 0, () => ran.push('proxy'), null);
    scheduler.at(scheduler.nowMs() + 500, 0, () => ran.push('pool'), null);
    clock.close();
    clock.at(scheduler.nowMs() + 100, 0, () => ran.push('after close'), null);
    await sleep(60);
    expect(ran).toEqual(['pool']);
  });
});
