// When a `deploy` touched each of its instances, read from the run's deploy records: its
// configuration alone cannot say, since every batch waits for the health checks of the one before.

import type { FaultEventConfig } from '../../model/config.js';
import type { DeployBatch, DeployProgress } from '../../model/run/result.js';

/** The record of a deploy event; undefined when it is not a deploy or never started. */
export function deployOf(deploys: readonly DeployProgress[], fault: FaultEventConfig): DeployProgress | undefined {
  return fault.fault === 'deploy' ? deploys.find((deploy) => deploy.index === fault.index) : undefined;
}

/** The batch that replaced `id`; undefined when the deploy never reached it. */
export function batchOf(deploy: DeployProgress | undefined, id: string): DeployBatch | undefined {
  return deploy?.batches.find((batch) => batch.instanceIds.includes(id));
}

/**
 * From its batch's start to that batch being InService again (endMs null: not by the end of the
 * run); null when the deploy never reached the instance, so it was never in force there.
 */
export function deployWindow(deploys: readonly DeployProgress[], fault: FaultEventConfig, id: string): { startMs: number; endMs: number | null } | null {
  const batch = batchOf(deployOf(deploys, fault), id);
  return batch === undefined ? null : { startMs: batch.startMs, endMs: batch.doneMs };
}

/** When a fault reached these instances: its `At`, except a deploy's later batches, which start when the one before is done. */
export function faultReachedMs(deploys: readonly DeployProgress[], fault: FaultEventConfig, ids: readonly string[]): number {
  const deploy = deployOf(deploys, fault);
  const starts = ids.map((id) => batchOf(deploy, id)?.startMs).filter((startMs): startMs is number => startMs !== undefined);
  return starts.length === 0 ? fault.atMs : Math.min(...starts);
}

/** The deploy's own changes to the instance's pool membership, in time order. */
export function deployMembership(deploys: readonly DeployProgress[], fault: FaultEventConfig, id: string): Array<{ tMs: number; registered: boolean }> {
  if (fault.fault !== 'deploy' || !fault.params.deregister) return [];
  const batch = batchOf(deployOf(deploys, fault), id);
  if (batch === undefined) return [];
  const out = [{ tMs: batch.startMs, registered: false }];
  if (batch.registeredMs !== null) out.push({ tMs: batch.registeredMs, registered: true });
  return out;
}

/** A deploy that takes instances out of the pool: cuts it causes are the pool's doing, and there is nothing to detect. */
export function deregisters(fault: FaultEventConfig): boolean {
  return fault.fault === 'deregister' || (fault.fault === 'deploy' && fault.params.deregister);
}
