// Where each instance sits in the candidate array an algorithm was last reset with, so a lookup
// by instance (a cookie, a hash table entry, an outstanding count) costs O(1), not a scan.

import type { Candidate } from '../algorithm.js';

export class CandidatePositions {
  /** Position in `current` by instance index; -1 when absent. */
  private positionOf = new Int32Array(0);
  current: readonly Candidate[] = [];

  reset(candidates: readonly Candidate[]): void {
    for (const candidate of this.current) this.positionOf[candidate.index] = -1;
    let size = this.positionOf.length;
    for (const candidate of candidates) if (candidate.index >= size) size = candidate.index + 1;
    if (size > this.positionOf.length) this.positionOf = new Int32Array(size).fill(-1);
    candidates.forEach((candidate, position) => (this.positionOf[candidate.index] = position));
    this.current = candidates;
  }

  /** Position of instance `index` in the current array, -1 when it is not a candidate. */
  of(index: number): number {
    return index < this.positionOf.length ? this.positionOf[index]! : -1;
  }

  /**
   * Position of instance `index` in `candidates`: O(1) for the current array, a scan for any
   * other (a retry's filtered copy).
   */
  within(candidates: readonly Candidate[], index: number): number {
    if (candidates === this.current) return this.of(index);
    for (let i = 0; i < candidates.length; i++) if (candidates[i]!.index === index) return i;
    return -1;
  }
}
