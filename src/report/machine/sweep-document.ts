// The sweep result as data: what was swept, the raw number of every unit (grid point × seed), and
// per point the mean and Student-t 95% interval of each metric. Shards carry the same shape, so
// merging them is re-aggregating their units, and gives byte for byte what one unsharded sweep gives.

import { meanInterval, type MeanInterval } from '../text/stats.js';

export const SWEEP_FORMAT_VERSION = 1;

/** Everything that decides the units and their numbers; shards of one sweep share it exactly. */
export interface SweepDescriptor {
  scenario: string;
  /** Of the file's bytes: shards of different versions of a file must not be merged. */
  scenarioSha256: string;
  sets: Array<{ path: string; values: unknown[] }>;
  seeds: number[];
  metrics: string[];
}

export interface SweepUnit {
  /** Index of the grid point. */
  point: number;
  seed: number;
  /** One per metric; null where the path names nothing in that run. */
  values: (number | null)[];
}

export interface SweepPoint {
  settings: Record<string, unknown>;
  metrics: Record<string, MeanInterval>;
}

export interface SweepDocument extends SweepDescriptor {
  lbsim: 'sweep';
  version: number;
  interval: string;
  /** Null for a whole sweep (unsharded, or merged). */
  shard: { index: number; count: number } | null;
  points: SweepPoint[];
  units: SweepUnit[];
}

export const INTERVAL_TEXT = '95% confidence interval of the mean over seeds, Student t (n − 1 degrees of freedom)';

/** Grid points in a fixed order: the first set varies slowest. */
export function gridSettings(sets: SweepDescriptor['sets']): Array<Record<string, unknown>> {
  let points: Array<Array<[string, unknown]>> = [[]];
  for (const set of sets) points = points.flatMap((point) => set.values.map((value): Array<[string, unknown]> => [...point, [set.path, value]]));
  return points.map((entries) => Object.fromEntries(entries));
}

/** Units are numbered point by point, seed by seed; shard i of n takes the numbers ≡ i − 1 (mod n). */
export function unitIndex(point: number, seedIndex: number, seedCount: number): number {
  return point * seedCount + seedIndex;
}

export function inShard(index: number, shard: { index: number; count: number } | null): boolean {
  return shard === null || index % shard.count === shard.index - 1;
}

/** The document for some units of a sweep: sorted into unit order, aggregated per point. */
export function sweepDocument(descriptor: SweepDescriptor, shard: SweepDocument['shard'], units: readonly SweepUnit[]): SweepDocument {
  const seedIndex = new Map(descriptor.seeds.map((seed, k) => [seed, k]));
  const order = (unit: SweepUnit) => unitIndex(unit.point, seedIndex.get(unit.seed) ?? 0, descriptor.seeds.length);
  const sorted = [...units].sort((a, b) => order(a) - order(b));
  const byPoint = new Map<number, SweepUnit[]>();
  for (const unit of sorted) byPoint.set(unit.point, [...(byPoint.get(unit.point) ?? []), unit]);
  const points = gridSettings(descriptor.sets).map((settings, point): SweepPoint => {
    const mine = byPoint.get(point) ?? [];
    const metrics = Object.fromEntries(descriptor.metrics.map((metric, m) => [metric, meanInterval(mine.map((unit) => unit.values[m] ?? null))]));
    return { settings, metrics };
  });
  // Key order is fixed here: the JSON must be byte-identical however the units were computed.
  return {
    lbsim: 'sweep',
    version: SWEEP_FORMAT_VERSION,
    scenario: descriptor.scenario,
    scenarioSha256: descriptor.scenarioSha256,
    sets: descriptor.sets.map((set) => ({ path: set.path, values: [...set.values] })),
    seeds: [...descriptor.seeds],
    metrics: [...descriptor.metrics],
    interval: INTERVAL_TEXT,
    shard,
    points,
    units: sorted.map((unit) => ({ point: unit.point, seed: unit.seed, values: [...unit.values] })),
  };
}

export type MergeResult = { ok: true; document: SweepDocument } | { ok: false; problems: string[] };

/** Shards of one sweep, each exactly once, into the whole sweep's document. */
export function mergeSweeps(named: ReadonlyArray<{ name: string; document: SweepDocument }>): MergeResult {
  const first = named[0];
  if (first === undefined) return { ok: false, problems: ['no shard outputs given'] };
  const problems: string[] = [];
  const descriptorText = (doc: SweepDocument) => JSON.stringify(descriptorOf(doc));
  const count = first.document.shard?.count ?? 1;
  const seen = new Map<number, string>();
  for (const { name, document } of named) {
    if (descriptorText(document) !== descriptorText(first.document)) problems.push(`${name}: not a shard of the same sweep as ${first.name} (scenario, its contents, --set, seeds or metrics differ)`);
    const shard = document.shard ?? { index: 1, count: 1 };
    if (shard.count !== count) problems.push(`${name}: shard ${shard.index}/${shard.count}, but ${first.name} is one of ${count}`);
    const earlier = seen.get(shard.index);
    if (earlier !== undefined) problems.push(`${name}: shard ${shard.index}/${shard.count} again (also ${earlier})`);
    seen.set(shard.index, name);
  }
  for (let index = 1; index <= count; index++) if (!seen.has(index)) problems.push(`shard ${index}/${count} is missing`);
  if (problems.length > 0) return { ok: false, problems };
  const units = named.flatMap(({ document }) => document.units);
  const unitProblems = checkUnits(first.document, units);
  if (unitProblems.length > 0) return { ok: false, problems: unitProblems };
  return { ok: true, document: sweepDocument(descriptorOf(first.document), null, units) };
}

function descriptorOf(document: SweepDocument): SweepDescriptor {
  return { scenario: document.scenario, scenarioSha256: document.scenarioSha256, sets: document.sets, seeds: document.seeds, metrics: document.metrics };
}

/** Every unit of the grid exactly once, each with one value per metric. */
function checkUnits(descriptor: SweepDescriptor, units: readonly SweepUnit[]): string[] {
  const pointCount = gridSettings(descriptor.sets).length;
  const expected = pointCount * descriptor.seeds.length;
  const seeds = new Set(descriptor.seeds);
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const unit of units) {
    const key = `${unit.point}/${unit.seed}`;
    const known = unit.point >= 0 && unit.point < pointCount && seeds.has(unit.seed) && unit.values.length === descriptor.metrics.length;
    if (!known) problems.push(`unit point ${unit.point}, seed ${unit.seed} does not belong to this sweep`);
    else if (seen.has(key)) problems.push(`unit point ${unit.point}, seed ${unit.seed} appears twice`);
    seen.add(key);
  }
  if (problems.length === 0 && seen.size !== expected) problems.push(`the shards hold ${seen.size} of the sweep's ${expected} units`);
  return problems.slice(0, 20);
}
