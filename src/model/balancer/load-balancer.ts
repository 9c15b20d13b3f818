// The load balancer as a set of nodes: one per enabled zone for the AWS profiles (each with its own
// health checks and its own view, as AWS documents), one for a proxy. Clients spread over the nodes
// as DNS spreads them; membership is balancer-wide, so (de)registration reaches every node.

import type { Rng, RngStreams } from '../../sim/rng.js';
import type { ReservingScheduler } from '../../sim/scheduler.js';
import { cookieJarFor, createAlgorithm } from '../algorithms/index.js';
import { Balancer } from './balancer.js';
import type { BalancerObserver } from './gateway-error.js';
import type { SimulationSetup } from '../config.js';
import { HealthChecker, type HealthObserver } from '../health/health-checker.js';
import { createIdleWatchdogs } from './idle-watchdog.js';
import { SimTransport } from './sim-transport.js';
import { Slot } from './slot.js';
import type { Instance } from '../instance/instance.js';
import type { Job } from '../instance/job.js';
import type { TrafficSink } from '../traffic/traffic.js';

/** Per-instance totals over every node. */
export interface InstanceTotals {
  requests: number;
  responses: number;
  backend5xx: number;
  gatewayErrors: number;
}

export class LoadBalancer implements TrafficSink {
  readonly nodes: Balancer[];
  /** One per node, or none when the profile has no active checks (open-source nginx). */
  readonly checkers: HealthChecker[];
  /** Which node a client reaches; drawn only when there is more than one. */
  private readonly nodeRng: Rng | null;

  constructor(setup: SimulationSetup, instances: readonly Instance[], rngs: RngStreams, scheduler: ReservingScheduler, observer: BalancerObserver & HealthObserver) {
    const { balancer } = setup;
    const watchdogs = createIdleWatchdogs(instances, scheduler);
    // The first node keeps the unsuffixed streams, so a one-node run draws what it always drew.
    const streamOf = <T extends 'algorithm' | 'health'>(base: T, i: number) => (i === 0 ? base : (`${base}/${balancer.nodes[i]}` as const));
    // Sticky-session cookies are the load balancer's: any node reads the cookie another set.
    const cookies = cookieJarFor(setup);
    const transport = new SimTransport(balancer, instances, watchdogs, scheduler);
    this.nodes = balancer.nodes.map((node, i) => {
      const slots = instances.map((instance, index) => new Slot(index, instance));
      return new Balancer(i, node, balancer, slots, transport, createAlgorithm(balancer, scheduler, cookies), rngs.stream(streamOf('algorithm', i)), scheduler, observer);
    });
    this.checkers = balancer.behaviour.activeChecks
      ? balancer.nodes.map(
          (node, i) => new HealthChecker(i, node, setup.healthCheck, balancer.behaviour.health, scheduler, rngs.stream(streamOf('health', i)), observer),
        )
      : [];
    this.nodeRng = this.nodes.length > 1 ? rngs.stream('traffic/node') : null;
  }

  /** Starts every node's health checks. */
  start(instances: readonly Instance[]): void {
    for (const checker of this.checkers) {
      for (const instance of instances) checker.watch(instance, instance.config.initialState, instance.config.registered);
      checker.start();
    }
  }

  arrive(job: Job): void {
    const nodes = this.nodes;
    (this.nodeRng === null ? nodes[0]! : nodes[this.nodeRng.int(nodes.length)]!).arrive(job);
  }

  /** `register` / `deregister`: every node's pool and checks change. */
  setRegistered(index: number, registered: boolean, eventIndex: number): void {
    this.nodes.forEach((node, i) => {
      // Without active checks (nginx) a new server takes traffic at once.
      const checker = this.checkers[i];
      const belief = checker ? checker.setRegistered(index, registered) : registered ? 'InService' : 'OutOfService';
      node.setRegistered(index, registered, eventIndex, belief);
    });
  }

  isRegistered(index: number): boolean {
    return this.nodes[0]!.slots[index]!.registered;
  }

  get arrivalsCounted(): number {
    return this.nodes.reduce((sum, node) => sum + node.arrivalsCounted, 0);
  }

  get routedUnhealthy(): number {
    return this.nodes.reduce((sum, node) => sum + node.routedUnhealthy, 0);
  }

  /** Counted requests not answered yet: at an instance, in a surge queue, or pausing before a retry. */
  get outstandingCounted(): number {
    return this.nodes.reduce((sum, node) => sum + node.outstandingCounted + node.retriesWaiting + (node.surge?.countedWaiting ?? 0), 0);
  }

  totals(index: number): InstanceTotals {
    const totals = { requests: 0, responses: 0, backend5xx: 0, gatewayErrors: 0 };
    for (const node of this.nodes) {
      const slot = node.slots[index]!;
      totals.requests += slot.requests;
      totals.responses += slot.responses;
      totals.backend5xx += slot.backend5xx;
      totals.gatewayErrors += slot.gatewayErrors;
    }
    return totals;
  }
}
