// Defaults for `Traffic.Replay`: the window's bounds, speed and reorder window, and a replay's
// client population (addresses hashed into a fixed number of ids, see ReplayTraffic).

import type { ClientsConfig, ReplayBound, ReplayConfig } from '../model/config.js';
import { REPLAY_CLIENT_IDS } from '../model/traffic/replay-traffic.js';
import { parseDurationMs } from './duration.js';
import { replayBound, type replaySchema } from './schema-replay.js';
import type { z } from 'zod';

type ReplayEntry = z.output<typeof replaySchema>;

export const DEFAULT_REPLAY_SPEED = 1;
export const DEFAULT_REORDER_WINDOW_MS = 10_000;

/** Every replayed client maps to one of these ids; a uniform population of that size sizes sticky cookies. */
export const REPLAY_CLIENTS: ClientsConfig = { count: REPLAY_CLIENT_IDS, distribution: 'uniform', exponent: 0 };

function bound(value: number | string | undefined): ReplayBound | null {
  return value === undefined ? null : replayBound(value);
}

export function resolveReplay(given: ReplayEntry, scenarioFile: string): ReplayConfig {
  return {
    files: typeof given.File === 'string' ? [given.File] : [...given.File],
    scenarioFile,
    format: given.Format,
    logFormat: given.LogFormat ?? null,
    from: bound(given.From),
    to: bound(given.To),
    speed: given.Speed ?? DEFAULT_REPLAY_SPEED,
    reorderWindowMs: given.ReorderWindow === undefined ? DEFAULT_REORDER_WINDOW_MS : (parseDurationMs(given.ReorderWindow) ?? DEFAULT_REORDER_WINDOW_MS),
  };
}

/** The default Duration of a replay whose From and To are both given: the window, in simulated time. */
export function replayWindowMs(given: ReplayEntry | undefined): number | null {
  if (given === undefined) return null;
  const [from, to] = [bound(given.From), bound(given.To)];
  if (to === null) return null;
  const speed = given.Speed ?? DEFAULT_REPLAY_SPEED;
  if ('offsetMs' in to) return (to.offsetMs - (from !== null && 'offsetMs' in from ? from.offsetMs : 0)) / speed;
  return from !== null && 'epochMs' in from ? (to.epochMs - from.epochMs) / speed : null;
}
