// The interface every balancing algorithm implements. Candidates are the instances the
// balancer routes among, in a stable order; `outstanding` is the balancer's own count.
//
// The balancer calls `reset` with its candidate array whenever that set changes (O(N) work is
// fine there: it happens on health and membership changes, not per request), `outstandingChanged`
// when a candidate's count moves, and `pick` per request. `pick` usually gets the array `reset`
// saw; a retry passes a filtered copy (instances not tried yet), and an algorithm may then fall
// back to a scan of that smaller array, since building it already cost the balancer O(N).

import type { Rng } from '../../sim/rng.js';

export interface Candidate {
  /** The instance's position in the pool (stable for the whole run). */
  readonly index: number;
  readonly id: string;
  /** Requests sent to this instance and not yet answered, from the balancer's side. */
  readonly outstanding: number;
  /** The instance's `Weight`. */
  readonly weight: number;
  /** The balancer's belief: slow start ramps only instances that turned InService. */
  readonly belief: 'InService' | 'OutOfService';
}

/** What an algorithm may read of a request: its client, path and headers. */
export interface PickRequest {
  /** The client (`Traffic.Clients`), or -1 without a client population. */
  readonly client: number;
  readonly kind: { readonly path: string; readonly headers?: Readonly<Record<string, string>> };
}

export interface Algorithm {
  /** Picks one of `candidates` (never empty). Returns its index in the array. */
  pick(candidates: readonly Candidate[], rng: Rng, request: PickRequest): number;
  /** The set the balancer routes among changed; `candidates` is the array later picks get. */
  reset?(candidates: readonly Candidate[]): void;
  /** `candidate.outstanding` just changed (by one). */
  outstandingChanged?(candidate: Candidate): void;
  /** An instance answered `request` (sticky sessions set their cookie on the response). */
  answered?(request: PickRequest, candidate: Candidate): void;
}

/** How weighted algorithms read a candidate's weight: its Weight, times the slow-start ramp when on. */
export type WeightOf = (candidate: Candidate) => number;

export const baseWeight: WeightOf = (candidate) => candidate.weight;
