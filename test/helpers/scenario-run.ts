// Runs a scenario document the way a user's file runs: JSON text → validate → resolve (every default
// applied by the resolver) → simulate, with the request and health events kept for the test to read.

import type { ProfileName } from '../../src/model/outcome.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import type { ResolvedScenario } from '../../src/scenario/resolved.js';
import type { GatewayErrorEvent, HealthEvent, RequestEvent, SimEvent } from '../../src/model/run/events.js';
import type { RunResult } from '../../src/model/run/result.js';
import { simulate } from '../../src/simulate.js';

/**
 * A lesson naming only its profile: two instances in one zone (one AWS node), light traffic, and
 * nothing else, so every health-check setting, timeout and retry rule is the profile's default.
 * 300 s fits nginx's slowest answer, a blackhole: 60 s connect timeout on each of the two servers (§5.2).
 */
export function lesson(name: string, profile: ProfileName | Record<string, unknown>, more: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    LoadBalancerName: name,
    Profile: profile,
    Seed: 1,
    Duration: '300s',
    Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }],
    Instances: [
      { InstanceId: 'i-1', AvailabilityZone: 'us-east-1a' },
      { InstanceId: 'i-2', AvailabilityZone: 'us-east-1a' },
    ],
    Traffic: { Rate: 20 },
    ...more,
  };
}

/** The scenario as the resolver leaves it; an invalid document throws with every error listed. */
export function resolveDocument(document: Record<string, unknown>): ResolvedScenario {
  const loaded = parseScenarioText(JSON.stringify(document), '<inline>');
  if (!loaded.ok) throw new Error(`invalid scenario:\n${loaded.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`);
  return loaded.scenario;
}

export interface ObservedRun {
  scenario: ResolvedScenario;
  result: RunResult;
  requests: RequestEvent[];
  gatewayErrors: GatewayErrorEvent[];
  health: HealthEvent[];
}

/** Resolves and simulates the document, keeping every finished request and health transition. */
export function runDocument(document: Record<string, unknown>): ObservedRun {
  const scenario = resolveDocument(document);
  const events: SimEvent[] = [];
  const result = simulate(scenario, { sink: { emit: (event) => events.push(event) }, logRequests: true });
  return {
    scenario,
    result,
    requests: events.filter((e): e is RequestEvent => e.type === 'request'),
    gatewayErrors: events.filter((e): e is GatewayErrorEvent => e.type === 'gateway-error'),
    health: events.filter((e): e is HealthEvent => e.type === 'health'),
  };
}
