// nginx's passive health for one node, on simulated time: charges failed attempts to their peer,
// takes a peer out for fail_timeout, lets one request through after it, and turns all of that into
// belief changes, so routing keeps its precomputed candidate list instead of asking per request.

import { Priority, type Scheduler } from '../../sim/scheduler.js';
import type { HealthState } from '../config.js';
import type { Reason } from '../outcome.js';
import { available, countsAsFailure, FRESH_PEER, onFailure, onSelected, onSuccess, type NginxPassiveParams, type NginxPeer } from './nginx-passive.js';

/** nginx's own words, for the health events. */
export const PASSIVE_REASON = {
  disabled: 'upstream server temporarily disabled',
  probe: 'fail_timeout passed: one request may try it',
  probing: 'one request is trying it',
  live: 'a request after fail_timeout succeeded',
} as const;

export interface PassiveTarget {
  /** The node's belief about a peer changes. */
  setPassiveBelief(slotIndex: number, state: HealthState, reason: string): void;
}

interface Readmission {
  slotIndex: number;
  generation: number;
}

export class PassiveTracker {
  private readonly peers: NginxPeer[];
  /** Bumped whenever a peer's readmission is re-planned, so an older plan is void. */
  private readonly generations: number[];

  constructor(
    private readonly params: NginxPassiveParams,
    /** Servers in the upstream group: nginx never takes the only one out. */
    private readonly groupSize: number,
    private readonly scheduler: Scheduler,
    private readonly target: PassiveTarget,
  ) {
    this.peers = Array.from({ length: groupSize }, () => FRESH_PEER);
    this.generations = new Array<number>(groupSize).fill(0);
  }

  /** A request goes to this peer; after fail_timeout a disabled peer gets exactly this one. */
  selected(slotIndex: number): void {
    const nowMs = this.scheduler.nowMs();
    const { peer, probe } = onSelected(this.peers[slotIndex]!, nowMs, this.params, this.groupSize);
    this.peers[slotIndex] = peer;
    if (!probe) return;
    this.target.setPassiveBelief(slotIndex, 'OutOfService', PASSIVE_REASON.probing);
    this.planReadmission(slotIndex);
  }

  failed(slotIndex: number, reason: Reason): void {
    if (!countsAsFailure({ reason }, this.params)) return;
    const result = onFailure(this.peers[slotIndex]!, this.scheduler.nowMs(), this.params, this.groupSize);
    this.peers[slotIndex] = result.peer;
    if (!result.disabled) return;
    this.target.setPassiveBelief(slotIndex, 'OutOfService', PASSIVE_REASON.disabled);
    this.planReadmission(slotIndex);
  }

  succeeded(slotIndex: number): void {
    const before = this.peers[slotIndex]!;
    const after = onSuccess(before, this.groupSize);
    if (after === before) return;
    this.peers[slotIndex] = after;
    this.generations[slotIndex]!++;
    this.target.setPassiveBelief(slotIndex, 'InService', PASSIVE_REASON.live);
  }

  /** nginx skips the peer while `now - checked <= fail_timeout`, in whole seconds. */
  private planReadmission(slotIndex: number): void {
    const generation = ++this.generations[slotIndex]!;
    const peer = this.peers[slotIndex]!;
    const atMs = (peer.checkedSeconds + Math.floor(this.params.failTimeoutMs / 1000) + 1) * 1000;
    const readmission: Readmission = { slotIndex, generation };
    this.scheduler.at(Math.max(atMs, this.scheduler.nowMs()), Priority.health, this.onReadmission, readmission);
  }

  private readonly onReadmission = ({ slotIndex, generation }: Readmission): void => {
    if (this.generations[slotIndex] !== generation) return;
    if (!available(this.peers[slotIndex]!, this.scheduler.nowMs(), this.params, this.groupSize)) return;
    this.target.setPassiveBelief(slotIndex, 'InService', PASSIVE_REASON.probe);
  };
}
