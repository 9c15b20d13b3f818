// The instances a consistent-hash table was built over. The table is kept while the candidates
// are a subset of them (a key whose instance is out walks on to the next one, so only that
// instance's keys move) and rebuilt, O(N) or more, when a newcomer joins or fewer than half remain.

import type { Candidate } from '../algorithm.js';
import { CandidatePositions } from './candidate-positions.js';

export class HashBase {
  private members = new Uint8Array(0);
  private count = 0;
  readonly positions = new CandidatePositions();

  /** Records the new candidates; true when the table must be rebuilt over them. */
  reset(candidates: readonly Candidate[]): boolean {
    this.positions.reset(candidates);
    const rebuild = candidates.length * 2 < this.count || candidates.some((c) => !(this.members[c.index] === 1));
    if (!rebuild) return false;
    let size = 0;
    for (const candidate of candidates) size = Math.max(size, candidate.index + 1);
    this.members = new Uint8Array(size);
    for (const candidate of candidates) this.members[candidate.index] = 1;
    this.count = candidates.length;
    return true;
  }

  /** Position of instance `index` among `candidates`, -1 when it is not one of them. */
  positionIn(candidates: readonly Candidate[], index: number): number {
    return this.positions.within(candidates, index);
  }
}
