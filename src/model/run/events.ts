// The events a run emits, in the order they happen: the raw material of `--events` (NDJSON)
// and of `explain`. Each event's keys are written in a fixed order, `t` (seconds) and `type`
// first. Incident events come last, stamped with the run's end, once incidents are known.

import type { HealthState } from '../config.js';
import type { ActualState } from './result.js';
import type { ProfileName, Reason } from '../outcome.js';

export interface FaultEvent {
  t: number;
  type: 'fault';
  /** Index in the scenario's `Events`. */
  index: number;
  fault: string;
  phase: 'start' | 'end';
  instances: string[];
}

export interface HealthCheckEvent {
  t: number;
  type: 'health-check';
  node: string;
  instance: string;
  result: 'pass' | 'fail';
  /** `200`, `status 500`, `timeout`, `refused`, `reset`, `malformed`, `connected`. */
  detail: string;
  /** Seconds from probe start to result. */
  latency: number;
}

export interface HealthEvent {
  t: number;
  type: 'health';
  node: string;
  instance: string;
  from: HealthState;
  to: HealthState;
  reason: string;
}

export interface GatewayErrorEvent {
  t: number;
  type: 'gateway-error';
  request: number;
  method: string;
  path: string;
  status: number;
  reason: Reason;
  label: string;
  /** What each other profile would have answered for this reason (null: no status, it routes around it). */
  otherProfiles: Partial<Record<ProfileName, number | null>>;
  /** The balancer node that answered (a zone for AWS profiles, the profile for a proxy). */
  node: string;
  /** The instance tried last; null when none could be tried. */
  instance: string | null;
  /** That instance's true state when the error happened, or null. */
  truth: ActualState | null;
  /** What the balancer believed about that instance when it sent the request there, or null. */
  belief: HealthState | null;
  /** What it believed by the time the error happened (it may have noticed meanwhile), or null. */
  beliefAtError: HealthState | null;
  /** Connection attempts made (refusals included). */
  attempts: number;
  /** `Events` index of the fault that caused it, or null. */
  fault: number | null;
}

export interface IncidentEvent {
  t: number;
  type: 'incident';
  number: number;
  start: number;
  end: number;
  status: number;
  reason: Reason;
  count: number;
  instances: string[];
  faults: number[];
  detectedAt: number | null;
  /** The one node whose clients got these errors (a zone down with cross-zone off), else null. */
  node: string | null;
}

/** One finished request; emitted only when the run is asked to log requests (they are many). */
export interface RequestEvent {
  t: number;
  type: 'request';
  request: number;
  method: string;
  path: string;
  /** Seconds: when the client sent it. */
  arrival: number;
  /** The instance that answered or was tried last; null when none could be tried. */
  instance: string | null;
  /** What the client got. */
  status: number;
  /** What the instance answered; null when the balancer answered itself. */
  backendStatus: number | null;
  /** The gateway-error reason, or null for an answer from an instance. */
  reason: Reason | null;
  /** Seconds from arrival to the answer. */
  latency: number;
  attempts: number;
  /** Arrived after Warmup (counted in totals). */
  counted: boolean;
}

export type SimEvent = FaultEvent | HealthCheckEvent | HealthEvent | GatewayErrorEvent | IncidentEvent | RequestEvent;

export interface EventSink {
  emit(event: SimEvent): void;
}
