// The composition root for live runs: the scenario's instances on real ports, the live proxy in
// front of them and the load generator, on one real-time clock scaled by the speed; the timeline
// plays the faults and (de)registrations; the recorder turns it all into the simulator's RunResult.

import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import type { SimulationSetup } from '../../model/config.js';
import type { Instance } from '../../model/instance/instance.js';
import type { RunResult } from '../../model/run/result.js';
import type { TimelineObserver } from '../../model/faults/timeline.js';
import { InstancePool } from '../instance-pool.js';
import type { RealTimeScheduler } from '../realtime-scheduler.js';
import { LiveProxy } from '../proxy/live-proxy.js';
import type { LiveProxyObserver } from '../proxy/proxy-observer.js';
import { LIVE_REPLAY_REFUSAL, liveLimits } from './live-limits.js';
import { LiveRecorder } from './live-recorder.js';
import { LoadGenerator } from './load-generator.js';

export interface LiveRunOptions {
  /** Scenario time runs this many times faster than the wall clock. */
  speed: number;
  /** Called about ten times a second with the scenario time reached. */
  onProgress?: (scenarioMs: number, totalMs: number) => void;
  /** Aborting ends the run early (Ctrl-C): everything closes and the report covers what ran. */
  signal?: AbortSignal;
  /**
   * Awaited once everything listens, before scenario time 0: runs started together wait for each other,
   * so one run's setup work does not stall another's clock.
   */
  ready?: () => Promise<void>;
  /** For tests only: every probe counts as passed whatever the instance answered (health checks broken on purpose, to show the agreement tests fail). */
  probesAlwaysPass?: boolean;
}

const PROGRESS_EVERY_REAL_MS = 100;
/** How often the event loop's delay is sampled (Node's default): each sample wakes the process. */
const LOOP_DELAY_RESOLUTION_MS = 10;

/** Node's histogram holds each sample's whole interval: the resolution is the part that is not a delay. */
function loopDelayMeanMs(histogram: IntervalHistogram): number {
  return histogram.count === 0 ? 0 : Math.max(0, histogram.mean / 1e6 - LOOP_DELAY_RESOLUTION_MS);
}

export async function runLive(setup: SimulationSetup, options: LiveRunOptions): Promise<RunResult> {
  if (setup.traffic.replay !== undefined) throw new Error(LIVE_REPLAY_REFUSAL);
  const { speed } = options;
  const wiring = new Wiring();
  const pool = await InstancePool.open(setup, { portBase: 0, speed, observer: wiring.timelineObserver() });
  let proxy: LiveProxy | null = null;
  let generator: LoadGenerator | null = null;
  const startedMs = performance.now();
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  loopDelay.enable();
  try {
    const recorder = new LiveRecorder(setup, pool.states, pool.scheduler);
    proxy = new LiveProxy({ setup, urls: pool.instances.map((instance) => instance.url), speed, scheduler: pool.scheduler, observer: wiring.proxyObserver(recorder), probesAlwaysPass: options.probesAlwaysPass });
    wiring.connect(recorder, proxy, pool);
    const limits = liveLimits(setup, speed);
    await proxy.listen();
    await options.ready?.();
    generator = new LoadGenerator({ setup, scheduler: pool.scheduler, speed, targetUrl: proxy.url, maxRequests: limits.maxRequests, maxRealRate: limits.maxRealRate, maxInFlight: limits.maxInFlight });
    // Scenario time 0: the clock restarts, then checks, timeline and arrivals are scheduled from it.
    pool.begin();
    proxy.start();
    generator.start();
    const running = generator;
    await untilScenarioEnd(setup.durationMs, pool.scheduler, options, () => {
      running.stop();
      recorder.close();
    });
    loopDelay.disable();
    const facts = { speed, realMs: performance.now() - startedMs, sent: generator.sent, late: generator.late, loopDelayMs: loopDelayMeanMs(loopDelay) };
    const endMs = Math.round(Math.min(pool.scheduler.nowMs(), setup.durationMs));
    return recorder.finish(generator.arrivedCounted, pool.timeline.deployProgress(), facts, endMs);
  } finally {
    await generator?.close();
    await proxy?.close();
    await pool.close();
  }
}

/** After everything else due at the same instant: arrivals at exactly the Duration still count, as in `run`. */
const END_PRIORITY = 100;

/** Resolves at the Duration (in scenario time) or when the signal aborts, reporting progress meanwhile. */
function untilScenarioEnd(totalMs: number, scheduler: RealTimeScheduler, options: LiveRunOptions, onEnd: () => void): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      // At once, not after an await: the scheduler goes on running whatever else is due meanwhile.
      onEnd();
      scheduler.cancel(end);
      clearInterval(progress);
      options.signal?.removeEventListener('abort', finish);
      resolve();
    };
    // On the run's own clock, so every event due before the end has run when it comes.
    const end = scheduler.at(totalMs, END_PRIORITY, finish, null);
    const progress = setInterval(() => options.onProgress?.(Math.min(scheduler.nowMs(), totalMs), totalMs), PROGRESS_EVERY_REAL_MS);
    if (options.signal?.aborted) return finish();
    options.signal?.addEventListener('abort', finish);
  });
}

/**
 * Who hears whom: the timeline tells the recorder and the proxy about membership and true states;
 * the proxy tells the recorder everything, and the timeline when an instance is back in service (a
 * deploy waits for it). Built before the parts exist, connected once they do.
 */
class Wiring {
  private recorder: LiveRecorder | null = null;
  private proxy: LiveProxy | null = null;
  private pool: InstancePool | null = null;

  connect(recorder: LiveRecorder, proxy: LiveProxy, pool: InstancePool): void {
    this.recorder = recorder;
    this.proxy = proxy;
    this.pool = pool;
  }

  private indexOf(state: Instance): number {
    return this.pool!.states.indexOf(state);
  }

  timelineObserver(): TimelineObserver {
    return {
      onFault: () => undefined,
      onActualChange: (state, actual, faultIndex) => this.recorder?.onActualChange(state, actual, faultIndex),
      onMembership: (state, registered, eventIndex) => {
        this.recorder?.onMembership(state, registered, eventIndex);
        this.proxy?.setRegistered(this.indexOf(state), registered, eventIndex);
      },
      inService: (state) => this.proxy?.inService(this.indexOf(state)) ?? false,
    };
  }

  proxyObserver(recorder: LiveRecorder): LiveProxyObserver {
    return {
      onAnswer: (answer) => recorder.onAnswer(answer),
      onAttempt: (node, instance, arrivalMs, routedUnhealthy) => recorder.onAttempt(node, instance, arrivalMs, routedUnhealthy),
      onProbe: (node, instance, passed) => recorder.onProbe(node, instance, passed),
      onBelief: (node, instance, from, to, reason, probes) => {
        recorder.onBelief(node, instance, from, to, reason, probes);
        if (to === 'InService' && this.proxy?.inService(instance)) this.pool?.timeline.onInService(this.pool.states[instance]!);
      },
    };
  }
}
