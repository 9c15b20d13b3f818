// Active health checks for one balancer node, CLB rules: per instance, the first probe at a
// random phase in [0, Interval), then every Interval regardless of how long probes take.
// HTTP(S) probes queue in the instance like any request and pass only on 200 within Timeout;
// TCP/SSL probes pass when the connection opens and take no worker.

import type { Rng } from '../../sim/rng.js';
import { Priority, type Scheduler } from '../../sim/scheduler.js';
import type { HealthCheckConfig, HealthState } from '../config.js';
import type { Instance } from '../instance.js';
import { Job, type JobListener } from '../job.js';
import { HEALTH_REASON, initialCounters, stepHealth, type HealthCounters } from './health-state.js';

export interface HealthObserver {
  onProbe(instance: Instance, passed: boolean, detail: string, latencyMs: number): void;
  onTransition(instance: Instance, from: HealthState, to: HealthState, reason: string, probes: number): void;
}

interface Session {
  instance: Instance;
  counters: HealthCounters;
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
  private readonly probeKind;

  constructor(
    private readonly config: HealthCheckConfig,
    private readonly scheduler: Scheduler,
    private readonly rng: Rng,
    private readonly observer: HealthObserver,
  ) {
    this.http = config.protocol === 'HTTP' || config.protocol === 'HTTPS';
    this.probeKind = { ...PROBE_KIND, path: config.path || '/' };
  }

  /** Starts checking an instance, believed `state` until the thresholds say otherwise. */
  watch(instance: Instance, state: HealthState, registered: boolean): void {
    const session: Session = { instance, counters: initialCounters(state), registered };
    this.sessions.push(session);
    const phaseMs = this.rng.next() * this.config.intervalMs;
    this.scheduler.at(this.scheduler.nowMs() + phaseMs, Priority.health, this.onTick, session);
  }

  private readonly onTick = (session: Session): void => {
    const nowMs = this.scheduler.nowMs();
    this.scheduler.at(nowMs + this.config.intervalMs, Priority.health, this.onTick, session);
    if (!session.registered) return;
    const connect = session.instance.connectOutcome();
    if (connect === 'refused') return this.record(session, false, 'refused', 0);
    if (!this.http && connect === 'open') return this.record(session, true, 'connected', 0);
    const probe: ProbeJob = new Job(-1, nowMs, this.probeKind, false, true, this);
    probe.session = session;
    // A silent (blackholed) instance gets nothing: the probe just waits for its Timeout.
    if (connect === 'open' && !session.instance.accept(probe)) {
      probe.done = true;
      return this.record(session, false, 'refused', 0);
    }
    probe.timer = this.scheduler.at(nowMs + this.config.timeoutMs, Priority.health, this.onTimeout, probe);
  };

  /** Joining or leaving the pool: either way the instance starts over OutOfService. */
  setRegistered(index: number, registered: boolean): void {
    const session = this.sessions[index]!;
    session.registered = registered;
    session.counters = initialCounters('OutOfService');
  }

  private readonly onTimeout = (probe: ProbeJob): void => {
    if (probe.done) return;
    probe.done = true;
    this.record(probe.session!, false, 'timeout', this.config.timeoutMs);
  };

  onResponse(job: Job, status: number): void {
    this.finish(job as ProbeJob, status === 200, status === 200 ? '200' : `status ${status}`);
  }

  onReset(job: Job): void {
    this.finish(job as ProbeJob, false, 'reset');
  }

  onMalformed(job: Job): void {
    this.finish(job as ProbeJob, false, 'malformed');
  }

  onLost(): void {
    // Nothing arrives; the probe's own Timeout decides.
  }

  private finish(probe: ProbeJob, passed: boolean, detail: string): void {
    if (probe.done) return;
    probe.done = true;
    this.scheduler.cancel(probe.timer!);
    this.record(probe.session!, passed, detail, this.scheduler.nowMs() - probe.arrivalMs);
  }

  private record(session: Session, passed: boolean, detail: string, latencyMs: number): void {
    // A probe sent before a deregistration still lands; it no longer counts.
    if (!session.registered) return;
    this.observer.onProbe(session.instance, passed, detail, latencyMs);
    const step = stepHealth(session.counters, passed, this.config);
    session.counters = step.counters;
    if (step.kind === 'changed') {
      const to = step.counters.state;
      this.observer.onTransition(session.instance, step.from, to, HEALTH_REASON[to], step.probes);
    }
  }
}
