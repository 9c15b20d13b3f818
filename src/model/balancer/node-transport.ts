// What the balancer node core (balancer.ts) needs from the wire: start an attempt on one instance
// and hear how it ended. The simulated instance is one transport (sim-transport.ts), the live
// proxy's undici connection the other (live/proxy/live-transport.ts); the core decides the rest.
//
//   core.send ─► transport.open ─► 'sent' ─► later, one of: core.onResponse / onReset / onMalformed /
//                    │                        onIdleTimeout (response timeout) / onConnectFailed
//                    └─► 'refused' / 'race' (failed at once, in the same instant)

import type { Candidate } from '../algorithms/algorithm.js';
import type { HealthState } from '../config.js';
import type { Job } from '../instance/job.js';
import type { ViewSlot } from './node-view.js';

/** A node's view of one instance, as the core reads and counts it (the model's Slot, live's Backend). */
export interface NodeSlot extends ViewSlot, Candidate {
  belief: HealthState;
  outstanding: number;
  /** Per-instance totals over counted requests. */
  requests: number;
  responses: number;
  backend5xx: number;
  gatewayErrors: number;
}

/** How opening an attempt went: under way (its end is reported later), refused, or a closed keep-alive connection. */
export type Opened = 'sent' | 'refused' | 'race';

/** The node as a transport reports to it. */
export interface AttemptListener<S> {
  onResponse(job: Job, status: number): void;
  onReset(job: Job): void;
  onMalformed(job: Job): void;
  /** No answer within the response (idle) timeout; `cause`: the fault behind it when the transport knows it. */
  onIdleTimeout(job: Job, cause?: number | null): void;
  /** The connection was refused or never completed; the request never reached the instance. */
  onConnectFailed(job: Job, slot: S, reason: 'ConnectRefused' | 'ConnectTimeout', cause: number | null | undefined): void;
}

export interface NodeTransport<S extends NodeSlot> {
  /** Starts an attempt of `job` on `slot` for `node`; `routedUnhealthy`: sent around health (fail-open, panic). */
  open(job: Job, slot: S, node: AttemptListener<S>, routedUnhealthy: boolean): Opened;
  /** An answer came back on the slot's connection: it is idle again. */
  released(slot: S): void;
  /**
   * Whether a refusal by this instance means it is at capacity (CLB's surge queue takes those) rather
   * than down (a crash's refusals fail at once).
   */
  refusalIsCapacity(slot: S): boolean;
  /** Whether a new connection to the instance would be accepted now (the surge queue sends only then). */
  accepting(slot: S): boolean;
  /** Calls `cut` with each of `node`'s attempts still in flight on the instance (a deregistration's cut). */
  cutInFlight(slot: S, node: AttemptListener<S>, cut: (job: Job) => void): void;
  /** The answer is lost on the way back (a blackholed path): a response timeout when the deadline passes. */
  lost(job: Job, node: AttemptListener<S>): void;
}
