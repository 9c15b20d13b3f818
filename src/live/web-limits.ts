// The web app's limits on runs: one run at a time per client address (a page cannot queue a hundred
// behind each other; every page on this machine comes from 127.0.0.1, so that is one run in all), a
// wall-clock limit per run, and a run whose client went away stopped, both checked between slices.

import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { SliceProgress } from '../simulate.js';

/**
 * The largest run the app accepts (3 M requests) took 14 s of wall time (4.3 s of CPU) on a 2-core
 * machine under a load of 12; the HTML report's per-request events add to that. Two minutes leaves room.
 */
export const DEFAULT_RUN_TIMEOUT_MS = 120_000;

/** Slices per run: the wall-clock limit and other requests get a turn after each. */
export const RUN_SLICES = 100;

export interface RunSlot {
  readonly timeoutMs: number;
  /** True once the run has used up its wall-clock time. */
  expired(): boolean;
  /** True once the client that asked for the run has gone away. */
  abandoned(): boolean;
  /** The client went away: the run stops at its next slice, so it does not hold the slot for nothing. */
  abandon(): void;
  /** Frees the client's slot; safe to call twice. */
  end(): void;
}

export class RunTimedOut extends Error {
  constructor(readonly timeoutMs: number) {
    super(`stopped: the run took longer than ${timeoutMs / 1000} s (lbsim serve --run-timeout)`);
  }
}

export class RunAbandoned extends Error {
  constructor() {
    super('stopped: the client went away');
  }
}

export class RunLimits {
  private readonly running = new Set<string>();

  constructor(readonly runTimeoutMs: number = DEFAULT_RUN_TIMEOUT_MS) {}

  /** A slot for a run by `client`, or null while that client has a run going. */
  begin(client: string): RunSlot | null {
    if (this.running.has(client)) return null;
    this.running.add(client);
    const deadline = performance.now() + this.runTimeoutMs;
    let ended = false;
    let gone = false;
    return {
      timeoutMs: this.runTimeoutMs,
      expired: () => performance.now() >= deadline,
      abandoned: () => gone,
      abandon: () => {
        gone = true;
      },
      end: () => {
        if (!ended) this.running.delete(client);
        ended = true;
      },
    };
  }

  /** Message for a client that already has a run going. */
  static readonly busyMessage = 'one run at a time: a run from this address is going (every page on this machine shares 127.0.0.1; wait for it, or stop it)';
}

/**
 * Drives a sliced run to its end, giving the event loop a turn after each slice (so other requests are
 * answered), throwing RunTimedOut once the slot's time is up and RunAbandoned once its client has gone.
 */
export async function runInTurns<T>(run: Generator<SliceProgress, T, void>, slot: RunSlot): Promise<T> {
  for (;;) {
    const step = run.next();
    if (step.done === true) return step.value;
    if (slot.abandoned()) throw new RunAbandoned();
    if (slot.expired()) throw new RunTimedOut(slot.timeoutMs);
    await nextTurn();
  }
}
