// What a balancer node tells the run about: every answer, every gateway error with what stood
// behind it, and belief changes that come from passive accounting rather than probes.

import type { Balancer } from './balancer.js';
import type { HealthState } from '../config.js';
import type { Job } from '../instance/job.js';
import type { Reason } from '../outcome.js';
import type { Slot } from './slot.js';

export interface GatewayError {
  /** The node that answered. */
  node: Balancer;
  job: Job;
  reason: Reason;
  status: number;
  /** The instance tried last, if any. */
  slot: Slot | null;
  /** The `Events` index behind it when the balancer knows it (undefined: work it out from the faults in force). */
  cause?: number | null;
}

export interface BalancerObserver {
  onResponse(job: Job, status: number, slot: Slot): void;
  onGatewayError(error: GatewayError): void;
  /** A belief changed by passive accounting (nginx), not by a probe. */
  onPassiveTransition(node: Balancer, slot: Slot, from: HealthState, to: HealthState, reason: string): void;
}
