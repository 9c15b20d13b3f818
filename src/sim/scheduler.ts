// The Scheduler interface every model object receives: the only way the model reads time or
// waits. The simulator implements it over simulated time; live mode can over real timers.

import type { EventHandler } from './event-queue.js';

export type TimerId = number;

/** Lower runs first among events at the same instant. */
export const Priority = {
  /** Fault timeline changes take effect before traffic at the same instant. */
  timeline: 0,
  /** Health probes and their timeouts. */
  health: 10,
  /** Requests, responses and their timeouts. */
  traffic: 20,
} as const;

export interface Scheduler {
  nowMs(): number;
  /** Runs `handler(payload)` at absolute time `atMs` (never before now). */
  at<P>(atMs: number, priority: number, handler: EventHandler<P>, payload: P): TimerId;
  cancel(id: TimerId): void;
}

/**
 * A scheduler that hands out an event's place in line before the event exists (timer-set.ts keeps
 * many timers off the heap this way). Ties at one time and priority run in id order.
 */
export interface ReservingScheduler extends Scheduler {
  /** The id an event scheduled now would get; `atReserved` schedules it later under this id. */
  reserveId(): TimerId;
  /** Schedules under a reserved id (once per id): it runs exactly where it would have if scheduled at reservation. */
  atReserved<P>(atMs: number, priority: number, id: TimerId, handler: EventHandler<P>, payload: P): void;
}
