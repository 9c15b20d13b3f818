// What a node learns from its own traffic, apart from active checks: nginx's passive max_fails
// accounting and Envoy's outlier ejection. Both turn request outcomes into routing changes.

import type { HealthState } from '../config.js';
import { OutlierTracker, type OutlierTarget } from '../health/outlier-tracker.js';
import { PassiveTracker, type PassiveTarget } from '../health/passive-tracker.js';
import type { Reason } from '../outcome.js';
import type { ProfileBehaviour } from '../profiles.js';
import type { Scheduler } from '../../sim/scheduler.js';
import type { Slot } from './slot.js';

/** What feedback reads and writes of a node's view of one instance (the model's Slot; live mode has its own). */
export type FeedbackSlot = Pick<Slot, 'belief' | 'ejected' | 'registered'>;

/** The node, as feedback sees it. */
export interface FeedbackHost<S extends FeedbackSlot = Slot> {
  readonly slots: readonly S[];
  setBelief(slotIndex: number, state: HealthState): void;
  refreshRouting(): void;
  /** A routing change that no probe made, for the run's health events. */
  reportTransition(slot: S, from: HealthState, to: HealthState, reason: string): void;
}

/** In routing as far as this node is concerned: believed InService and not ejected. */
const effective = (slot: FeedbackSlot): HealthState => (slot.belief === 'InService' && !slot.ejected ? 'InService' : 'OutOfService');

export class NodeFeedback<S extends FeedbackSlot = Slot> implements PassiveTarget, OutlierTarget {
  private readonly passive: PassiveTracker | null;
  private readonly outlier: OutlierTracker | null;

  /** Null when the profile learns nothing from traffic (the common case: no cost per request). */
  static create<S extends FeedbackSlot>(behaviour: ProfileBehaviour, scheduler: Scheduler, host: FeedbackHost<S>): NodeFeedback<S> | null {
    return behaviour.passive === null && behaviour.outlier === null ? null : new NodeFeedback(behaviour, scheduler, host);
  }

  private constructor(behaviour: ProfileBehaviour, scheduler: Scheduler, private readonly host: FeedbackHost<S>) {
    const size = host.slots.length;
    const { passive, outlier } = behaviour;
    this.passive = passive === null ? null : new PassiveTracker({ ...passive, failStatuses: [] }, size, scheduler, this);
    this.outlier = outlier === null ? null : new OutlierTracker(outlier, scheduler, this, size);
  }

  selected(slotIndex: number): void {
    this.passive?.selected(slotIndex);
  }

  failed(slotIndex: number, reason: Reason): void {
    this.passive?.failed(slotIndex, reason);
    this.outlier?.failed(slotIndex, reason);
  }

  answered(slotIndex: number, status: number): void {
    this.passive?.succeeded(slotIndex);
    this.outlier?.answered(slotIndex, status);
  }

  setPassiveBelief(slotIndex: number, state: HealthState, reason: string): void {
    const slot = this.host.slots[slotIndex]!;
    if (slot.belief === state || !slot.registered) return;
    const from = slot.belief;
    this.host.setBelief(slotIndex, state);
    this.host.reportTransition(slot, from, state, reason);
  }

  setEjected(slotIndex: number, ejected: boolean, reason: string): void {
    const slot = this.host.slots[slotIndex]!;
    const from = effective(slot);
    slot.ejected = ejected;
    this.host.refreshRouting();
    const to = effective(slot);
    if (from !== to && slot.registered) this.host.reportTransition(slot, from, to, reason);
  }
}
