// Plays the scenario's `Events` timeline: starts each fault on its instances at `At`, ends it after
// `Duration` (deploy.ts sequences a `deploy`), and reports every change of an instance's true state.
// Faults of one kind nest: the newest in force applies, and when it ends the one before it applies again.

import { Priority, type Scheduler } from '../../sim/scheduler.js';
import type { FaultEventConfig } from '../config.js';
import { Deploys } from './deploy.js';
import type { Fault } from './fault.js';
import { FAULTS } from './index.js';
import type { Instance } from '../instance/instance.js';
import type { ActualState, DeployProgress } from '../run/result.js';

export interface TimelineObserver {
  onFault(event: FaultEventConfig, phase: 'start' | 'end'): void;
  onActualChange(instance: Instance, state: ActualState, faultIndex: number): void;
  /** A `register` or `deregister` event: the balancer's pool changes, not the instance. */
  onMembership(instance: Instance, registered: boolean, eventIndex: number): void;
  /** In the pool and believed InService now: a deploy waits for that before its next batch. */
  inService(instance: Instance): boolean;
}

interface Phase {
  event: FaultEventConfig;
  phase: 'start' | 'end';
}

export class Timeline {
  private readonly byId: Map<string, Instance>;
  private readonly deploys: Deploys;

  constructor(
    private readonly events: readonly FaultEventConfig[],
    instances: readonly Instance[],
    private readonly scheduler: Scheduler,
    private readonly observer: TimelineObserver,
    /** How long a deploy lets a deregistered batch drain: the ConnectionDraining Timeout, or 0 when off. */
    drainWaitMs: number,
  ) {
    this.byId = new Map(instances.map((instance) => [instance.id, instance]));
    this.deploys = new Deploys(scheduler, {
      onFault: (event, phase) => observer.onFault(event, phase),
      onMembership: (instance, registered, eventIndex) => observer.onMembership(instance, registered, eventIndex),
      stop: (instance, event) => this.changeActual(instance, event.index, () => startFault(instance, FAULTS.crash, event)),
      restart: (instance, event) => this.changeActual(instance, event.index, () => recoverAll(instance)),
      inService: (instance) => observer.inService(instance),
    }, drainWaitMs);
  }

  /** The balancer has just come to believe an instance InService (a deploy in progress may be waiting for it). */
  onInService(instance: Instance): void {
    this.deploys.onInService(instance);
  }

  /** What every deploy started so far has done. */
  deployProgress(): DeployProgress[] {
    return this.deploys.progress();
  }

  private changeActual(instance: Instance, eventIndex: number, change: () => void): void {
    const before = instance.actualState;
    change();
    const after = instance.actualState;
    if (after !== before) this.observer.onActualChange(instance, after, eventIndex);
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
    // A deploy has no Duration: it reports its own start and end, when its last batch is done.
    if (event.fault === 'deploy') {
      if (phase === 'start') this.deploys.start(event, this.targets(event));
      return;
    }
    this.observer.onFault(event, phase);
    for (const id of event.instanceIds) {
      const instance = this.byId.get(id);
      if (!instance) continue;
      if (event.fault === 'register' || event.fault === 'deregister') {
        this.observer.onMembership(instance, event.fault === 'register', event.index);
        continue;
      }
      const before = instance.actualState;
      if (event.fault === 'recover') recoverAll(instance);
      else if (phase === 'start') startFault(instance, FAULTS[event.fault], event);
      else endFault(instance, FAULTS[event.fault], event);
      const after = instance.actualState;
      if (after !== before) this.observer.onActualChange(instance, after, event.index);
    }
  };

  private targets(event: FaultEventConfig): Instance[] {
    return event.instanceIds.map((id) => this.byId.get(id)).filter((instance): instance is Instance => instance !== undefined);
  }
}

function startFault(instance: Instance, fault: Fault, event: FaultEventConfig): void {
  instance.lastFaultIndex = event.index;
  instance.faults[fault.kind].push(event);
  fault.apply(instance, event);
}

function endFault(instance: Instance, fault: Fault, event: FaultEventConfig): void {
  const active = instance.faults[fault.kind];
  const position = active.indexOf(event);
  if (position < 0) return; // already ended by a recover, or by a restart after a crash
  active.splice(position, 1);
  if (active.length > 0) fault.apply(instance, active[active.length - 1]!);
  else clearKind(instance, fault);
}

function clearKind(instance: Instance, fault: Fault): void {
  instance.faults[fault.kind] = [];
  fault.clear(instance);
  // A restarted process is a new one: whatever hang the old one was in is over.
  if (fault.kind === 'crash') instance.faults.hang = [];
}

/** `recover`: every fault in force on the instance ends at once. */
function recoverAll(instance: Instance): void {
  for (const fault of Object.values(FAULTS)) {
    if (instance.faults[fault.kind].length > 0) clearKind(instance, fault);
  }
}
