// The interface every fault implements. A fault sets one part of an instance's fault state
// (`kind`); the timeline keeps the events of each kind that are in force and applies the
// newest, so overlapping faults of one kind nest instead of cancelling each other.

import type { FaultEventConfig, FaultName } from '../config.js';
import type { Instance } from '../instance/instance.js';

/**
 * Every fault is a kind of fault state of its own, except `recover` (ends them all), the
 * membership events `register` and `deregister`, which act on the balancer's pool instead, and
 * `deploy`, which sequences crash, recover and the membership changes in batches (deploy.ts).
 */
export type FaultKind = Exclude<FaultName, 'recover' | 'register' | 'deregister' | 'deploy'>;

export interface Fault {
  kind: FaultKind;
  /** Puts this event's effect in force (it is the newest of its kind). */
  apply(instance: Instance, event: FaultEventConfig): void;
  /** No event of this kind is in force any more. */
  clear(instance: Instance): void;
}
