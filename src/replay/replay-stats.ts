// What a replay read: lines, requests replayed, bad lines (the first few with file and line), and
// the input errors that stop it (a log with no valid line, a line too far out of order).

export interface ReplayStats {
  /** Non-empty lines read (comments excluded). */
  lines: number;
  /** Requests handed to the simulator. */
  requests: number;
  badLines: number;
  /** `file:line: why`, the first five. */
  badSamples: string[];
  /** Replayed requests whose line has no instance time (the balancer answered them in the log). */
  noServiceTime: number;
  /** Requests before From, left out. */
  beforeWindow: number;
  /** The log time simulated 0s stands for (epoch ms; 0 for an event log); null before the first request. */
  originMs: number | null;
}

export function newReplayStats(): ReplayStats {
  return { lines: 0, requests: 0, badLines: 0, badSamples: [], noServiceTime: 0, beforeWindow: 0, originMs: null };
}

/** The replayed logs cannot be used: every message names the file (and line). Exit code 2. */
export class ReplayInputError extends Error {
  constructor(readonly lines: string[], readonly stats: ReplayStats) {
    super(lines.join('\n'));
  }
}
