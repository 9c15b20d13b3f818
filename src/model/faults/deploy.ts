// The `deploy` fault: a rolling replacement of its instances, BatchSize at a time in target order.
// Per batch: deregister (and wait out draining), stop the processes for RestartTime, start new
// ones, register them again, then wait until the balancer believes each one InService.

import { Priority, type Scheduler } from '../../sim/scheduler.js';
import type { FaultEventConfig } from '../config.js';
import type { Instance } from '../instance/instance.js';
import type { DeployBatch, DeployProgress } from '../run/result.js';

/** What a deploy acts through: the timeline changes instances, the run observer the pool. */
export interface DeployHost {
  onFault(event: FaultEventConfig, phase: 'start' | 'end'): void;
  onMembership(instance: Instance, registered: boolean, eventIndex: number): void;
  /** The old process stops: a crash, blamed on the deploy. */
  stop(instance: Instance, event: FaultEventConfig): void;
  /** A new process starts: every fault on the instance ends, as with `recover`. */
  restart(instance: Instance, event: FaultEventConfig): void;
  /** In the pool and believed InService by the balancer now. */
  inService(instance: Instance): boolean;
}

interface Rollout {
  event: FaultEventConfig;
  instances: Instance[];
  progress: DeployProgress;
  /** The current batch's instances not yet InService since their restart; null before the restart. */
  waiting: Set<Instance> | null;
}

export class Deploys {
  private readonly rollouts: Rollout[] = [];

  constructor(
    private readonly scheduler: Scheduler,
    private readonly host: DeployHost,
    /** How long a deregistered batch drains before its processes stop: the draining Timeout, or 0 without draining. */
    private readonly drainWaitMs: number,
  ) {}

  start(event: FaultEventConfig, instances: Instance[]): void {
    const batchCount = Math.ceil(instances.length / Math.max(1, event.params.batchSize));
    const progress: DeployProgress = { index: event.index, batchCount, batches: [], endMs: null };
    const rollout: Rollout = { event, instances, progress, waiting: null };
    this.rollouts.push(rollout);
    this.host.onFault(event, 'start');
    this.startBatch(rollout);
  }

  /** The record of every deploy started so far, for the run's result. */
  progress(): DeployProgress[] {
    return this.rollouts.map((rollout) => rollout.progress);
  }

  /** The balancer has just come to believe an instance InService. */
  onInService(instance: Instance): void {
    for (const rollout of this.rollouts) {
      if (rollout.waiting === null || !rollout.waiting.delete(instance)) continue;
      this.finishBatchIfReady(rollout);
    }
  }

  private readonly startBatch = (rollout: Rollout): void => {
    const { event, progress } = rollout;
    const members = batchMembers(rollout, progress.batches.length + 1);
    if (members.length === 0) {
      progress.endMs = this.scheduler.nowMs();
      this.host.onFault(event, 'end');
      return;
    }
    const batch: DeployBatch = {
      number: progress.batches.length + 1,
      instanceIds: members.map((instance) => instance.id),
      startMs: this.scheduler.nowMs(),
      stoppedMs: null,
      restartedMs: null,
      registeredMs: null,
      doneMs: null,
    };
    progress.batches.push(batch);
    if (!event.params.deregister) return this.stopBatch(rollout);
    for (const instance of members) this.host.onMembership(instance, false, event.index);
    // Deployment tools stop the process only once deregistration is complete. With draining we
    // take that as the whole Timeout (an instance may drain sooner; this is the upper bound):
    // stopping earlier would cut the very requests draining is there to protect.
    this.scheduler.at(this.scheduler.nowMs() + this.drainWaitMs, Priority.timeline, this.stopBatch, rollout);
  };

  private readonly stopBatch = (rollout: Rollout): void => {
    const batch = currentBatch(rollout);
    batch.stoppedMs = this.scheduler.nowMs();
    for (const instance of batchMembers(rollout, batch.number)) this.host.stop(instance, rollout.event);
    this.scheduler.at(this.scheduler.nowMs() + rollout.event.params.restartMs, Priority.timeline, this.restartBatch, rollout);
  };

  /**
   * A batch is done when the balancer believes each of its instances InService after its
   * restart. Re-registered instances always start OutOfService, so they wait for HealthyThreshold
   * passes. Restarted in place (Deregister false), an instance whose outage was too short for
   * UnhealthyThreshold failures is still InService at its restart: it counts as done at once, as a
   * deploy tool polling the balancer would see it; one that was marked OutOfService waits like the rest.
   */
  private readonly restartBatch = (rollout: Rollout): void => {
    const { event } = rollout;
    const batch = currentBatch(rollout);
    const members = batchMembers(rollout, batch.number);
    batch.restartedMs = this.scheduler.nowMs();
    for (const instance of members) this.host.restart(instance, event);
    if (event.params.deregister) {
      for (const instance of members) this.host.onMembership(instance, true, event.index);
      batch.registeredMs = this.scheduler.nowMs();
    }
    rollout.waiting = new Set(members.filter((instance) => !this.host.inService(instance)));
    this.finishBatchIfReady(rollout);
  };

  private finishBatchIfReady(rollout: Rollout): void {
    if (rollout.waiting === null || rollout.waiting.size > 0) return;
    rollout.waiting = null;
    currentBatch(rollout).doneMs = this.scheduler.nowMs();
    // The next batch starts at this instant, but as an event of its own: this may run inside a
    // health-check callback, which should finish before the pool changes again.
    this.scheduler.at(this.scheduler.nowMs(), Priority.timeline, this.startBatch, rollout);
  }
}

/** Batch `number` (1-based): the next BatchSize instances in target order. */
function batchMembers(rollout: Rollout, number: number): Instance[] {
  const size = Math.max(1, rollout.event.params.batchSize);
  return rollout.instances.slice((number - 1) * size, number * size);
}

function currentBatch(rollout: Rollout): DeployBatch {
  return rollout.progress.batches[rollout.progress.batches.length - 1]!;
}
