// The header lines that say what kind of balancer ran: profile and its overrides, its health
// checks (active, rise/fall, or nginx's passive accounting), timeouts, and its nodes per zone.

import type { SimulationSetup } from '../../model/config.js';
import { PROFILES } from '../../model/run/model-facts.js';
import { formatDuration } from './format.js';

export function profileText(setup: SimulationSetup): string {
  const { profile, profileOverrides } = setup.balancer;
  return profileOverrides.length === 0 ? profile : `${profile} (overrides: ${profileOverrides.join(', ')})`;
}

function healthText(setup: SimulationSetup): string {
  const { healthCheck, balancer } = setup;
  const { behaviour } = balancer;
  if (!behaviour.activeChecks) {
    const passive = behaviour.passive;
    return passive === null
      ? 'no active health checks; passive checks off (max_fails 0)'
      : `no active health checks: passive max_fails ${passive.maxFails}, fail_timeout ${formatDuration(passive.failTimeoutMs)}`;
  }
  const counting =
    behaviour.health.machine === 'rise-fall'
      ? `fall ${healthCheck.unhealthyThreshold}, rise ${healthCheck.healthyThreshold}`
      : `${healthCheck.unhealthyThreshold} fails out, ${healthCheck.healthyThreshold} passes in`;
  return `health check ${healthCheck.target} every ${formatDuration(healthCheck.intervalMs)} (timeout ${formatDuration(healthCheck.timeoutMs)}) | ${counting}`;
}

/** The health-check line, and a nodes line when the balancer has more than one node. */
export function balancerLines(setup: SimulationSetup): string[] {
  const { balancer } = setup;
  const timeoutName = PROFILES[balancer.profile].defaults.responseTimeoutName;
  const lines = [`${healthText(setup)} | ${timeoutName} ${formatDuration(balancer.idleTimeoutMs)}`];
  if (balancer.nodes.length > 1) {
    const crossZone = balancer.crossZone ? 'cross-zone on: every node routes to every zone' : 'cross-zone off: each node routes only to its own zone';
    lines.push(`${balancer.nodes.length} balancer nodes (${balancer.nodes.join(', ')}), clients spread evenly | ${crossZone}`);
  }
  return lines;
}
