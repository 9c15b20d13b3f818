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
