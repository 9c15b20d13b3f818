// A progress bar on stderr for long runs, only when stderr is a terminal (never in CI logs or pipes).

import cliProgress from 'cli-progress';
import { formatMs } from '../../sim/time.js';

/** Below this many simulated requests a run finishes too fast for a bar to help. */
const LONG_RUN_REQUESTS = 2_000_000;

export interface Progress {
  update(simulatedMs: number, totalMs: number): void;
  stop(): void;
}

/** Simulated runs get a bar only when long; live runs always (they take real time), labelled as such. */
export function progressFor(expectedRequests: number, stream: NodeJS.WriteStream = process.stderr, mode: 'simulated' | 'live' = 'simulated'): Progress | null {
  if (!stream.isTTY || process.env.CI || (mode === 'simulated' && expectedRequests < LONG_RUN_REQUESTS)) return null;
  const verb = mode === 'simulated' ? 'simulating' : 'live';
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${verb} [{bar}] {percentage}% | {simulated} of {span} scenario time | eta {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(simulatedMs, totalMs) {
      if (!started) {
        bar.start(100, 0, { simulated: formatMs(0), span: formatMs(totalMs) });
        started = true;
      }
      bar.update(Math.round((simulatedMs / totalMs) * 100), { simulated: formatMs(simulatedMs), span: formatMs(totalMs) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
