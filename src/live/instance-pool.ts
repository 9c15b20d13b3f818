// A scenario's instances on real ports, with the model's fault timeline played on a real-time clock:
// one model, two clocks. Used by `lbsim instances` and by `lbsim live` (with the proxy as observer).

import type { FaultEventConfig, SimulationSetup } from '../model/config.js';
import { Instance } from '../model/instance/instance.js';
import { instanceStreams } from '../model/instance/instance-streams.js';
import { Timeline, type TimelineObserver } from '../model/faults/timeline.js';
import { RngStreams } from '../sim/rng.js';
import { LiveInstance } from './live-instance.js';
import { RealTimeScheduler } from './realtime-scheduler.js';

export interface InstancePoolOptions {
  /** First port, the next instances on the following ones in file order; 0: any free ports. */
  portBase: number;
  /** Scenario time runs this many times faster than real time. */
  speed: number;
  /** Told each time a timeline event starts or ends, with the scenario time in ms. */
  onFault?: (event: FaultEventConfig, phase: 'start' | 'end', atMs: number) => void;
  /**
   * Who hears the timeline when a balancer of ours sits in front (membership, beliefs, true state).
   * Without one, pool membership is the user's balancer's business and a running process counts as in service.
   */
  observer?: TimelineObserver;
}

export class InstancePool {
  readonly scheduler: RealTimeScheduler;
  readonly instances: LiveInstance[];
  /** The model's instances: their fault state is what the live instances follow. */
  readonly states: Instance[];
  readonly timeline: Timeline;

  private constructor(setup: SimulationSetup, private readonly options: InstancePoolOptions) {
    this.scheduler = new RealTimeScheduler(options.speed, () => this.sync());
    const rngs = new RngStreams(setup.seed);
    const probeMs = setup.healthCheck.probeServiceTimeMs;
    this.states = setup.instances.map(
      (config) => new Instance(config, this.scheduler, instanceStreams(rngs, config.id), probeMs),
    );
    this.instances = setup.instances.map(
      (config, i) =>
        new LiveInstance({
          config,
          state: this.states[i]!,
          serviceRng: rngs.stream(`instance/${config.id}`),
          healthPath: setup.healthCheck.protocol.startsWith('HTTP') ? setup.healthCheck.path : '',
          probeServiceTimeMs: probeMs,
          speed: options.speed,
          oneWayDelayMs: setup.balancer.oneWayDelayMs,
          // Its blackhole child starts with it, so a blackhole switches in ms rather than a spawn's 50–100 ms.
          blackholes: setup.events.some((event) => event.fault === 'blackhole' && event.instanceIds.includes(config.id)),
        }),
    );
    const drainWaitMs = setup.balancer.drainingEnabled ? setup.balancer.drainingTimeoutMs : 0;
    this.timeline = new Timeline(setup.events, this.states, this.scheduler, options.observer ?? this.standaloneObserver(), drainWaitMs);
  }

  /** Listens on every instance, then starts the timeline: scenario time 0 is when this resolves. */
  static async start(setup: SimulationSetup, options: InstancePoolOptions): Promise<InstancePool> {
    const pool = await InstancePool.open(setup, options);
    pool.begin();
    return pool;
  }

  /** Listens on every instance; nothing runs until begin(). */
  static async open(setup: SimulationSetup, options: InstancePoolOptions): Promise<InstancePool> {
    const pool = new InstancePool(setup, options);
    try {
      for (const [i, instance] of pool.instances.entries()) await instance.listen(options.portBase === 0 ? 0 : options.portBase + i);
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /** Scenario time 0 is now: the clock restarts and the timeline starts. */
  begin(): void {
    this.scheduler.restart();
    this.timeline.start();
  }

  /** Settles once every listener has caught up with the timeline (a crash closed it, a restart reopened it). */
  async settled(): Promise<void> {
    await Promise.all(this.instances.map((instance) => instance.settled()));
  }

  async close(): Promise<void> {
    this.scheduler.close();
    await Promise.all(this.instances.map((instance) => instance.close()));
  }

  private sync(): void {
    for (const instance of this.instances) instance.sync();
  }

  private standaloneObserver(): TimelineObserver {
    return {
      onFault: (event, phase) => this.options.onFault?.(event, phase, this.scheduler.nowMs()),
      onActualChange: () => undefined,
      // No balancer here: pool membership is the user's balancer's business.
      onMembership: () => undefined,
      // A deploy waits for its batch to be InService; with no balancer of ours, a running process counts.
      inService: (instance) => !instance.crashed,
    };
  }
}
