// The composition root for simulated runs: wires kernel, instances, health checks, balancer,
// traffic and timeline from a setup and a seed, runs to the end and returns the RunResult.
// `simulateInSlices` is the one implementation: a generator that stops after each slice of
// simulated time, so a caller can report progress or yield to its event loop between slices.

import type { SimulationSetup } from './model/config.js';
import type { EventSink } from './model/run/events.js';
import { Instance } from './model/instance/instance.js';
import { instanceStreams } from './model/instance/instance-streams.js';
import { LoadBalancer } from './model/balancer/load-balancer.js';
import { RunObserver } from './model/run/run-observer.js';
import { Timeline } from './model/faults/timeline.js';
import { Traffic } from './model/traffic/traffic.js';
import type { RunResult } from './model/run/result.js';
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

/** Where a sliced run stands after a slice. */
export interface SliceProgress {
  simulatedMs: number;
  totalMs: number;
}

/**
 * Runs the setup in `slices` equal slices of simulated time, yielding after each one, and returns
 * the RunResult. Slicing changes nothing in the run: the same events happen in the same order.
 */
export function* simulateInSlices(setup: SimulationSetup, options: SimulateOptions = {}, slices = PROGRESS_SLICES): Generator<SliceProgress, RunResult, void> {
  const simulator = new Simulator();
  const rngs = new RngStreams(setup.seed);
  const instances = setup.instances.map(
    (config) =>
      new Instance(config, simulator, instanceStreams(rngs, config.id), setup.healthCheck.probeServiceTimeMs),
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
  const count = Math.max(1, Math.floor(slices));
  for (let slice = 1; slice <= count; slice++) {
    simulator.run(slice === count ? totalMs : (totalMs * slice) / count);
    yield { simulatedMs: simulator.nowMs(), totalMs };
  }
  return observer.finish(simulator.eventsExecuted, timeline.deployProgress());
}

export function simulate(setup: SimulationSetup, options: SimulateOptions = {}): RunResult {
  // Without a progress callback, one slice: the whole run in a single pass.
  const run = simulateInSlices(setup, options, options.onProgress ? PROGRESS_SLICES : 1);
  for (;;) {
    const step = run.next();
    if (step.done === true) return step.value;
    options.onProgress?.(step.value.simulatedMs, step.value.totalMs);
  }
}

/** The setup simulated at `count` consecutive seeds from its own: the spread a single run is one draw from. */
export function simulateSeeds(setup: SimulationSetup, count: number): RunResult[] {
  return Array.from({ length: count }, (_, i) => simulate({ ...setup, seed: setup.seed + i }));
}
