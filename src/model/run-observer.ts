// Watches one run: turns balancer, health and timeline callbacks into statistics, per-instance
// histories, incidents and (when a sink is given) the event stream. It also feeds the health
// checker's belief changes to the balancer.

import type { Scheduler } from '../sim/scheduler.js';
import { msToSecondsRounded as seconds } from '../sim/time.js';
import type { Balancer, BalancerObserver, GatewayError, Slot } from './balancer.js';
import type { FaultEventConfig, HealthState, SimulationSetup } from './config.js';
import type { EventSink } from './events.js';
import type { HealthChecker, HealthObserver } from './health/health-checker.js';
import { detectionTimes } from './detection.js';
import { IncidentTracker } from './incident-tracker.js';
import type { Instance } from './instance.js';
import type { Job } from './job.js';
import { REASON_TABLE, REASONS, type Reason } from './outcome.js';
import { Recorder } from './recorder.js';
import type { ActualState, InstanceSummary, RunResult } from './result.js';
import type { TimelineObserver } from './timeline.js';

const NODE = 'lb';
/** AWS's DescribeInstanceHealth description for an instance outside the pool. */
const NOT_REGISTERED = 'Instance is not currently registered with the LoadBalancer.';
const INCIDENT_GAP_MIN_MS = 10_000;

export class RunObserver implements BalancerObserver, HealthObserver, TimelineObserver {
  private readonly recorder = new Recorder();
  private readonly incidents: IncidentTracker;
  private readonly summaries: InstanceSummary[];
  private readonly indexOf = new Map<Instance, number>();
  private balancer: Balancer | null = null;
  private health: HealthChecker | null = null;
  /** Out-of-service instances and their last faults, recomputed only after a belief changes. */
  private outOfService: { ids: string[]; faults: number[] } | null = null;

  constructor(
    private readonly setup: SimulationSetup,
    private readonly instances: readonly Instance[],
    private readonly scheduler: Scheduler,
    private readonly sink: EventSink | null,
    private readonly logRequests: boolean,
  ) {
    this.incidents = new IncidentTracker(Math.max(INCIDENT_GAP_MIN_MS, setup.healthCheck.intervalMs));
    this.summaries = instances.map((instance) => ({
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
    }));
    instances.forEach((instance, i) => this.indexOf.set(instance, i));
  }

  attach(balancer: Balancer, health: HealthChecker): void {
    this.balancer = balancer;
    this.health = health;
  }

  onMembership(instance: Instance, registered: boolean, eventIndex: number): void {
    const index = this.indexOf.get(instance)!;
    const slot = this.balancer?.slots[index];
    if (!slot || slot.registered === registered) return;
    const before = slot.belief;
    this.health?.setRegistered(index, registered);
    this.balancer?.setRegistered(index, registered, eventIndex);
    this.outOfService = null;
    if (before === 'InService') this.onBeliefChange(instance, 'InService', 'OutOfService', NOT_REGISTERED, 0);
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

  onGatewayError({ job, reason, status, slot, cause }: GatewayError): void {
    const nowMs = this.scheduler.nowMs();
    const instance = slot ? slot.instance : null;
    let instanceIds: string[];
    let faults: number[];
    if (reason === 'NoHealthyInstances') {
      const outOfService = this.outOfServiceNow();
      instanceIds = outOfService.ids;
      faults = outOfService.faults;
    } else if (reason === 'NoRegisteredInstances') {
      // An empty pool: name the instances that left it and the events that took them out.
      const left = this.balancer ? this.balancer.slots.filter((candidate) => candidate.membershipEvent !== null) : [];
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
      this.incidents.record(nowMs, reason, status, instanceIds, faults);
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
        label: REASON_TABLE[reason][this.setup.balancer.profile].label,
        instance: instance ? instance.id : null,
        truth: instance ? instance.actualState : null,
        // The balancer only sends to instances it believes InService, so that was its belief.
        belief: slot ? 'InService' : null,
        beliefAtError: slot ? slot.belief : null,
        attempts: job.attempts,
        fault: faults.length > 0 ? faults[faults.length - 1]! : null,
      });
      if (this.logRequests) this.emitRequest(job, status, null, reason, slot);
    }
  }

  private outOfServiceNow(): { ids: string[]; faults: number[] } {
    if (!this.outOfService) {
      const slots = this.balancer ? this.balancer.slots.filter((slot) => slot.registered && slot.belief === 'OutOfService') : [];
      const faults = new Set<number>();
      for (const slot of slots) if (slot.instance.lastFaultIndex !== null) faults.add(slot.instance.lastFaultIndex);
      // Oldest first by start time, so the last one is the newest fault (the event log's `fault`).
      const startMs = (index: number) => this.setup.events.find((event) => event.index === index)!.atMs;
      const ordered = [...faults].sort((a, b) => startMs(a) - startMs(b) || a - b);
      this.outOfService = { ids: slots.map((slot) => slot.id), faults: ordered };
    }
    return this.outOfService;
  }

  onProbe(instance: Instance, passed: boolean, detail: string, latencyMs: number): void {
    const summary = this.summaries[this.indexOf.get(instance)!]!;
    summary.probes++;
    if (!passed) summary.probesFailed++;
    this.sink?.emit({
      t: seconds(this.scheduler.nowMs()),
      type: 'health-check',
      node: NODE,
      instance: instance.id,
      result: passed ? 'pass' : 'fail',
      detail,
      latency: seconds(latencyMs),
    });
  }

  onTransition(instance: Instance, from: HealthState, to: HealthState, reason: string, probes: number): void {
    this.balancer?.setBelief(this.indexOf.get(instance)!, to);
    this.onBeliefChange(instance, from, to, reason, probes);
  }

  private onBeliefChange(instance: Instance, from: HealthState, to: HealthState, reason: string, probes: number): void {
    const tMs = this.scheduler.nowMs();
    this.summaries[this.indexOf.get(instance)!]!.transitions.push({ tMs, node: NODE, from, to, reason, probes });
    this.outOfService = null;
    this.sink?.emit({ t: seconds(tMs), type: 'health', node: NODE, instance: instance.id, from, to, reason });
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
    this.outOfService = null;
    this.summaries[this.indexOf.get(instance)!]!.actual.push({ tMs: this.scheduler.nowMs(), state, faultIndex });
  }

  finish(eventsExecuted: number): RunResult {
    const slots = this.balancer ? this.balancer.slots : [];
    slots.forEach((slot, i) => {
      const summary = this.summaries[i]!;
      summary.requests = slot.requests;
      summary.responses = slot.responses;
      summary.backend5xx = slot.backend5xx;
      summary.gatewayErrors = slot.gatewayErrors;
    });
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
      });
    }
    return {
      setup: this.setup,
      requests: {
        total: this.balancer ? this.balancer.arrivalsCounted : 0,
        inFlightAtEnd: this.balancer ? this.balancer.outstandingCounted : 0,
      },
      statusCounts: this.recorder.statusCountsObject(),
      gatewayErrors: { total: this.recorder.gatewayErrorsTotal, byReason: this.recorder.byReason(REASONS) },
      backend5xx: this.recorder.backend5xx,
      latency: this.recorder.latency(),
      instances: this.summaries,
      incidents,
      stats: { eventsExecuted },
    };
  }
}

/** The fault on the tried instance that explains a reason, if one is active. */
function faultBehind(reason: Reason, slot: Slot): number | null {
  const instance = slot.instance;
  // The oldest fault in force: a request stuck since an earlier hang is that hang's doing,
  // even if a newer, nested hang started since.
  switch (reason) {
    case 'ConnectRefused':
      // A hung, slowed or overloaded instance refuses once its backlog is full.
      return (
        instance.oldestFault('crash') ??
        instance.oldestFault('hang') ??
        instance.oldestFault('slow') ??
        instance.oldestFault('overload')
      );
    case 'UpstreamReset':
      // Cut by leaving the pool (no draining, or draining ran out) when nothing else explains it.
      return instance.oldestFault('crash') ?? instance.oldestFault('reset');
    case 'MalformedResponse':
      return instance.oldestFault('malformed');
    case 'ConnectTimeout':
      return instance.oldestFault('blackhole');
    case 'ResponseTimeout':
      return (
        instance.oldestFault('hang') ??
        instance.oldestFault('blackhole') ??
        instance.oldestFault('slow') ??
        instance.oldestFault('overload')
      );
    default:
      return null;
  }
}

