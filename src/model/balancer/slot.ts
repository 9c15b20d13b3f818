// A balancer node's view of one instance: membership, belief, the node's outstanding count
// (what least-outstanding reads), its keep-alive connections and its per-instance totals.

import type { HealthState } from '../config.js';
import type { ConnectionPool } from './connection-pool.js';
import type { Instance } from '../instance/instance.js';
import type { NodeSlot } from './node-transport.js';

/** A node's view of one instance of the pool. */
export class Slot implements NodeSlot {
  // The fields a request touches first: V8 lays them out in the order they are assigned.
  outstanding = 0;
  requests = 0;
  responses = 0;
  /** Idle keep-alive connections to the instance; made at its first request, where the balancer's timeouts are at hand. */
  connections: ConnectionPool | null = null;
  belief: HealthState;
  backend5xx = 0;
  gatewayErrors = 0;
  readonly id: string;
  readonly zone: string;
  readonly weight: number;

  /** Taken out of routing by Envoy's outlier detection, whatever the health checks say. */
  ejected = false;
  /** In the pool: only registered instances are checked and routed to. */
  registered: boolean;
  /** Bumped on every (de)registration, so a draining cut-off planned earlier is void. */
  membershipGeneration = 0;
  /** The register/deregister event that last changed its membership. */
  membershipEvent: number | null = null;

  constructor(readonly index: number, readonly instance: Instance) {
    this.belief = instance.config.registered ? instance.config.initialState : 'OutOfService';
    this.id = instance.id;
    this.zone = instance.zone;
    this.weight = instance.config.weight;
    this.registered = instance.config.registered;
  }
}
