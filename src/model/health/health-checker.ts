// Active health checks for one balancer node, on the profile's schedule (check-schedule.ts: a fixed
// period, or HAProxy's next check an interval after the previous one ends). HTTP(S) probes queue in
// the instance like any request and pass on the profile's statuses within Timeout (CLB: 200 only);
// TCP/SSL probes pass when the connection opens and take no worker. The profile's machine counts.

import type { Rng } from '../../sim/rng.js';
import { Priority, type ReservingScheduler } from '../../sim/scheduler.js';
import { TimerSet } from '../../sim/timer-set.js';
import type { HealthCheckConfig, HealthState } from '../config.js';
import type { Instance } from '../instance/instance.js';
import { Job, type JobListener } from '../instance/job.js';
import { checkIntervalMs, checksAfterPreviousEnds, firstCheckDelaysMs } from './check-schedule.js';
import { CONNECTED, httpProbeResult, initialCountersFor, NO_ANSWER, stepProbe, type ProbeCounters, type ProbeResult } from './health-machines.js';
import type { HealthRules } from './health-rules.js';
import { HEALTH_REASON } from './health-state.js';

export interface HealthObserver {
  onProbe(node: HealthChecker, instance: Instance, passed: boolean, detail: string, latencyMs: number): void;
  onTransition(node: HealthChecker, instance: Instance, from: HealthState, to: HealthState, reason: string, probes: number): void;
}

interface Session {
  instance: Instance;
  counters: ProbeCounters;
  /** CLB checks every registered instance, healthy or not, and no other. */
  registered: boolean;
}

interface ProbeJob extends Job {
  session?: Session;
  timer?: number;
}

const PROBE_KIND = { method: 'GET', path: '/', weight: 1 };

export class HealthChecker implements JobListener {
  private readonly sessions: Session[] = [];
  private readonly http: boolean;
  /** HAProxy: the next check is due an interval after this one ends, not on a fixed period. */
  private readonly afterPreviousEnds: boolean;
  private readonly probeKind;
  /** Every session's next check, one heap entry for the lot: a pool of idle instances costs the event heap nothing. */
  private readonly checksDue: TimerSet<Session>;

  constructor(
    /** The balancer node whose checks these are (each node checks every instance on its own). */
    readonly nodeIndex: number,
    readonly node: string,
    private readonly config: HealthCheckConfig,
    private readonly rules: HealthRules,
    private readonly scheduler: ReservingScheduler,
    private readonly rng: Rng,
    private readonly observer: HealthObserver,
  ) {
    this.http = config.protocol === 'HTTP' || config.protocol === 'HTTPS';
    this.afterPreviousEnds = checksAfterPreviousEnds(rules);
    this.probeKind = { ...PROBE_KIND, path: config.path || '/' };
    this.checksDue = new TimerSet(scheduler, Priority.health, this.onTick);
  }

  /** Adds an instance to check, believed `state` until the thresholds say otherwise; `start` begins the checks. */
  watch(instance: Instance, state: HealthState, registered: boolean): void {
    this.sessions.push({ instance, counters: initialCountersFor(this.rules, state, this.config), registered });
  }

  /** Schedules every watched instance's first check (HAProxy spreads them over the pool, so all are known first). */
  start(): void {
    const delaysMs = firstCheckDelaysMs(this.rules, this.config, this.sessions.map((session) => session.counters.health), this.rng);
    this.sessions.forEach((session, i) => this.checksDue.at(this.scheduler.nowMs() + delaysMs[i]!, session));
  }

  private readonly onTick = (session: Session): void => {
    const nowMs = this.scheduler.nowMs();
    if (!this.afterPreviousEnds) this.checksDue.at(nowMs + this.config.intervalMs, session);
    if (!session.registered) return this.checkEnded(session);
    const connect = session.instance.connectOutcome();
    if (connect === 'refused') return this.record(session, NO_ANSWER, 'refused', 0);
    if (!this.http && connect === 'open') return this.record(session, CONNECTED, 'connected', 0);
    const probe: ProbeJob = new Job(-1, nowMs, this.probeKind, false, true, this);
    probe.session = session;
    // A silent (blackholed) instance gets nothing: the probe just waits for its Timeout.
    if (connect === 'open' && !session.instance.accept(probe)) {
      probe.done = true;
      return this.record(session, NO_ANSWER, 'refused', 0);
    }
    probe.timer = this.scheduler.at(nowMs + this.config.timeoutMs, Priority.health, this.onTimeout, probe);
  };

  /**
   * Joining or leaving the pool. Leaving, it is OutOfService; joining, the profile decides (CLB
   * needs HealthyThreshold passes, ALB and Envoy one, HAProxy starts UP). Returns that belief.
   */
  setRegistered(index: number, registered: boolean): HealthState {
    const session = this.sessions[index]!;
    session.registered = registered;
    session.counters = initialCountersFor(this.rules, registered ? 'joining' : 'OutOfService', this.config);
    return session.counters.state;
  }

  private readonly onTimeout = (probe: ProbeJob): void => {
    if (probe.done) return;
    probe.done = true;
    this.record(probe.session!, NO_ANSWER, 'timeout', this.config.timeoutMs);
  };

  onResponse(job: Job, status: number): void {
    const result = httpProbeResult(this.rules, status);
    this.finish(job as ProbeJob, result, result.passed ? String(status) : `status ${status}`);
  }

  onReset(job: Job): void {
    this.finish(job as ProbeJob, NO_ANSWER, 'reset');
  }

  onMalformed(job: Job): void {
    this.finish(job as ProbeJob, NO_ANSWER, 'malformed');
  }

  onLost(): void {
    // Nothing arrives; the probe's own Timeout decides.
  }

  private finish(probe: ProbeJob, result: ProbeResult, detail: string): void {
    if (probe.done) return;
    probe.done = true;
    this.scheduler.cancel(probe.timer!);
    this.record(probe.session!, result, detail, this.scheduler.nowMs() - probe.arrivalMs);
  }

  private record(session: Session, result: ProbeResult, detail: string, latencyMs: number): void {
    // A probe sent before a deregistration still lands; it no longer counts.
    if (session.registered) {
      this.observer.onProbe(this, session.instance, result.passed, detail, latencyMs);
      const step = stepProbe(this.rules, session.counters, result, this.config);
      session.counters = step.counters;
      if (step.kind === 'changed') {
        const to = step.counters.state;
        this.observer.onTransition(this, session.instance, step.from, to, HEALTH_REASON[to], step.probes);
      }
    }
    this.checkEnded(session);
  }

  /** HAProxy: the next check is due srv_getinter() after this one ended, judged on the health it left. */
  private checkEnded(session: Session): void {
    if (!this.afterPreviousEnds) return;
    const intervalMs = checkIntervalMs(this.rules, this.config, session.counters.health);
    this.checksDue.at(this.scheduler.nowMs() + intervalMs, session);
  }
}
