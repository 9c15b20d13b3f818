// Plays the scenario's `Events` timeline: starts each fault on its instances at `At`, ends it
// after `Duration`, and reports every change of an instance's true state.

import { Priority, type Scheduler } from '../sim/scheduler.js';
import type { FaultEventConfig } from './config.js';
import { FAULTS } from './faults/index.js';
import type { Instance } from './instance.js';
import type { ActualState } from './result.js';

export interface TimelineObserver {
  onFault(event: FaultEventConfig, phase: 'start' | 'end'): void;
  onActualChange(instance: Instance, state: ActualState, faultIndex: number): void;
}

interface Phase {
  event: FaultEventConfig;
  phase: 'start' | 'end';
}

export class Timeline {
  private readonly byId: Map<string, Instance>;

  constructor(
    private readonly events: readonly FaultEventConfig[],
    instances: readonly Instance[],
    private readonly scheduler: Scheduler,
    private readonly observer: TimelineObserver,
  ) {
    this.byId = new Map(instances.map((instance) => [instance.id, instance]));
  }

  start(): void {
    for (const event of this.events) {
      this.scheduler.at(event.atMs, Priority.timeline, this.onPhase, { event, phase: 'start' });
      if (event.durationMs !== null) {
        this.scheduler.at(event.atMs + event.durationMs, Priority.timeline, this.onPhase, { event, phase: 'end' });
      }
    }
  }

  private readonly onPhase = ({ event, phase }: Phase): void => {
    this.observer.onFault(event, phase);
    const fault = FAULTS[event.fault];
    for (const id of event.instanceIds) {
      const instance = this.byId.get(id);
      if (!instance) continue;
      const before = instance.actualState;
      if (phase === 'start') {
        if (event.fault !== 'recover') instance.lastFaultIndex = event.index;
        fault.start(instance, event);
      } else {
        fault.end(instance, event);
      }
      const after = instance.actualState;
      if (after !== before) this.observer.onActualChange(instance, after, event.index);
    }
  };
}
