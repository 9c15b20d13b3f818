// How the report names a fault: the clause "i-1 crashed at 2m00s (fault: crash, Events[0])",
// and the sentence on what leaving the pool did to requests in flight.

import type { FaultEventConfig } from '../../model/config.js';
import type { DeployProgress, RunResult } from '../../model/run/result.js';
import { batchOf, deployOf, faultReachedMs } from './deploy-windows.js';
import { formatClock, formatDuration, joinWords } from './format.js';

/** `deploys` (the run's) places a deploy's instances in their batches; without it a deploy is named by its `At`. */
export function faultClause(fault: FaultEventConfig, incidentIds: readonly string[], deploys: readonly DeployProgress[] = []): string {
  const involved = fault.instanceIds.filter((id) => incidentIds.includes(id));
  const named = involved.length > 0 ? involved : fault.instanceIds;
  const ids = joinWords(named);
  const lasting = fault.durationMs === null ? '' : ` for ${formatDuration(fault.durationMs)}`;
  const plural = named.length > 1;
  // A later batch of a deploy starts well after `At`: name the time the deploy reached these instances.
  const atMs = faultReachedMs(deploys, fault, named);
  return `${ids} ${faultVerb(fault, plural)} at ${formatClock(atMs)} (fault: ${fault.fault}${lasting}${batchText(deploys, fault, named)}, Events[${fault.index}])`;
}

/** `, batch 2 of 4` or `, batches 1-2 of 4` for a deploy's instances; empty for other faults. */
function batchText(deploys: readonly DeployProgress[], fault: FaultEventConfig, ids: readonly string[]): string {
  const deploy = deployOf(deploys, fault);
  if (deploy === undefined) return '';
  const numbers = [...new Set(ids.map((id) => batchOf(deploy, id)?.number).filter((n): n is number => n !== undefined))].sort((a, b) => a - b);
  if (numbers.length === 0) return '';
  const span = numbers.length === 1 ? `batch ${numbers[0]}` : `batches ${numbers[0]}-${numbers[numbers.length - 1]}`;
  return `, ${span} of ${deploy.batchCount}`;
}

function faultVerb(fault: FaultEventConfig, plural: boolean): string {
  const was = plural ? 'were' : 'was';
  const its = plural ? 'their' : 'its';
  const { params } = fault;
  switch (fault.fault) {
    case 'crash':
      return 'crashed';
    case 'hang':
      return 'stopped answering';
    case 'slow': {
      const parts = [params.factor !== 1 ? `x${params.factor}` : '', params.addMs > 0 ? `+${formatDuration(params.addMs)}` : ''].filter((p) => p.length > 0);
      return parts.length > 0 ? `slowed down (service time ${parts.join(' ')})` : 'slowed down';
    }
    case 'errors':
      return `started answering ${params.status} to ${percent(params.probability)} of requests`;
    case 'reset':
      return `started closing the connection before answering ${percent(params.probability)} of requests`;
    case 'malformed':
      return `started sending unparsable responses to ${percent(params.probability)} of requests`;
    case 'health-fail':
      return `started failing ${its} health check (${params.status}) while serving traffic`;
    case 'health-lie':
      return `started answering ${params.status} to traffic while ${its} health check kept passing`;
    case 'overload':
      return `lost capacity (${percent(params.capacity)} of ${its} workers left)`;
    case 'blackhole':
      return 'became unreachable (packets dropped: connections never open, answers never arrive)';
    case 'register':
      return `${was} registered with the balancer`;
    case 'deregister':
      return `${was} deregistered from the balancer`;
    case 'recover':
      return 'recovered';
    case 'deploy':
      return params.deregister ? `${was} deregistered and restarted by a rolling deploy` : `${was} restarted in place by a rolling deploy`;
  }
}

/** Why leaving the pool cut requests: draining was off, or its Timeout ran out. */
export function drainingSentence(result: RunResult): string {
  const { balancer } = result.setup;
  return balancer.drainingEnabled
    ? `Connection draining gave requests in flight ${formatDuration(balancer.drainingTimeoutMs)}; the ones still running then were cut.`
    : 'Connection draining was off, so the requests it was still serving were cut. With draining on they would have finished.';
}

function percent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))}%`;
}
