// One node's view of one instance, the live twin of the model's Slot (both are the core's NodeSlot):
// membership, belief, ejection, the node's outstanding count and totals, the attempts in flight on
// it, and its own undici agent (each node
// keeps its own connections, as each balancer node does) with the profile's connect and response timeouts.

import type { Dispatcher } from 'undici';
import type { HealthState } from '../../model/config.js';
import type { NodeSlot } from '../../model/balancer/node-transport.js';
import type { LiveRequest } from './live-request.js';
import { preciseAgent } from './precise-dispatch.js';

export interface BackendOptions {
  index: number;
  id: string;
  zone: string;
  url: string;
  weight: number;
  registered: boolean;
  belief: HealthState;
  /** Real milliseconds (scenario milliseconds divided by the speed). */
  connectTimeoutRealMs: number;
  responseTimeoutRealMs: number;
  /** The balancer's idle timeout: it closes a connection idle that long itself, as the model's pool does. */
  idleTimeoutRealMs: number;
}

export class Backend implements NodeSlot {
  readonly index: number;
  readonly id: string;
  readonly zone: string;
  readonly url: string;
  readonly weight: number;
  readonly agent: Dispatcher;
  /** Real milliseconds from a request's start on a connected socket to the whole answer. */
  readonly responseTimeoutRealMs: number;
  outstanding = 0;
  requests = 0;
  responses = 0;
  backend5xx = 0;
  gatewayErrors = 0;
  belief: HealthState;
  registered: boolean;
  /** Taken out of routing by Envoy's outlier detection, whatever the health checks say. */
  ejected = false;
  /** Bumped on every (de)registration, so a draining cut-off planned earlier is void. */
  membershipGeneration = 0;
  /** The register/deregister event that last changed its membership. */
  membershipEvent: number | null = null;
  /** This node's attempts waiting on the instance: what a deregistration cuts. */
  readonly inFlight = new Set<LiveRequest>();

  constructor(options: BackendOptions) {
    this.index = options.index;
    this.id = options.id;
    this.zone = options.zone;
    this.url = options.url;
    this.weight = options.weight;
    this.registered = options.registered;
    this.belief = options.belief;
    this.responseTimeoutRealMs = options.responseTimeoutRealMs;
    this.agent = preciseAgent({ connectTimeoutRealMs: options.connectTimeoutRealMs, keepAliveRealMs: options.idleTimeoutRealMs });
  }

  close(): Promise<void> {
    return this.agent.destroy();
  }
}
