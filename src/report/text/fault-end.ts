// When a fault stopped applying to an instance: its Duration, a later `recover`, or for a deploy
// the moment its batch was InService again. Shared by the incident prose and `explain`.

import type { FaultEventConfig, SimulationSetup } from '../../model/config.js';
import type { DeployProgress } from '../../model/run/result.js';
import { deployWindow } from './deploy-windows.js';

/**
 * When a fault stopped applying to `id`: its Duration, or the first `recover` of that instance
 * after it started, whichever comes first; null when it lasted to the end of the run. A deploy
 * ends on an instance when its batch is InService again, whatever else happens meanwhile.
 */
export function faultEndMs(setup: SimulationSetup, fault: FaultEventConfig, id: string, deploys: readonly DeployProgress[] = []): number | null {
  if (fault.fault === 'deploy') {
    const endMs = deployWindow(deploys, fault, id)?.endMs ?? null;
    return endMs !== null && endMs < setup.durationMs ? endMs : null;
  }
  const ends: number[] = [];
  if (fault.durationMs !== null) ends.push(fault.atMs + fault.durationMs);
  for (const event of setup.events) {
    if (event.fault === 'recover' && event.atMs >= fault.atMs && event.index !== fault.index && event.instanceIds.includes(id)) ends.push(event.atMs);
  }
  const endMs = ends.length === 0 ? null : Math.min(...ends);
  return endMs !== null && endMs < setup.durationMs ? endMs : null;
}
