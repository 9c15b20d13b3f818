// What a balancer node tells the run about: every answer, every gateway error with what stood
// behind it, and belief changes that come from passive accounting rather than probes.

import type { Balancer } from './balancer.js';
import type { HealthState } from '../config.js';
import type { Job } from '../instance/job.js';
import type { Reason } from '../outcome.js';
import type { NodeSlot } from './node-transport.js';
import type { Slot } from './slot.js';

export interface GatewayError<S extends NodeSlot = Slot> {
  /** The node that answered. */
  node: Balancer<S>;
  job: Job;
  reason: Reason;
  status: number;
  /** The instance tried last, if any. */
  slot: S | null;
  /** The `Events` index behind it when the balancer knows it (undefined: work it out from the faults in force). */
  cause?: number | null;
}

export interface BalancerObserver<S extends NodeSlot = Slot> {
  onResponse(job: Job, status: number, slot: S): void;
  onGatewayError(error: GatewayError<S>): void;
  /** A belief changed by passive accounting (nginx), not by a probe. */
  onPassiveTransition(node: Balancer<S>, slot: S, from: HealthState, to: HealthState, reason: string): void;
}
