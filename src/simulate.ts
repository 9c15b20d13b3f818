// The composition root for simulated runs: wires kernel, instances, health checks, balancer,
// traffic and timeline from a setup and a seed, runs to the end and returns the RunResult.

import { ALGORITHMS } from './model/algorithms/index.js';
import { Balancer } from './model/balancer.js';
import type { SimulationSetup } from './model/config.js';
import type { EventSink } from './model/events.js';
import { HealthChecker } from './model/health/health-checker.js';
import { Instance } from './model/instance.js';
import { RunObserver } from './model/run-observer.js';
import { Timeline } from './model/timeline.js';
import { Traffic } from './model/traffic.js';
import type { RunResult } from './model/result.js';
import { RngStreams } from './sim/rng.js';
import { Simulator } from './sim/simulator.js';

export interface SimulateOptions {
  /** Receives every event in order (for `--events`); omit it and no event object is built. */
  sink?: EventSink;
  /** Also send the sink one `request` event per finished request. */
  logRequests?: boolean;
  /** Called between slices of simulated time, for progress bars. */
  onProgress?: (simulatedMs: number, totalMs: number) => void;
}

const PROGRESS_SLICES = 100;

export function simulate(setup: SimulationSetup, options: SimulateOptions = {}): RunResult {
  const simulator = new Simulator();
  const rngs = new RngStreams(setup.seed);
  const instances = setup.instances.map(
    (config) =>
      new Instance(
        config,
        simulator,
        rngs.stream(`instance/${config.id}`),
        rngs.stream(`instance/${config.id}/faults`),
        setup.healthCheck.probeServiceTimeMs,
      ),
  );
  const observer = new RunObserver(setup, instances, simulator, options.sink ?? null, options.logRequests === true);
  const algorithm = ALGORITHMS[setup.balancer.algorithm]();
  const balancer = new Balancer(setup.balancer, instances, algorithm, rngs.stream('algorithm'), simulator, observer);
  const health = new HealthChecker(setup.healthCheck, simulator, rngs.stream('health'), observer);
  observer.attach(balancer, health);
  instances.forEach((instance) => health.watch(instance, instance.config.initialState, instance.config.registered));
  new Timeline(setup.events, instances, simulator, observer).start();
  new Traffic(setup.traffic, simulator, rngs.stream('traffic'), rngs.stream('traffic/mix'), setup.warmupMs, balancer, balancer).start();

  const totalMs = setup.durationMs;
  if (options.onProgress) {
    for (let slice = 1; slice <= PROGRESS_SLICES; slice++) {
      simulator.run((totalMs * slice) / PROGRESS_SLICES);
      options.onProgress(simulator.nowMs(), totalMs);
    }
  } else {
    simulator.run(totalMs);
  }
  return observer.finish(simulator.eventsExecuted);
}
