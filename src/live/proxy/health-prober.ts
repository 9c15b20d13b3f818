// Active health checks for one live node on the real-time scheduler, on the model's schedule
// (check-schedule.ts: a fixed period from the due time, or HAProxy's interval after the previous check
// ends); each probe is real (HTTP GET or TCP connect) and drives the model's own health machine.

import { connect } from 'node:net';
import type { Dispatcher } from 'undici';
import type { HealthCheckConfig, HealthState } from '../../model/config.js';
import { checkIntervalMs, checksAfterPreviousEnds, firstCheckDelaysMs } from '../../model/health/check-schedule.js';
import { CONNECTED, httpProbeResult, initialCountersFor, NO_ANSWER, stepProbe, type ProbeCounters, type ProbeResult } from '../../model/health/health-machines.js';
import type { HealthRules } from '../../model/health/health-rules.js';
import type { Rng } from '../../sim/rng.js';
import type { Scheduler } from '../../sim/scheduler.js';
import type { Backend } from './backend.js';
import { preciseAgent } from './precise-dispatch.js';

export interface HealthProberOptions {
  check: HealthCheckConfig;
  rules: HealthRules;
  /** The proxy's own timers on the real-time scheduler. */
  scheduler: Scheduler;
  speed: number;
  /** The node's health stream: the first probe's phase per instance. */
  rng: Rng;
  /** For tests only: every probe counts as passed whatever the instance answered (health checks broken on purpose, to show the agreement tests fail). */
  probesAlwaysPass?: boolean;
  /** Told of every probe that counted. */
  onProbe: (backend: Backend, passed: boolean) => void;
  /** Told when the machine changes its mind; `probes` is the run of results that did it. */
  onChange: (backend: Backend, from: HealthState, to: HealthState, probes: number) => void;
}

interface Session {
  backend: Backend;
  /** Probes have connections of their own: a check must not wait behind traffic's connect. */
  agent: Dispatcher;
  counters: ProbeCounters;
  /** Only registered instances are checked, as CLB does. */
  registered: boolean;
  /** When the next probe is due: one Interval after the last one's due time (not its late start), or for HAProxy after the last one ended. */
  dueMs: number;
}

export class HealthProber {
  private readonly sessions: Session[];
  private closed = false;

  /** `initial`: each instance's starting state (the file's InitialState), as the model's checker starts it. */
  constructor(backends: readonly Backend[], initial: readonly HealthState[], private readonly options: HealthProberOptions) {
    const { rules, check, speed } = options;
    const agentOptions = { connectTimeoutRealMs: check.timeoutMs / speed, keepAliveRealMs: (2 * check.intervalMs) / speed };
    this.sessions = backends.map((backend, i) => ({
      backend,
      agent: preciseAgent(agentOptions),
      counters: initialCountersFor(rules, initial[i]!, check),
      registered: backend.registered,
      dueMs: 0,
    }));
  }

  start(): void {
    const { scheduler, check, rng, rules } = this.options;
    const delaysMs = firstCheckDelaysMs(rules, check, this.sessions.map((session) => session.counters.health), rng);
    this.sessions.forEach((session, i) => {
      session.dueMs = scheduler.nowMs() + delaysMs[i]!;
      scheduler.at(session.dueMs, 0, this.onTick, session);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.sessions.map((session) => session.agent.destroy()));
  }

  /** Joining or leaving the pool: the model's rule (leaving: OutOfService; joining: the profile's). Returns that belief. */
  setRegistered(index: number, registered: boolean): HealthState {
    const session = this.sessions[index]!;
    session.registered = registered;
    session.counters = initialCountersFor(this.options.rules, registered ? 'joining' : 'OutOfService', this.options.check);
    return session.counters.state;
  }

  private readonly onTick = (session: Session): void => {
    if (this.closed) return;
    const { scheduler, check, rules } = this.options;
    const afterPreviousEnds = checksAfterPreviousEnds(rules);
    if (!afterPreviousEnds) {
      session.dueMs += check.intervalMs;
      scheduler.at(session.dueMs, 0, this.onTick, session);
    }
    if (session.registered) void this.probeOnce(session);
    else if (afterPreviousEnds) this.checkEnded(session);
  };

  private async probeOnce(session: Session): Promise<void> {
    const answered = await this.probe(session);
    if (this.closed) return;
    const result = this.options.probesAlwaysPass === true ? alwaysPassing(this.options) : answered;
    // A probe sent before a deregistration still lands; it no longer counts (as in the model).
    if (session.registered) {
      const { rules, check } = this.options;
      this.options.onProbe(session.backend, result.passed);
      const step = stepProbe(rules, session.counters, result, check);
      session.counters = step.counters;
      if (step.kind === 'changed') this.options.onChange(session.backend, step.from, step.counters.state, step.probes);
    }
    if (checksAfterPreviousEnds(this.options.rules)) this.checkEnded(session);
  }

  /** HAProxy: the next check is due srv_getinter() after this one ended, judged on the health it left. */
  private checkEnded(session: Session): void {
    const { scheduler, check, rules } = this.options;
    session.dueMs = scheduler.nowMs() + checkIntervalMs(rules, check, session.counters.health);
    scheduler.at(session.dueMs, 0, this.onTick, session);
  }

  private probe({ backend, agent }: Session): Promise<ProbeResult> {
    const { check, rules, speed } = this.options;
    const timeoutMs = check.timeoutMs / speed;
    if (!check.protocol.startsWith('HTTP')) return tcpProbe(backend.url, timeoutMs);
    // One deadline for connect and answer together: the check's Timeout, not the traffic's timeouts.
    return agent
      .request({ origin: backend.url, path: check.path, method: 'GET', signal: AbortSignal.timeout(Math.max(1, Math.round(timeoutMs))) })
      .then(async (response) => {
        await response.body.dump();
        return httpProbeResult(rules, response.statusCode);
      })
      .catch(() => NO_ANSWER);
  }
}

/** A passing probe result under the check's own rules (the broken health checks of probesAlwaysPass). */
function alwaysPassing({ check, rules }: HealthProberOptions): ProbeResult {
  return check.protocol.startsWith('HTTP') ? httpProbeResult(rules, 200) : CONNECTED;
}

/** A TCP check: the connection opens within the timeout, or the probe fails. */
function tcpProbe(url: string, timeoutMs: number): Promise<ProbeResult> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const finish = (result: ProbeResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(NO_ANSWER), timeoutMs);
    socket.on('connect', () => finish(CONNECTED));
    socket.on('error', () => finish(NO_ANSWER));
  });
}
