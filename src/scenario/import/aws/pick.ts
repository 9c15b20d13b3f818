// Choosing the one target group or load balancer to import: `--backend` by logical id or name, else the
// only one, else an error that lists them so the user can pick.

import type { JsonPath } from '../../errors.js';
import type { ImportNotes } from './notes.js';

export interface Candidate {
  /** Where it is: a CloudFormation resource or a CLI list item. */
  path: JsonPath;
  /** Names it answers to: the logical id, and its Name/TargetGroupName/LoadBalancerName when plain. */
  names: string[];
}

export function pickOne(notes: ImportNotes, candidates: Candidate[], backend: string | undefined, what: string, whereNone: JsonPath): Candidate | null {
  const listed = candidates.map((c) => c.names.join(' / ')).join(', ');
  if (candidates.length === 0) {
    notes.error(whereNone, `no ${what} in the file`, `a ${what}`, undefined);
    return null;
  }
  if (backend !== undefined) {
    const found = candidates.find((c) => c.names.includes(backend));
    if (found !== undefined) return found;
    notes.error(whereNone, `no ${what} named "${backend}"`, `one of: ${listed}`, backend);
    return null;
  }
  if (candidates.length === 1) return candidates[0]!;
  notes.error(whereNone, `the file has ${candidates.length} ${what}s: choose one with --backend`, `one of: ${listed}`, undefined);
  return null;
}
