// The pool in file order: Count groups expanded and each member given its zone. Validation and
// resolution both read it, so an event's AvailabilityZone or Fraction names the same instances in both.

import { DEFAULT_COUNT, DEFAULT_INSTANCE_IDS, DEFAULT_INSTANCE_ZONES, DEFAULT_ZONE } from './defaults.js';

/** The keys of an `Instances` entry that decide ids and zones. */
export interface PoolEntry {
  InstanceId: string;
  Count?: number | undefined;
  AvailabilityZone?: string | undefined;
}

export interface PoolMember {
  id: string;
  zone: string;
  /** Position of the entry in `Instances` it came from; -1 for the default pool. */
  entryIndex: number;
}

/** Ids a Count group expands to: `web` × 3 → web-1, web-2, web-3; a single instance keeps its id. */
export function memberIds(instanceId: string, count: number): string[] {
  if (count <= 1) return [instanceId];
  return Array.from({ length: count }, (_, i) => `${instanceId}-${i + 1}`);
}

/**
 * Every instance in pool order with its zone: the entry's own AvailabilityZone, else the file's
 * `AvailabilityZones` round-robin over the pool position, else the default. Without `Instances`
 * the pool is the two default instances, one per default zone.
 */
export function poolMembers(entries: readonly PoolEntry[] | undefined, zones: readonly string[] | undefined): PoolMember[] {
  const zoneAt = (position: number, fallback: string) => (zones === undefined || zones.length === 0 ? fallback : zones[position % zones.length]!);
  if (entries === undefined) {
    return DEFAULT_INSTANCE_IDS.map((id, i) => ({ id, zone: zoneAt(i, DEFAULT_INSTANCE_ZONES[i % DEFAULT_INSTANCE_ZONES.length]!), entryIndex: -1 }));
  }
  const expanded = entries.flatMap((entry, entryIndex) => memberIds(entry.InstanceId, entry.Count ?? DEFAULT_COUNT).map((id) => ({ id, entry, entryIndex })));
  return expanded.map(({ id, entry, entryIndex }, i) => ({ id, zone: entry.AvailabilityZone ?? zoneAt(i, DEFAULT_ZONE), entryIndex }));
}

/**
 * How many instances `Fraction` selects from a pool of `poolSize`: ⌈fraction × poolSize⌉, the first
 * ones in pool order, so the choice is predictable from the file alone (5 instances, 0.5 → the first
 * 3) and never random. The product is rounded to 12 significant digits first, so binary noise does
 * not round up a whole instance (0.1 × 30 is 3.0000000000000004 in floating point, and means 3).
 */
export function fractionCount(fraction: number, poolSize: number): number {
  return Math.min(poolSize, Math.ceil(Number((fraction * poolSize).toPrecision(12))));
}
