// `lbsim merge FILES…`: the JSON outputs of `lbsim sweep --shard i/n`, every shard once, combined
// into exactly what the unsharded sweep prints (its units re-aggregated in the same order).

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { mergeSweeps, SWEEP_FORMAT_VERSION, type SweepDocument } from '../../report/machine/sweep-document.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { InvalidScenario } from '../load-scenario.js';
import { render, type SweepFormat } from './sweep-command.js';

export interface MergeOptions {
  format?: SweepFormat;
}

const cell = z.number().nullable();
/** Only what merging reads is checked; the rest is rebuilt from the units. */
const shardShape = z.object({
  lbsim: z.literal('sweep'),
  version: z.literal(SWEEP_FORMAT_VERSION),
  scenario: z.string(),
  scenarioSha256: z.string(),
  sets: z.array(z.object({ path: z.string(), values: z.array(z.unknown()) })),
  seeds: z.array(z.number().int()),
  metrics: z.array(z.string()),
  shard: z.object({ index: z.number().int().min(1), count: z.number().int().min(1) }).nullable(),
  units: z.array(z.object({ point: z.number().int(), seed: z.number().int(), values: z.array(cell) })),
});

export function mergeCommand(files: readonly string[], options: MergeOptions): number {
  const named = files.map((name) => ({ name, document: readShard(name) }));
  const merged = mergeSweeps(named);
  if (!merged.ok) throw new InvalidScenario(merged.problems);
  process.stdout.write(render(merged.document, options.format ?? 'json'));
  return ExitCode.ok;
}

function readShard(name: string): SweepDocument {
  let text: string;
  try {
    text = readFileSync(name, 'utf8');
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    throw new UsageError(`${name}: ${code === 'ENOENT' ? 'file not found' : `cannot read file${code === '' ? '' : ` (${code})`}`}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${name}: not JSON; expected the output of lbsim sweep --format json`);
  }
  const parsed = shardShape.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : ` (at ${issue.path.join('.')})`;
    throw new UsageError(`${name}: not an lbsim sweep output${where}; expected the output of lbsim sweep --format json`);
  }
  return value as SweepDocument;
}
