// Groups gateway errors into incidents as they happen: errors of one reason less than `gapMs`
// apart form one incident. Memory grows with incidents, never with requests.

import type { Reason } from '../outcome.js';
import type { Incident } from './result.js';

interface OpenIncident {
  startMs: number;
  endMs: number;
  status: number;
  reason: Reason;
  count: number;
  instanceIds: Set<string>;
  faultIndexes: Set<number>;
  node: string | null;
}

export class IncidentTracker {
  /** Open incidents by reason, and by node for errors scoped to one node. */
  private readonly open = new Map<string, OpenIncident>();
  private readonly closed: OpenIncident[] = [];

  constructor(private readonly gapMs: number) {}

  record(tMs: number, reason: Reason, status: number, instanceIds: readonly string[], faultIndexes: readonly number[], node: string | null = null): void {
    const key = node === null ? reason : `${reason}@${node}`;
    let incident = this.open.get(key);
    if (incident && tMs - incident.endMs > this.gapMs) {
      this.closed.push(incident);
      incident = undefined;
    }
    if (!incident) {
      incident = { startMs: tMs, endMs: tMs, status, reason, count: 0, instanceIds: new Set(), faultIndexes: new Set(), node };
      this.open.set(key, incident);
    }
    incident.endMs = tMs;
    incident.count++;
    for (const id of instanceIds) incident.instanceIds.add(id);
    for (const index of faultIndexes) incident.faultIndexes.add(index);
  }

  /** All incidents, numbered by start time; `detectedAtMs` is filled in by the caller. */
  finish(): Incident[] {
    const all = [...this.closed, ...this.open.values()];
    all.sort((a, b) => a.startMs - b.startMs || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
    return all.map((incident, i) => ({
      number: i + 1,
      startMs: incident.startMs,
      endMs: incident.endMs,
      status: incident.status,
      reason: incident.reason,
      count: incident.count,
      instanceIds: [...incident.instanceIds].sort(compareIds),
      faultIndexes: [...incident.faultIndexes].sort((a, b) => a - b),
      detectedAtMs: null,
      node: incident.node,
    }));
  }
}

/** Orders `i-2` before `i-10`: runs of digits compare as numbers, the rest by code unit (no locale). */
export function compareIds(a: string, b: string): number {
  const partsA = a.match(/\d+|\D+/g) ?? [];
  const partsB = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(partsA.length, partsB.length); i++) {
    const x = partsA[i]!;
    const y = partsB[i]!;
    if (x === y) continue;
    const bothDigits = /^\d/.test(x) && /^\d/.test(y);
    if (bothDigits && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return partsA.length - partsB.length || (a < b ? -1 : a > b ? 1 : 0);
}
