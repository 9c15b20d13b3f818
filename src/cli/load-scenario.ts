// Loads a scenario for a command: prints every validation error and exits 2 on bad input;
// applies command-line overrides (seed, duration) on top of the file.

import { formatScenarioError } from '../scenario/errors.js';
import { MAX_DURATION_MS } from '../scenario/defaults.js';
import { formatDurationMs, parseDurationMs } from '../scenario/duration.js';
import { loadScenarioFile } from '../scenario/load.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { UsageError } from './exit-codes.js';

export interface Overrides {
  seed?: string;
  duration?: string;
}

export class InvalidScenario extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

export function loadOrExit(file: string): ResolvedScenario {
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) throw new InvalidScenario(loaded.errors.map(formatScenarioError));
  return loaded.scenario;
}

export function applyOverrides(scenario: ResolvedScenario, overrides: Overrides): ResolvedScenario {
  let result = scenario;
  if (overrides.seed !== undefined) {
    // Beyond 2^53 two different seeds would become the same number and silently share a run.
    const seed = /^\d+$/.test(overrides.seed) ? Number(overrides.seed) : Number.NaN;
    if (!Number.isSafeInteger(seed)) {
      throw new UsageError(`--seed: expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got "${overrides.seed}"`);
    }
    result = { ...result, seed };
  }
  if (overrides.duration !== undefined) {
    const durationMs = parseDurationMs(overrides.duration);
    if (durationMs === null || durationMs <= 0) {
      throw new UsageError(`--duration: expected a duration such as 600, "90s" or "10m", got "${overrides.duration}"`);
    }
    if (durationMs > MAX_DURATION_MS) {
      throw new UsageError(`--duration: out of range (expected a duration > 0 and ≤ ${formatDurationMs(MAX_DURATION_MS)}, got "${overrides.duration}")`);
    }
    if (durationMs <= result.warmupMs) {
      throw new UsageError(`--duration: must be longer than the scenario's Warmup (${result.warmupMs / 1000}s)`);
    }
    result = { ...result, durationMs };
  }
  return result;
}
