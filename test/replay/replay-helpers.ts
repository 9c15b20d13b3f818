// Builds replay scenarios around log files for the replay tests and runs them, keeping every event.

import { join } from 'node:path';
import type { RequestEvent, SimEvent } from '../../src/model/run/events.js';
import { replayScenario, type ReplayRun } from '../../src/replay/run-replay.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import type { ResolvedScenario } from '../../src/scenario/resolved.js';

export const fixturesDir = join(import.meta.dirname, '..', 'fixtures', 'replay');

/** A one-instance balancer that never queues (Concurrency 1000), serving from the log; 7 ms where the log has no time. */
export function replayScenarioText(replay: Record<string, unknown>, more: Record<string, unknown> = {}): string {
  return JSON.stringify({
    LoadBalancerName: 'replay',
    Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }],
    Duration: '60s',
    Instances: [{ InstanceId: 'i-1', Concurrency: 1000, ServiceTime: { FromLog: true, Distribution: 'constant', Value: '7ms' } }],
    Traffic: { Replay: replay },
    ...more,
  });
}

export function loadReplay(text: string, dir = fixturesDir): ResolvedScenario {
  const loaded = parseScenarioText(text, join(dir, 'scenario.json'));
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return loaded.scenario;
}

export async function runWithEvents(scenario: ResolvedScenario): Promise<ReplayRun & { events: SimEvent[]; requests: RequestEvent[] }> {
  const events: SimEvent[] = [];
  const run = await replayScenario(scenario, { sink: { emit: (event) => events.push(event) }, logRequests: true });
  const requests = events.filter((event): event is RequestEvent => event.type === 'request').sort((a, b) => a.request - b.request);
  return { ...run, events, requests };
}
