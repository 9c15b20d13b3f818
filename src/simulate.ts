// The composition root for simulated runs: wires kernel, instances, health checks, balancer and
// timeline. `simulateInSlices` draws arrivals and stops after each slice of simulated time (progress);
// `simulateReplayed` takes replayed arrivals from its caller batch by batch (src/replay/ reads the log).

import type { SimulationSetup } from './model/config.js';
import type { EventSink } from './model/run/events.js';
import { Instance } from './model/instance/instance.js';
import { instanceStreams } from './model/instance/instance-streams.js';
import { LoadBalancer } from './model/balancer/load-balancer.js';
import { RunObserver } from './model/run/run-observer.js';
import { Timeline } from './model/faults/timeline.js';
import { Traffic } from './model/traffic/traffic.js';
import { ReplayTraffic, type ReplayArrival } from './model/traffic/replay-traffic.js';
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
  if (setup.traffic.replay !== undefined) throw new Error('a scenario with Traffic.Replay runs through replayScenario (src/replay/), which reads its log');
  const run = wire(setup, options);
  new Traffic(setup.traffic, run.simulator, run.rngs.stream('traffic'), run.rngs.stream('traffic/mix'), run.rngs.stream('traffic/clients'), setup.warmupMs, run.firstNode, run.loadBalancer).start();

  const totalMs = setup.durationMs;
  const count = Math.max(1, Math.floor(slices));
  for (let slice = 1; slice <= count; slice++) {
    run.simulator.run(slice === count ? totalMs : (totalMs * slice) / count);
    yield { simulatedMs: run.simulator.nowMs(), totalMs };
  }
  return run.finish();
}

/**
 * A replayed run (`Traffic.Replay`): the caller sends batches of arrivals in time order, `null` after
 * the last; each `yield` asks for the next batch and says where simulated time stands. Between two
 * batches the kernel runs up to, not including, the last arrival sent, so how the trace is cut into
 * batches never changes the run.
 */
export function* simulateReplayed(setup: SimulationSetup, options: SimulateOptions = {}): Generator<SliceProgress, RunResult, readonly ReplayArrival[] | null> {
  const run = wire(setup, options);
  const traffic = new ReplayTraffic(run.simulator, setup.warmupMs, run.firstNode, run.loadBalancer);
  const totalMs = setup.durationMs;
  let batch = yield { simulatedMs: 0, totalMs };
  while (batch !== null) {
    traffic.push(batch);
    const last = batch[batch.length - 1];
    if (last !== undefined) run.simulator.runBefore(Math.min(last.atMs, totalMs));
    batch = yield { simulatedMs: run.simulator.nowMs(), totalMs };
  }
  run.simulator.run(totalMs);
  return run.finish();
}

/** Kernel, instances, balancer, observer and fault timeline, wired and started; traffic is the caller's. */
function wire(setup: SimulationSetup, options: SimulateOptions) {
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
  const finish = (): RunResult => observer.finish(simulator.eventsExecuted, timeline.deployProgress());
  return { simulator, rngs, loadBalancer, firstNode, finish };
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
