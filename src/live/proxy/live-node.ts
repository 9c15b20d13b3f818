// One live balancer node: the model's own node core (model/balancer/balancer.ts) over the live
// transport (undici to real instances) and the real-time clock, with its own health prober. Every
// decision (routing, retries, give-up, membership and draining, surge queue, passive feedback) is the
// core's; this file only wires sockets, probes and the client's answer to it.

import { Balancer } from '../../model/balancer/balancer.js';
import type { BalancerObserver, GatewayError } from '../../model/balancer/gateway-error.js';
import { createAlgorithm } from '../../model/algorithms/index.js';
import type { CookieJar } from '../../model/algorithms/sticky.js';
import type { HealthState, SimulationSetup } from '../../model/config.js';
import { HEALTH_REASON } from '../../model/health/health-state.js';
import type { Job } from '../../model/instance/job.js';
import type { RngStreams } from '../../sim/rng.js';
import type { Scheduler } from '../../sim/scheduler.js';
import { Backend } from './backend.js';
import { HealthProber } from './health-prober.js';
import type { LiveRequest } from './live-request.js';
import { LiveTransport } from './live-transport.js';
import type { LiveProxyObserver } from './proxy-observer.js';

export interface LiveNodeOptions {
  /** Position in `setup.balancer.nodes`, and the node's name there. */
  index: number;
  name: string;
  setup: SimulationSetup;
  /** One URL per scenario instance, in file order. */
  urls: readonly string[];
  speed: number;
  /** The proxy's own timers on the real-time scheduler. */
  scheduler: Scheduler;
  rngs: RngStreams;
  /** Sticky-session cookies are the load balancer's, shared by its nodes. */
  cookies: CookieJar | null;
  observer: LiveProxyObserver | null;
  /** For tests only: every probe counts as passed whatever the instance answered (health checks broken on purpose, to show the agreement tests fail). */
  probesAlwaysPass?: boolean;
}

export class LiveNode {
  readonly name: string;
  readonly slots: Backend[];
  readonly prober: HealthProber | null;
  /** The decision core, the same class the simulator runs. */
  readonly core: Balancer<Backend>;
  private readonly transport: LiveTransport;

  constructor(private readonly options: LiveNodeOptions) {
    const { setup, index, name, speed, scheduler, rngs, urls } = options;
    const { balancer, healthCheck } = setup;
    this.name = name;
    // The model's stream names: the first node unsuffixed, so a one-node run draws what `lbsim run` draws.
    const streamOf = <T extends 'algorithm' | 'health'>(base: T) => (index === 0 ? base : (`${base}/${name}` as const));
    const responseMs = balancer.perTryTimeoutMs ?? balancer.idleTimeoutMs;
    this.slots = setup.instances.map(
      (config, i) =>
        new Backend({
          index: i, id: config.id, zone: config.zone, url: urls[i]!, weight: config.weight, registered: config.registered,
          belief: config.registered ? config.initialState : 'OutOfService',
          connectTimeoutRealMs: balancer.connectTimeoutMs / speed, responseTimeoutRealMs: responseMs / speed, idleTimeoutRealMs: balancer.idleTimeoutMs / speed,
        }),
    );
    this.transport = new LiveTransport(name, options.observer);
    const algorithm = createAlgorithm(balancer, scheduler, options.cookies);
    this.core = new Balancer(index, name, balancer, this.slots, this.transport, algorithm, rngs.stream(streamOf('algorithm')), scheduler, this.answers);
    const initial = setup.instances.map((config) => config.initialState);
    this.prober = balancer.behaviour.activeChecks
      ? new HealthProber(this.slots, initial, {
          check: healthCheck, rules: balancer.behaviour.health, scheduler, speed, rng: rngs.stream(streamOf('health')), probesAlwaysPass: options.probesAlwaysPass,
          onProbe: (backend, passed) => options.observer?.onProbe(name, backend.index, passed),
          onChange: (backend, from, to, probes) => this.probeChanged(backend, from, to, probes),
        })
      : null;
  }

  /** What the core decides, turned into the client's answer and the run's belief events. */
  private readonly answers: BalancerObserver<Backend> = {
    onResponse: (job: Job, status: number, slot: Backend): void => {
      const attempt = job as LiveRequest;
      const { headers, payload } = attempt.answer!;
      attempt.exchange.finish({ kind: 'response', status, headers, payload, backend: slot }, job.attempts);
    },
    onGatewayError: ({ job, reason, slot, cause }: GatewayError<Backend>): void => {
      const outcome = cause === undefined ? { kind: 'error' as const, reason, backend: slot } : { kind: 'error' as const, reason, backend: slot, cause };
      (job as LiveRequest).exchange.finish(outcome, job.attempts);
    },
    onPassiveTransition: (_node, slot: Backend, from: HealthState, to: HealthState, reason: string): void => {
      this.options.observer?.onBelief(this.name, slot.index, from, to, reason, 1);
    },
  };

  start(): void {
    this.prober?.start();
  }

  /** Stops the checks and abandons every attempt in flight (their requests are the proxy's to end). */
  async close(): Promise<void> {
    this.transport.close(this.slots);
    await this.prober?.close();
    await Promise.all(this.slots.map((slot) => slot.close()));
  }

  private probeChanged(backend: Backend, from: HealthState, to: HealthState, probes: number): void {
    this.core.setBelief(backend.index, to);
    this.options.observer?.onBelief(this.name, backend.index, from, to, HEALTH_REASON[to], probes);
  }

  /** What a request is routed among now (the core's routing sets). */
  get routable(): readonly Backend[] {
    return this.core.routable;
  }

  /** A belief change from outside the prober (tests mark an instance DOWN at a known instant). */
  setBelief(slotIndex: number, state: HealthState): void {
    this.core.setBelief(slotIndex, state);
  }

  /** `register` / `deregister` (the core's membership and draining rules). */
  setRegistered(slotIndex: number, registered: boolean, eventIndex: number, belief: HealthState): void {
    this.core.setRegistered(slotIndex, registered, eventIndex, belief);
  }

  /** A client request arrives at this node. */
  arrive(request: LiveRequest): void {
    this.core.arrive(request);
  }
}
