// Whom a live gateway error blames, by the simulator's rules: the instance tried and the fault in
// force on it; for NoHealthyInstances the node's out-of-service instances and their last faults;
// for NoRegisteredInstances the instances that left the pool and the events that took them out.

import type { HealthState, SimulationSetup } from '../../model/config.js';
import { faultBehindOn, oldestFirst } from '../../model/faults/fault-behind.js';
import type { Instance } from '../../model/instance/instance.js';
import type { Reason } from '../../model/outcome.js';
import { inReach } from '../../model/balancer/retry-policy.js';

export interface Blame {
  instanceIds: string[];
  faults: number[];
}

/** What the recorder knows of the pool: membership and each node's beliefs, as the proxy reported them. */
export class PoolView {
  readonly registered: boolean[];
  /** The `Events` entry that last changed an instance's membership; null: never changed. */
  readonly membershipEvent: Array<number | null>;
  /** [node][instance]. */
  readonly beliefs: HealthState[][];

  constructor(private readonly setup: SimulationSetup, private readonly states: readonly Instance[]) {
    this.registered = setup.instances.map((config) => config.registered);
    this.membershipEvent = setup.instances.map(() => null);
    this.beliefs = setup.balancer.nodes.map(() => setup.instances.map((config) => (config.registered ? config.initialState : 'OutOfService')));
  }

  setRegistered(instance: number, registered: boolean, eventIndex: number): void {
    this.registered[instance] = registered;
    this.membershipEvent[instance] = eventIndex;
  }

  setBelief(node: string, instance: number, state: HealthState): void {
    const row = this.beliefs[this.setup.balancer.nodes.indexOf(node)];
    if (row) row[instance] = state;
  }

  /** The blame for one gateway error at `node`; `cause` when the proxy named the event itself. */
  blame(node: string, reason: Reason, instance: number | null, cause: number | null | undefined): Blame {
    if (reason === 'NoHealthyInstances') return this.outOfService(node);
    if (reason === 'NoRegisteredInstances') return this.leftThePool();
    if (instance === null) return { instanceIds: [], faults: [] };
    const fault = cause !== undefined ? cause : faultBehindOn(reason, this.states[instance]!);
    return { instanceIds: [this.states[instance]!.id], faults: fault === null ? [] : [fault] };
  }

  private outOfService(node: string): Blame {
    const beliefs = this.beliefs[this.setup.balancer.nodes.indexOf(node)] ?? [];
    const indexes = this.states
      .map((_, i) => i)
      .filter((i) => this.registered[i] && inReach(this.setup.balancer, node, this.states[i]!.zone) && beliefs[i] !== 'InService');
    const faults = indexes.map((i) => this.states[i]!.lastFaultIndex).filter((fault): fault is number => fault !== null);
    return { instanceIds: indexes.map((i) => this.states[i]!.id), faults: oldestFirst(faults, this.setup.events) };
  }

  private leftThePool(): Blame {
    const left = this.states.map((_, i) => i).filter((i) => this.membershipEvent[i] !== null);
    const events = [...new Set(left.map((i) => this.membershipEvent[i]!))].sort((a, b) => a - b);
    return { instanceIds: left.map((i) => this.states[i]!.id), faults: events };
  }
}
