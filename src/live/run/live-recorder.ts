// Records a live run into the simulator's RunResult: the proxy's answers, attempts, probes and
// belief changes, and the timeline's true states, all in scenario time, with the model's own
// statistics, incident grouping and detection rules; so `live` reports in exactly `run`'s shape.

import type { HealthState, SimulationSetup } from '../../model/config.js';
import { detectionTimes } from '../../model/run/detection.js';
import type { IncidentTracker } from '../../model/run/incident-tracker.js';
import type { Instance } from '../../model/instance/instance.js';
import { Recorder } from '../../model/run/recorder.js';
import type { ActualState, DeployProgress, InstanceSummary, RunResult } from '../../model/run/result.js';
import { emptyInstanceSummary, incidentTrackerFor } from '../../model/run/run-observer.js';
import type { Scheduler } from '../../sim/scheduler.js';
import type { LiveAnswer, LiveProxyObserver } from '../proxy/proxy-observer.js';
import { PoolView } from './live-blame.js';

/** How the live run went, beside the model's answer. */
/** What the live run measured itself; the recorder adds the hop overhead it measured. */
export type LiveFacts = Omit<NonNullable<RunResult['live']>, 'hopOverheadMs'>;

export class LiveRecorder implements LiveProxyObserver {
  private readonly recorder = new Recorder();
  private readonly incidents: IncidentTracker;
  private readonly summaries: InstanceSummary[];
  readonly pool: PoolView;
  private readonly indexOf = new Map<Instance, number>();
  private answeredCounted = 0;
  /** Real ms outside the instances, over first-attempt instance answers: the mean is the run's hop overhead. */
  private hopSumRealMs = 0;
  private hopCount = 0;
  private attempts = 0;
  private routedUnhealthy = 0;
  /** After the Duration nothing more is recorded: late answers belong to no report. */
  private closed = false;

  constructor(private readonly setup: SimulationSetup, states: readonly Instance[], private readonly scheduler: Scheduler) {
    this.incidents = incidentTrackerFor(setup);
    this.pool = new PoolView(setup, states);
    states.forEach((state, i) => this.indexOf.set(state, i));
    this.summaries = states.map(emptyInstanceSummary);
  }

  private counted(arrivalMs: number): boolean {
    return !this.closed && arrivalMs >= this.setup.warmupMs;
  }

  onAnswer(answer: LiveAnswer): void {
    if (!this.counted(answer.arrivalMs)) return;
    this.answeredCounted++;
    if (answer.hopRealMs !== undefined) {
      this.hopSumRealMs += answer.hopRealMs;
      this.hopCount++;
    }
    const { reason, status, instance } = answer;
    this.recorder.response(status, answer.answeredMs - answer.arrivalMs);
    const summary = instance === null ? null : this.summaries[instance]!;
    if (reason === null) {
      if (status >= 500) this.recorder.backend5xx++;
      if (summary) {
        summary.responses++;
        if (status >= 500) summary.backend5xx++;
      }
      return;
    }
    if (summary) summary.gatewayErrors++;
    this.recorder.gatewayError(reason, status);
    const blame = this.pool.blame(answer.node, reason, instance, answer.cause);
    // The model blames a connect timeout on the blackhole in force when the attempt was sent; one that
    // has ended during the wait is no longer in force now, but it is the last one the instance had.
    if (reason === 'ConnectTimeout' && blame.faults.length === 0 && summary) {
      const blackhole = [...summary.actual].reverse().find((change) => change.state === 'unreachable' && change.tMs <= answer.answeredMs);
      if (blackhole && blackhole.faultIndex !== null) blame.faults.push(blackhole.faultIndex);
    }
    const { nodes, crossZone } = this.setup.balancer;
    const scoped = reason === 'NoHealthyInstances' && nodes.length > 1 && !crossZone;
    this.incidents.record(answer.answeredMs, reason, status, blame.instanceIds, blame.faults, scoped ? answer.node : null);
  }

  onAttempt(_node: string, instance: number, arrivalMs: number, routedUnhealthy: boolean): void {
    if (!this.counted(arrivalMs)) return;
    this.attempts++;
    this.summaries[instance]!.requests++;
    if (routedUnhealthy) this.routedUnhealthy++;
  }

  onProbe(_node: string, instance: number, passed: boolean): void {
    if (this.closed) return;
    const summary = this.summaries[instance]!;
    summary.probes++;
    if (!passed) summary.probesFailed++;
  }

  onBelief(node: string, instance: number, from: HealthState, to: HealthState, reason: string, probes: number): void {
    if (this.closed) return;
    this.pool.setBelief(node, instance, to);
    this.summaries[instance]!.transitions.push({ tMs: this.scheduler.nowMs(), node, from, to, reason, probes });
  }

  /** The timeline changed an instance's true state. */
  onActualChange(state: Instance, actual: ActualState, faultIndex: number): void {
    if (this.closed) return;
    this.summaries[this.indexOf.get(state)!]!.actual.push({ tMs: this.scheduler.nowMs(), state: actual, faultIndex });
  }

  onMembership(state: Instance, registered: boolean, eventIndex: number): void {
    if (!this.closed) this.pool.setRegistered(this.indexOf.get(state)!, registered, eventIndex);
  }

  /** The Duration is over: what arrives from now on is not recorded. */
  close(): void {
    this.closed = true;
  }

  /**
   * The run's answer. `arrivedCounted`: the load generator's arrivals after Warmup (those not
   * answered by now were in flight at the end); `endMs`: when it ended, before the Duration if stopped early.
   */
  finish(arrivedCounted: number, deploys: DeployProgress[], live: LiveFacts, endMs: number): RunResult {
    const inFlightAtEnd = Math.max(0, arrivedCounted - this.answeredCounted);
    this.closed = true;
    const setup = endMs < this.setup.durationMs ? { ...this.setup, durationMs: endMs } : this.setup;
    const incidents = detectionTimes(this.incidents.finish(), this.summaries, setup);
    return {
      setup,
      requests: { total: this.answeredCounted + inFlightAtEnd, inFlightAtEnd, attempts: this.attempts, routedUnhealthy: this.routedUnhealthy },
      ...this.recorder.totals(),
      instances: this.summaries,
      incidents,
      deploys,
      stats: { eventsExecuted: 0 },
      live: { ...live, hopOverheadMs: this.hopCount > 0 ? this.hopSumRealMs / this.hopCount : null },
    };
  }
}
