// The real-time scheduler: events run in (time, priority, order) like the simulator's, never before
// their time, cancelled ones not at all, and a busy event loop delays them without the lateness
// piling up along a chain of events (an arrival process scheduling its next arrival).

import { afterEach, describe, expect, it } from 'vitest';
import { RealTimeScheduler } from '../../src/live/realtime-scheduler.js';

let scheduler: RealTimeScheduler | null = null;
afterEach(() => {
  scheduler?.close();
  scheduler = null;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RealTimeScheduler', () => {
  it('runs events in time, then priority, then scheduling order, never before their time', async () => {
    scheduler = new RealTimeScheduler(10);
    const clock = scheduler;
    const ran: Array<{ name: string; lateMs: number }> = [];
    const record = (name: string, atMs: number) => () => ran.push({ name, lateMs: clock.nowMs() - atMs });
    clock.restart();
    clock.at(300, 1, record('c', 300), null);
    clock.at(100, 2, record('b-low', 100), null);
    clock.at(100, 1, record('b-high', 100), null);
    clock.at(100, 1, record('b-high-2', 100), null);
    const cancelled = clock.at(200, 0, record('cancelled', 200), null);
    clock.cancel(cancelled);
    await sleep(60);
    expect(ran.map((r) => r.name)).toEqual(['b-high', 'b-high-2', 'b-low', 'c']);
    for (const r of ran) expect(r.lateMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps a chain of events on schedule while the event loop is busy', async () => {
    scheduler = new RealTimeScheduler(20);
    const clock = scheduler;
    const gapMs = 33; // 1.65 real ms apart: about 600 events a real second
    const lateness: number[] = [];
    let dueMs = gapMs;
    const next = () => {
      lateness.push((clock.nowMs() - dueMs) / 20);
      dueMs += gapMs;
      clock.at(dueMs, 0, next, null);
    };
    // 4 ms of work in every 6: the loop is two-thirds busy, as under a live run's traffic.
    const busy = setInterval(() => {
      const end = performance.now() + 4;
      while (performance.now() < end);
    }, 6);
    clock.restart();
    clock.at(dueMs, 0, next, null);
    await sleep(1500);
    clearInterval(busy);
    const lastTen = lateness.slice(-10);
    // A timer per event would be hundreds of real ms behind by now; here the lateness stays bounded.
    expect(lateness.length).toBeGreaterThan(700);
    expect(Math.max(...lastTen)).toBeLessThan(30);
  });

  it('runs nothing after close, and schedules nothing new', async () => {
    scheduler = new RealTimeScheduler(10);
    let ran = 0;
    scheduler.restart();
    scheduler.at(50, 0, () => ran++, null);
    scheduler.close();
    scheduler.at(60, 0, () => ran++, null);
    await sleep(30);
    expect(ran).toBe(0);
  });
});
