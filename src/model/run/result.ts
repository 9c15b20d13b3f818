// What a run returns: streaming totals, per-instance histories and incidents. Plain data,
// sized by the number of instances, faults and health transitions, never by request count.

import type { HealthState, SimulationSetup } from '../config.js';
import type { Reason } from '../outcome.js';

/** An instance's true condition, as the faults made it. */
export type ActualState = 'serving' | 'crashed' | 'hung' | 'unreachable' | 'degraded';

export interface ActualChange {
  tMs: number;
  state: ActualState;
  /** The `Events` entry that caused it; null for the initial state. */
  faultIndex: number | null;
}

export interface HealthTransition {
  tMs: number;
  /** The balancer node that changed its mind (one node, `lb`, for a Classic ELB in one zone). */
  node: string;
  from: HealthState;
  to: HealthState;
  /** AWS's description for the new state. */
  reason: string;
  /** Consecutive probe results that moved it (the threshold that was reached). */
  probes: number;
}

export interface InstanceSummary {
  id: string;
  zone: string;
  /** Requests the balancer sent to it (connection attempts that were accepted or refused). */
  requests: number;
  /** Responses it produced that reached a client (any status). */
  responses: number;
  backend5xx: number;
  /** Gateway errors where this instance was the one tried. */
  gatewayErrors: number;
  probes: number;
  probesFailed: number;
  actual: ActualChange[];
  transitions: HealthTransition[];
}

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface Incident {
  /** 1-based, in order of start. */
  number: number;
  startMs: number;
  endMs: number;
  status: number;
  reason: Reason;
  count: number;
  /** Instances tried, or for NoHealthyInstances those out of service; sorted. */
  instanceIds: string[];
  /** `Events` entries active on those instances when the errors happened; sorted. */
  faultIndexes: number[];
  /** When the balancer marked the last of `instanceIds` OutOfService after the fault; null if never. */
  detectedAtMs: number | null;
  /**
   * The one node whose clients got these errors, when that is the point: NoHealthyInstances with
   * cross-zone off, where one zone's node has nothing left while the others serve. Otherwise null.
   */
  node: string | null;
}

/** One batch of a `deploy`, as it went; a step the run never reached is null. */
export interface DeployBatch {
  /** 1-based, in target order. */
  number: number;
  instanceIds: string[];
  /** Deregistered (or, with Deregister false, stopped) at this time. */
  startMs: number;
  stoppedMs: number | null;
  restartedMs: number | null;
  /** Back in the pool; null too when the deploy does not deregister. */
  registeredMs: number | null;
  /** Every instance of the batch InService again: the next batch starts. */
  doneMs: number | null;
}

/** What a `deploy` event did: the batches it started and when the last one was done. */
export interface DeployProgress {
  /** Its index in the scenario's `Events`. */
  index: number;
  batchCount: number;
  /** The batches started, in order; fewer than batchCount when it stalled or the run ended first. */
  batches: DeployBatch[];
  /** When its last batch was done; null if that never happened in the run. */
  endMs: number | null;
}

export interface RunResult {
  setup: SimulationSetup;
  requests: {
    /** Requests that arrived after Warmup. */
    total: number;
    /** Requests still waiting for an answer when the run ended. */
    inFlightAtEnd: number;
    /** Attempts sent to instances for them (retries included): attempts / total is the amplification. */
    attempts: number;
    /** Attempts sent to an instance its node believed OutOfService (ALB fail-open, Envoy panic). */
    routedUnhealthy: number;
  };
  /** Status (as a string) → count, over requests after Warmup; balancer and backend answers together. */
  statusCounts: Record<string, number>;
  gatewayErrors: {
    total: number;
    byReason: Partial<Record<Reason, { status: number; count: number }>>;
  };
  /** 5xx answers produced by instances and passed through (HTTPCode_Backend_5XX). */
  backend5xx: number;
  latency: LatencySummary;
  instances: InstanceSummary[];
  incidents: Incident[];
  /** One per `deploy` event that started, in start order. */
  deploys: DeployProgress[];
  /** Simulation cost figures; not part of the model's answer. */
  stats: { eventsExecuted: number };
  /** Present when the run was played on real sockets (`lbsim live`), not simulated. */
  live?: {
    /** Scenario time ran this many times faster than the wall clock. */
    speed: number;
    /** Wall-clock milliseconds the run took. */
    realMs: number;
    /** Requests the load generator sent. */
    sent: number;
    /** Arrivals the load generator sent late: the machine could not keep up with the rate. */
    late: number;
    /** Mean real ms a turn of the event loop waited past its due time during the run: how busy the machine was. */
    loopDelayMs: number;
    /** Mean real ms a request answered by an instance at the first attempt spent outside it (hops, waits); null: none was. */
    hopOverheadMs: number | null;
  };
}
