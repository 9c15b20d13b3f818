// Watches one run: turns balancer, health and timeline callbacks into statistics, per-instance
// histories, incidents and (when a sink is given) the event stream. It also feeds the health
// checker's belief changes to the balancer.

import type { Scheduler } from '../../sim/scheduler.js';
import { msToSecondsRounded as seconds } from '../../sim/time.js';
import type { Balancer } from '../balancer/balancer.js';
import type { BalancerObserver, GatewayError } from '../balancer/gateway-error.js';
import type { Slot } from '../balancer/slot.js';
import type { LoadBalancer } from '../balancer/load-balancer.js';
import type { FaultEventConfig, HealthState, SimulationSetup } from '../config.js';
import type { EventSink } from './events.js';
import type { HealthChecker, HealthObserver } from '../health/health-checker.js';
import { detectionTimes } from './detection.js';
import { IncidentTracker } from './incident-tracker.js';
import type { Instance } from '../instance/instance.js';
import type { Job } from '../instance/job.js';
import { labelFor, otherProfileStatuses, type ProfileName, type Reason } from '../outcome.js';
import { faultBehind, oldestFirst } from '../faults/fault-behind.js';
import { Recorder } from './recorder.js';
import type { ActualState, DeployProgress, InstanceSummary, RunResult } from './result.js';
import type { TimelineObserver } from '../faults/timeline.js';

/** AWS's DescribeInstanceHealth description for an instance outside the pool. */
export const NOT_REGISTERED = 'Instance is not currently registered with the LoadBalancer.';
/** Why a registered instance is InService before any probe passed. */
export const JOINED = 'Registered: the profile takes it into service without waiting for a passing check.';
const INCIDENT_GAP_MIN_MS = 10_000;

/** Errors closer than this (or one Interval) belong to one incident. */
export function incidentTrackerFor(setup: SimulationSetup): IncidentTracker {
  return new IncidentTracker(Math.max(INCIDENT_GAP_MIN_MS, setup.healthCheck.intervalMs));
}

/** An instance's summary before anything happened: serving, no requests, no transitions. */
export function emptyInstanceSummary(instance: { id: string; zone: string }): InstanceSummary {
  return {
    id: instance.id,
    zone: instance.zone,
    requests: 0,
    responses: 0,
    backend5xx: 0,
    gatewayErrors: 0,
    probes: 0,
    probesFailed: 0,
    actual: [{ tMs: 0, state: 'serving' as ActualState, faultIndex: null }],
    transitions: [],
  };
}

export class RunObserver implements BalancerObserver, HealthObserver, TimelineObserver {
  private readonly recorder = new Recorder();
  private readonly incidents: IncidentTracker;
  private readonly summaries: InstanceSummary[];
  private readonly indexOf = new Map<Instance, number>();
  private balancer: LoadBalancer | null = null;
  /** Per node: out-of-service instances and their last faults, recomputed only after a belief changes. */
  private outOfService: Array<{ ids: string[]; faults: number[] } | null> = [];
  /** Told each time the balancer comes to believe an instance InService: a deploy waits for that. */
  inServiceListener: ((instance: Instance) => void) | null = null;

  constructor(
    private readonly setup: SimulationSetup,
    instances: readonly Instance[],
    private readonly scheduler: Scheduler,
    private readonly sink: EventSink | null,
    private readonly logRequests: boolean,
  ) {
    this.incidents = incidentTrackerFor(setup);
    this.summaries = instances.map(emptyInstanceSummary);
    instances.forEach((instance, i) => this.indexOf.set(instance, i));
  }

  attach(balancer: LoadBalancer): void {
    this.balancer = balancer;
  }

  onMembership(instance: Instance, registered: boolean, eventIndex: number): void {
    const index = this.indexOf.get(instance)!;
    const balancer = this.balancer;
    if (!balancer || balancer.isRegistered(index) === registered) return;
    const before = balancer.nodes.map((node) => node.slots[index]!.belief);
    balancer.setRegistered(index, registered, eventIndex);
    this.outOfService = [];
    balancer.nodes.forEach((node, i) => {
      const after = node.slots[index]!.belief;
      if (after === before[i]) return;
      // Joining InService at once: a profile without active checks (nginx), or HAProxy starting UP.
      this.onBeliefChange(node.node, instance, before[i]!, after, after === 'InService' ? JOINED : NOT_REGISTERED, 0);
    });
    if (registered && this.inService(instance)) this.inServiceListener?.(instance);
  }

  onResponse(job: Job, status: number, slot: Slot): void {
    if (this.logRequests) this.emitRequest(job, status, status, null, slot);
    if (!job.counted) return;
    const recorder = this.recorder;
    if (status >= 500) recorder.backend5xx++;
    recorder.response(status, this.scheduler.nowMs() - job.arrivalMs);
  }

  private emitRequest(job: Job, status: number, backendStatus: number | null, reason: Reason | null, slot: Slot | null): void {
    const nowMs = this.scheduler.nowMs();
    this.sink?.emit({
      t: seconds(nowMs),
      type: 'request',
      request: job.id,
      method: job.kind.method,
      path: job.kind.path,
      arrival: seconds(job.arrivalMs),
      instance: slot ? slot.id : null,
      status,
      backendStatus,
      reason,
      latency: seconds(nowMs - job.arrivalMs),
      attempts: job.attempts,
      counted: job.counted,
    });
  }

  onGatewayError({ node, job, reason, status, slot, cause }: GatewayError): void {
    const nowMs = this.scheduler.nowMs();
    const instance = slot ? slot.instance : null;
    let instanceIds: string[];
    let faults: number[];
    if (reason === 'NoHealthyInstances') {
      const outOfService = this.outOfServiceNow(node);
      instanceIds = outOfService.ids;
      faults = outOfService.faults;
    } else if (reason === 'NoRegisteredInstances') {
      // An empty pool: name the instances that left it and the events that took them out.
      const left = node.slots.filter((candidate) => candidate.membershipEvent !== null);
      instanceIds = left.map((candidate) => candidate.id);
      faults = [...new Set(left.map((candidate) => candidate.membershipEvent!))].sort((a, b) => a - b);
    } else {
      instanceIds = instance ? [instance.id] : [];
      // The balancer names the cause itself when only it can know it (a fault that has ended
      // since, a deregistration); otherwise it is read from the faults in force now.
      const fault = cause !== undefined ? cause : slot ? faultBehind(reason, slot) : null;
      faults = fault === null ? [] : [fault];
    }
    if (job.counted) {
      this.recorder.response(status, nowMs - job.arrivalMs);
      this.recorder.gatewayError(reason, status);
      // With cross-zone off one zone's node can have nothing left while the others serve: its own incident.
      const { nodes, crossZone } = this.setup.balancer;
      const scoped = reason === 'NoHealthyInstances' && nodes.length > 1 && !crossZone;
      this.incidents.record(nowMs, reason, status, instanceIds, faults, scoped ? node.node : null);
    }
    if (this.sink) {
      this.sink.emit({
        t: seconds(nowMs),
        type: 'gateway-error',
        request: job.id,
        method: job.kind.method,
        path: job.kind.path,
        status,
        reason,
        label: labelFor(reason, this.setup.balancer.profile),
        otherProfiles: this.otherProfileStatuses(reason),
        node: node.node,
        instance: instance ? instance.id : null,
        truth: instance ? instance.actualState : null,
        // InService unless the profile routed to every instance (fail-open, panic).
        belief: slot ? (job.sentOutOfService ? 'OutOfService' : 'InService') : null,
        beliefAtError: slot ? slot.belief : null,
        attempts: job.attempts,
        fault: faults.length > 0 ? faults[faults.length - 1]! : null,
      });
      if (this.logRequests) this.emitRequest(job, status, null, reason, slot);
    }
  }

  /** The registered instances a node cannot route to: those its NoHealthyInstances errors blame. */
  private outOfServiceNow(node: Balancer): { ids: string[]; faults: number[] } {
    let known = this.outOfService[node.nodeIndex];
    if (!known) {
      // Within this node's reach: with cross-zone off, another zone's instances are not its to blame.
      const routable = new Set(node.routable);
      const slots = node.reachable.filter((slot) => !routable.has(slot));
      const faults: number[] = [];
      for (const slot of slots) if (slot.instance.lastFaultIndex !== null) faults.push(slot.instance.lastFaultIndex);
      // Oldest first, so the last one is the newest fault (the event log's `fault`).
      known = { ids: slots.map((slot) => slot.id), faults: oldestFirst(faults, this.setup.events) };
      this.outOfService[node.nodeIndex] = known;
    }
    return known;
  }

  onProbe(checker: HealthChecker, instance: Instance, passed: boolean, detail: string, latencyMs: number): void {
    const summary = this.summaries[this.indexOf.get(instance)!]!;
    summary.probes++;
    if (!passed) summary.probesFailed++;
    this.sink?.emit({
      t: seconds(this.scheduler.nowMs()),
      type: 'health-check',
      node: checker.node,
      instance: instance.id,
      result: passed ? 'pass' : 'fail',
      detail,
      latency: seconds(latencyMs),
    });
  }

  onTransition(checker: HealthChecker, instance: Instance, from: HealthState, to: HealthState, reason: string, probes: number): void {
    const index = this.indexOf.get(instance)!;
    const node = this.balancer?.nodes[checker.nodeIndex];
    // The checker's `from` is its own count; NGINX Plus's passive checks move the node's belief too,
    // so the event says what the node believed, and nothing when it already believed `to`.
    const before = node ? node.slots[index]!.belief : from;
    node?.setBelief(index, to);
    if (before !== to) this.onBeliefChange(checker.node, instance, before, to, reason, probes);
    if (to === 'InService' && this.inService(instance)) this.inServiceListener?.(instance);
  }

  onPassiveTransition(node: Balancer, slot: Slot, from: HealthState, to: HealthState, reason: string): void {
    this.onBeliefChange(node.node, slot.instance, from, to, reason, 1);
    if (to === 'InService' && this.inService(slot.instance)) this.inServiceListener?.(slot.instance);
  }

  /** Per reason, computed once: the other profiles' statuses for the event log. */
  private readonly othersByReason = new Map<Reason, Partial<Record<ProfileName, number | null>>>();

  private otherProfileStatuses(reason: Reason): Partial<Record<ProfileName, number | null>> {
    let others = this.othersByReason.get(reason);
    if (!others) {
      others = otherProfileStatuses(reason, this.setup.balancer.profile);
      this.othersByReason.set(reason, others);
    }
    return others;
  }

  /** Registered and InService in every node's view. */
  inService(instance: Instance): boolean {
    const index = this.indexOf.get(instance)!;
    return this.balancer !== null && this.balancer.nodes.every((node) => node.slots[index]!.registered && node.slots[index]!.belief === 'InService');
  }

  private onBeliefChange(node: string, instance: Instance, from: HealthState, to: HealthState, reason: string, probes: number): void {
    const tMs = this.scheduler.nowMs();
    this.summaries[this.indexOf.get(instance)!]!.transitions.push({ tMs, node, from, to, reason, probes });
    this.outOfService = [];
    this.sink?.emit({ t: seconds(tMs), type: 'health', node, instance: instance.id, from, to, reason });
  }

  onFault(event: FaultEventConfig, phase: 'start' | 'end'): void {
    this.sink?.emit({
      t: seconds(this.scheduler.nowMs()),
      type: 'fault',
      index: event.index,
      fault: event.fault,
      phase,
      instances: event.instanceIds,
    });
  }

  onActualChange(instance: Instance, state: ActualState, faultIndex: number): void {
    // A new fault on an instance already OutOfService changes what NoHealthyInstances blames.
    this.outOfService = [];
    this.summaries[this.indexOf.get(instance)!]!.actual.push({ tMs: this.scheduler.nowMs(), state, faultIndex });
  }

  finish(eventsExecuted: number, deploys: DeployProgress[] = []): RunResult {
    const balancer = this.balancer;
    if (balancer) this.summaries.forEach((summary, i) => Object.assign(summary, balancer.totals(i)));
    const incidents = detectionTimes(this.incidents.finish(), this.summaries, this.setup);
    // Incidents are known only once the run is over: they close the log, stamped with its end.
    for (const incident of incidents) {
      this.sink?.emit({
        t: seconds(this.setup.durationMs),
        type: 'incident',
        number: incident.number,
        start: seconds(incident.startMs),
        end: seconds(incident.endMs),
        status: incident.status,
        reason: incident.reason,
        count: incident.count,
        instances: incident.instanceIds,
        faults: incident.faultIndexes,
        detectedAt: incident.detectedAtMs === null ? null : seconds(incident.detectedAtMs),
        node: incident.node,
      });
    }
    return {
      setup: this.setup,
      requests: {
        total: this.balancer ? this.balancer.arrivalsCounted : 0,
        inFlightAtEnd: this.balancer ? this.balancer.outstandingCounted : 0,
        attempts: this.summaries.reduce((sum, summary) => sum + summary.requests, 0),
        routedUnhealthy: this.balancer ? this.balancer.routedUnhealthy : 0,
      },
      ...this.recorder.totals(),
      instances: this.summaries,
      incidents,
      deploys,
      stats: { eventsExecuted },
    };
  }
}
