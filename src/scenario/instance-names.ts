// What an event or an expectation may call an instance, worked out from the raw document during
// validation: ids after Count expansion, Count group ids, zones. Reports ids that collide.

import { DEFAULT_COUNT } from './defaults.js';
import { formatPath } from './errors.js';
import type { Findings } from './findings.js';
import { memberIds, poolMembers, type PoolEntry, type PoolMember } from './pool.js';

export interface InstanceNames {
  ids: Set<string>;
  groups: Map<string, string[]>;
  /** What an author would write: group ids and ungrouped instance ids, in file order. */
  referable: string[];
  /** The pool in order with zones; `zonesKnown` is false when a zone key is itself invalid. */
  pool: PoolMember[];
  zonesKnown: boolean;
}

const namesOfDocument = new WeakMap<Findings, InstanceNames | null>();

/** Worked out once per document: it reports duplicate ids, and several rules need the names. */
export function instanceNamesOnce(f: Findings): InstanceNames | null {
  if (!namesOfDocument.has(f)) namesOfDocument.set(f, instanceNames(f));
  return namesOfDocument.get(f) ?? null;
}

/** The file's `AvailabilityZones` when valid or absent; null when it is invalid or misspelt. */
function fileZones(f: Findings): { zones: string[] | undefined } | null {
  const path = ['AvailabilityZones'];
  if (!f.usable(path)) return null;
  const value = f.at(path);
  return { zones: Array.isArray(value) ? value.map(String) : undefined };
}

function namesOf(pool: PoolMember[], groups: Map<string, string[]>, referable: string[], zonesKnown: boolean): InstanceNames {
  return { ids: new Set(pool.map((member) => member.id)), groups, referable, pool, zonesKnown };
}

/** Names an event may target: every instance id, and each Count group's own id. Null when unknowable. */
function instanceNames(f: Findings): InstanceNames | null {
  const base = ['Instances'];
  const zones = fileZones(f);
  if (!f.has(base)) {
    if (f.misspelt(base)) return null;
    const pool = poolMembers(undefined, zones?.zones);
    return namesOf(pool, new Map(), pool.map((member) => member.id), zones !== null);
  }
  const raw = f.at(base);
  if (!Array.isArray(raw) || !raw.every((_, i) => f.usable([...base, i, 'InstanceId']) && f.usable([...base, i, 'Count']))) return null;
  const entries: PoolEntry[] = raw.map((_, i) => {
    const zone = f.at([...base, i, 'AvailabilityZone']);
    return { InstanceId: String(f.at([...base, i, 'InstanceId'])), Count: Number(f.at([...base, i, 'Count']) ?? DEFAULT_COUNT), AvailabilityZone: typeof zone === 'string' ? zone : undefined };
  });
  if (reportCollisions(f, entries)) return null;
  const groups = new Map(entries.filter((e) => (e.Count ?? DEFAULT_COUNT) > 1).map((e) => [e.InstanceId, memberIds(e.InstanceId, e.Count!)] as const));
  const zonesKnown = zones !== null && raw.every((_, i) => f.usable([...base, i, 'AvailabilityZone']));
  return namesOf(poolMembers(entries, zones?.zones), groups, entries.map((e) => e.InstanceId), zonesKnown);
}

/** Ids used twice, directly or through a Count expansion; true when there was one. */
function reportCollisions(f: Findings, entries: readonly PoolEntry[]): boolean {
  const owners = new Map<string, number>();
  let duplicated = false;
  entries.forEach(({ InstanceId: id, Count: count = DEFAULT_COUNT }, i) => {
    const members = memberIds(id, count);
    const claimed = count > 1 ? [id, ...members] : members;
    const taken = claimed.find((name) => owners.has(name));
    if (taken !== undefined) {
      duplicated = true;
      const where = formatPath(['Instances', owners.get(taken)!]);
      const message =
        taken === id ? `instance id "${id}" is already used by ${where}` : `with Count ${count} this makes "${taken}", which ${where} already uses`;
      f.add({ path: ['Instances', i, 'InstanceId'], message, anchor: 'value' });
    }
    claimed.forEach((name) => owners.set(name, owners.get(name) ?? i));
  });
  return duplicated;
}
