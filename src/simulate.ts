// The composition root for simulated runs: wires kernel, instances, health checks, balancer,
// traffic and timeline from a setup and a seed, runs to the end and returns the RunResult.

import type { SimulationSetup } from './model/config.js';
import type { EventSink } from './model/events.js';
import { Instance } from './model/instance.js';
import { LoadBalancer } from './model/load-balancer.js';
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
  const loadBalancer = new LoadBalancer(setup, instances, rngs, simulator, observer);
  observer.attach(loadBalancer);
  loadBalancer.start(instances);
  const drainWaitMs = setup.balancer.drainingEnabled ? setup.balancer.drainingTimeoutMs : 0;
  const timeline = new Timeline(setup.events, instances, simulator, observer, drainWaitMs);
  observer.inServiceListener = (instance) => timeline.onInService(instance);
  timeline.start();
  // The listener is a placeholder: the node a request reaches makes itself the request's listener.
  const firstNode = loadBalancer.nodes[0]!;
  new Traffic(setup.traffic, simulator, rngs.stream('traffic'), rngs.stream('traffic/mix'), rngs.stream('traffic/clients'), setup.warmupMs, firstNode, loadBalancer).start();

  const totalMs = setup.durationMs;
  if (options.onProgress) {
    for (let slice = 1; slice <= PROGRESS_SLICES; slice++) {
      simulator.run((totalMs * slice) / PROGRESS_SLICES);
      options.onProgress(simulator.nowMs(), totalMs);
    }
  } else {
    simulator.run(totalMs);
  }
  return observer.finish(simulator.eventsExecuted, timeline.deployProgress());
}
