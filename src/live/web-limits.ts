// The web app's limits on runs: one run at a time per client address (a page cannot queue a hundred
// behind each other), and a wall-clock limit per run, checked between slices of simulated time.

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
  /** Frees the client's slot; safe to call twice. */
  end(): void;
}

export class RunTimedOut extends Error {
  constructor(readonly timeoutMs: number) {
    super(`stopped: the run took longer than ${timeoutMs / 1000} s (lbsim serve --run-timeout)`);
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
    return {
      timeoutMs: this.runTimeoutMs,
      expired: () => performance.now() >= deadline,
      end: () => {
        if (!ended) this.running.delete(client);
        ended = true;
      },
    };
  }

  /** Message for a client that already has a run going. */
  static readonly busyMessage = 'one run at a time: this client already has a run going (wait for it, or stop it)';
}

/**
 * Drives a sliced run to its end, giving the event loop a turn after each slice (so other requests are
 * answered) and throwing RunTimedOut once the slot's time is up.
 */
export async function runInTurns<T>(run: Generator<SliceProgress, T, void>, slot: RunSlot): Promise<T> {
  for (;;) {
    const step = run.next();
    if (step.done === true) return step.value;
    if (slot.expired()) throw new RunTimedOut(slot.timeoutMs);
    await nextTurn();
  }
}
