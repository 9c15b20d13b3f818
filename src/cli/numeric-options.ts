// Parsing of the counting options of test, sweep and compare (--seeds, --jobs, --shard,
// --quantile, --seed): whole numbers in range, or a usage error (exit 2) saying what is valid.

import { UsageError } from './exit-codes.js';

/** Enough for a tight interval; more is a typo that would run for hours. */
export const MAX_SEEDS = 10_000;

export function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag}: expected a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

export const parseSeeds = (text: string | undefined): number => (text === undefined ? 1 : wholeNumber('--seeds', text, 1, MAX_SEEDS));

export const parseJobs = (text: string | undefined, fallback: number): number => (text === undefined ? fallback : wholeNumber('--jobs', text, 1, 1024));

/** `--seed`: the first seed; the others follow it (seed, seed+1, …). */
export function parseBaseSeed(text: string | undefined, seeds: number): number | null {
  if (text === undefined) return null;
  return wholeNumber('--seed', text, 0, Number.MAX_SAFE_INTEGER - seeds);
}

export interface Shard {
  /** 1-based, as CI matrices count. */
  index: number;
  count: number;
}

export function parseShard(text: string | undefined): Shard | null {
  if (text === undefined) return null;
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard: expected i/n with 1 ≤ i ≤ n, such as 2/4, got "${text}"`);
  }
  return { index, count };
}

/** The share of seeds on which an assertion must hold: (0, 1]. */
export function parseQuantile(text: string | undefined): number {
  if (text === undefined) return 1;
  const value = /^\d*\.?\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value > 0 && value <= 1)) throw new UsageError(`--quantile: expected a share of the seeds above 0 and at most 1, such as 0.9, got "${text}"`);
  return value;
}

/** base, base+1, …: a scenario Seed near 2^53 leaves no room for more seeds above it. */
export function seedList(base: number, count: number): number[] {
  if (base + count - 1 > Number.MAX_SAFE_INTEGER) throw new UsageError(`--seeds: ${count} seeds from ${base} go past ${Number.MAX_SAFE_INTEGER}; give a smaller --seed`);
  return Array.from({ length: count }, (_, k) => base + k);
}
