// The interface every balancing algorithm implements. Candidates are the instances the
// balancer believes InService, in a stable order; `outstanding` is the balancer's own count.

import type { Rng } from '../../sim/rng.js';

export interface Candidate {
  readonly id: string;
  /** Requests sent to this instance and not yet answered, from the balancer's side. */
  readonly outstanding: number;
  readonly weight: number;
}

export interface Algorithm {
  /** Picks one of `candidates` (never empty). Returns its index in the array. */
  pick(candidates: readonly Candidate[], rng: Rng): number;
}
