// Active health checks on the real-time scheduler: every interval each backend is probed for real
// (an HTTP GET of the check's path, or a TCP connect) and the result drives the model's own health
// machine (stepProbe) with the profile's rules, so beliefs change exactly as in the simulator.

import { connect } from 'node:net';
import { request } from 'undici';
import type { HealthCheckConfig } from '../../model/config.js';
import { CONNECTED, httpProbeResult, NO_ANSWER, stepProbe, type ProbeResult } from '../../model/health/health-machines.js';
import type { HealthRules } from '../../model/health/health-rules.js';
import type { RealTimeScheduler } from '../realtime-scheduler.js';
import type { Backend } from './backend.js';

export interface HealthProberOptions {
  check: HealthCheckConfig;
  rules: HealthRules;
  scheduler: RealTimeScheduler;
  speed: number;
  /** Told when a backend's belief changes. */
  onChange: (backend: Backend) => void;
}

export class HealthProber {
  private closed = false;

  constructor(private readonly backends: readonly Backend[], private readonly options: HealthProberOptions) {}

  /** The first probes run one interval from now, as in the simulator. */
  start(): void {
    for (const backend of this.backends) this.schedule(backend);
  }

  close(): void {
    this.closed = true;
  }

  private schedule(backend: Backend): void {
    const { scheduler, check } = this.options;
    scheduler.at(scheduler.nowMs() + check.intervalMs, 0, (target: Backend) => void this.probeOnce(target), backend);
  }

  private async probeOnce(backend: Backend): Promise<void> {
    if (this.closed) return;
    this.schedule(backend);
    const result = await this.probe(backend);
    if (this.closed) return;
    const { rules, check } = this.options;
    const step = stepProbe(rules, backend.counters, result, check);
    backend.counters = step.counters;
    if (step.kind === 'changed') this.options.onChange(backend);
  }

  private probe(backend: Backend): Promise<ProbeResult> {
    const { check, rules, speed } = this.options;
    const timeoutMs = check.timeoutMs / speed;
    if (!check.protocol.startsWith('HTTP')) return tcpProbe(backend.url, timeoutMs);
    return request(`${backend.url}${check.path}`, { dispatcher: backend.agent, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
      .then(async (response) => {
        await response.body.dump();
        return httpProbeResult(rules, response.statusCode);
      })
      .catch(() => NO_ANSWER);
  }
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
