// A progress bar with an ETA over work units (runs of test, sweep and compare), on stderr and
// only when stderr is a terminal: CI logs and pipes stay clean.

import cliProgress from 'cli-progress';

export interface UnitProgress {
  update(done: number, total: number): void;
  stop(): void;
}

export function unitProgressFor(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): UnitProgress | null {
  if (!stream.isTTY || process.env.CI || total < 2) return null;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} [{bar}] {value}/{total} runs | {percentage}% | eta {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      // Runs differ in cost (a grid point with a long Interval is slower): average over more of them.
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}
