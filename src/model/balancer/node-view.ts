// A balancer node's view of the pool, as the node core (balancer.ts, run by the simulator and by the
// live proxy) reads it: which instances a node routes among, what a (de)registration changes and
// when requests in flight on a removed instance are cut.

import type { BalancerConfig, HealthState } from '../config.js';
import { inReach, routeToAll } from './retry-policy.js';

/** A node's view of one instance, as routing and membership read it. */
export interface ViewSlot {
  readonly zone: string;
  registered: boolean;
  belief: HealthState;
  /** Taken out by Envoy's outlier detection, whatever the health checks say. */
  ejected: boolean;
  membershipEvent: number | null;
  /** Bumped on every (de)registration, so a draining cut-off planned earlier is void. */
  membershipGeneration: number;
}

export interface RoutingSets<S> {
  /** Registered and in reach (its zone, or any with cross-zone), whatever the belief: where fail-open and panic route. */
  reachable: S[];
  /** Of those, believed InService and not ejected. */
  inService: S[];
  /** What a request is routed among: `inService`, or `reachable` itself when the profile routes to all. */
  routable: S[];
}

export function routingSets<S extends ViewSlot>(config: BalancerConfig, node: string, slots: readonly S[]): RoutingSets<S> {
  const reachable = slots.filter((slot) => slot.registered && inReach(config, node, slot.zone));
  const inService = reachable.filter((slot) => slot.belief === 'InService' && !slot.ejected);
  const routable = routeToAll(config.behaviour, inService.length, reachable.length) ? reachable : inService;
  return { reachable, inService, routable };
}

/** `register` / `deregister` on one node's slot, with its new belief; false when it already was so. */
export function changeMembership(slot: ViewSlot, registered: boolean, eventIndex: number, belief: HealthState): boolean {
  if (slot.registered === registered) return false;
  slot.registered = registered;
  slot.membershipEvent = eventIndex;
  slot.belief = belief;
  slot.membershipGeneration++;
  return true;
}

/**
 * When requests in flight on a deregistered instance are cut, in ms after the deregistration: 0
 * without draining, the draining timeout with it; null when the profile lets them finish (the
 * proxies: see ProfileBehaviour.cutsInFlightOnRemoval).
 */
export function removalCutAfterMs(config: BalancerConfig): number | null {
  if (!config.behaviour.cutsInFlightOnRemoval) return null;
  return config.drainingEnabled ? config.drainingTimeoutMs : 0;
}
