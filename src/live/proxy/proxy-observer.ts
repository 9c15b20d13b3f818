// What the live proxy tells whoever records a live run: every client answer, every attempt, every
// probe and every belief change, in scenario milliseconds, so a live run builds the same RunResult
// as a simulated one.

import type { HealthState } from '../../model/config.js';
import type { Reason } from '../../model/outcome.js';

/** One client request, answered by an instance (reason null) or by the proxy itself. */
export interface LiveAnswer {
  /** The node that took the request. */
  node: string;
  /** Scenario time the proxy received it, and answered it. */
  arrivalMs: number;
  answeredMs: number;
  /** 0: the profile closes the connection without a status (HAProxy's silent close). */
  status: number;
  /** The gateway error's reason; null when the status is the instance's own answer. */
  reason: Reason | null;
  /** Index (file order) of the instance that answered or was tried last; null: none was tried. */
  instance: number | null;
  attempts: number;
  /**
   * An instance's answer on the first attempt: the real ms the request spent outside the instance
   * (the generator's send, loopback hops, event-loop waits), which the model does not have.
   */
  hopRealMs?: number;
  /** The `Events` entry behind the error when only the proxy can know it (a deregistration's cut). */
  cause?: number | null;
}

export interface LiveProxyObserver {
  onAnswer(answer: LiveAnswer): void;
  /** An attempt sent to an instance; `routedUnhealthy`: sent out of service because the profile routes to all. */
  onAttempt(node: string, instance: number, arrivalMs: number, routedUnhealthy: boolean): void;
  onProbe(node: string, instance: number, passed: boolean): void;
  /** A node changed its mind (active check, passive mark, outlier ejection or membership). */
  onBelief(node: string, instance: number, from: HealthState, to: HealthState, reason: string, probes: number): void;
}
