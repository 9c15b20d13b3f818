// Runs a scenario whose traffic is a replayed log: the feed reads and parses the log a batch at a
// time (asynchronously, outside the core) and the simulator runs between batches. `runScenario`
// is what commands call: a replay, or a plain simulated run, alike.

import type { SimulationSetup } from '../model/config.js';
import type { RunResult } from '../model/run/result.js';
import { simulate, simulateReplayed, type SimulateOptions } from '../simulate.js';
import { LogReadError } from './log-files.js';
import { ReplayFeed } from './replay-feed.js';
import { ReplayInputError, type ReplayStats } from './replay-stats.js';

export interface ReplayRun {
  result: RunResult;
  /** null for a run with drawn arrivals. */
  stats: ReplayStats | null;
}

export async function replayScenario(setup: SimulationSetup, options: SimulateOptions = {}): Promise<ReplayRun> {
  const replay = setup.traffic.replay;
  if (replay === undefined) throw new Error('replayScenario needs a scenario with Traffic.Replay');
  const feed = new ReplayFeed(replay, setup.durationMs);
  const steps = simulateReplayed(setup, options);
  let step = steps.next();
  try {
    while (step.done !== true) {
      options.onProgress?.(step.value.simulatedMs, step.value.totalMs);
      step = steps.next(await nextBatch(feed));
    }
  } finally {
    await feed.close();
  }
  return { result: step.value, stats: feed.stats };
}

async function nextBatch(feed: ReplayFeed): ReturnType<ReplayFeed['next']> {
  try {
    return await feed.next();
  } catch (error) {
    if (error instanceof LogReadError) throw new ReplayInputError([error.message], feed.stats);
    throw error;
  }
}

/** Any scenario: replayed when it has Traffic.Replay, simulated otherwise. */
export async function runScenario(setup: SimulationSetup, options: SimulateOptions = {}): Promise<ReplayRun> {
  if (setup.traffic.replay !== undefined) return replayScenario(setup, options);
  return { result: simulate(setup, options), stats: null };
}

/** The replay's account for stderr: what was read, what was left out, the first bad lines. */
export function replaySummaryLines(stats: ReplayStats): string[] {
  const lines = [
    `replay: ${stats.requests} requests replayed from ${stats.lines} log lines` +
      (stats.beforeWindow > 0 ? `, ${stats.beforeWindow} before From left out` : '') +
      (stats.noServiceTime > 0 ? `; ${stats.noServiceTime} answered by the balancer in the log (no instance time)` : ''),
  ];
  if (stats.badLines > 0) {
    lines.push(`replay: ${stats.badLines} bad ${stats.badLines === 1 ? 'line' : 'lines'} skipped${stats.badLines > stats.badSamples.length ? `; the first ${stats.badSamples.length}` : ''}:`);
    lines.push(...stats.badSamples.map((sample) => `  ${sample}`));
  }
  return lines;
}
