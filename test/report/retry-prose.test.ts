// The incident prose says what the model's retry plan did (retry-policy.ts retryPlan, read through
// model-facts.ts), not a restatement of it: HAProxy retries the same server (`retries 3`, 1 s
// turnaround; lb-semantics.md §7 item 2), and with `option redispatch` a request bound to its server
// (a hash) moves only on its last retry (stream_choose_redispatch, redispatch_after -1).
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/run/result.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { simulate } from '../../src/simulate.js';
import { describeIncident } from '../../src/report/text/incident-text.js';
import { tinyScenario } from '../helpers/tiny-scenarios.js';

/** Three servers that all crash at 20 s: refused requests reach clients until the checks mark them DOWN. */
function run(profile: Record<string, unknown>, algorithm: string): RunResult {
  const scenario = tinyScenario({
    Profile: { Base: 'haproxy', ...profile },
    Balancing: { Algorithm: algorithm },
    Traffic: { Rate: 20, Clients: { Count: 50 } },
    Instances: [{ InstanceId: 'i-1' }, { InstanceId: 'i-2' }, { InstanceId: 'i-3' }],
    Events: [{ At: '20s', Instance: ['i-1', 'i-2', 'i-3'], Fault: 'crash' }],
    Expect: [],
  });
  const loaded = parseScenarioText(JSON.stringify(scenario), 'retry-prose.json');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return simulate(loaded.scenario, {});
}

function refusedProse(result: RunResult): string {
  const incident = result.incidents.find((i) => i.reason === 'ConnectRefused');
  if (incident === undefined) throw new Error('no ConnectRefused incident');
  return describeIncident(incident, result).join(' ').replace(/\s+/g, ' ');
}

describe('retry prose read from the retry plan', () => {
  it('HAProxy without redispatch: each refused request retried 3 times on the same server, 1 s apart', () => {
    const prose = refusedProse(run({}, 'round-robin'));
    expect(prose).toContain('HAProxy retried each on the same instance (3 retries, 1s apart), refused every time');
    expect(prose).not.toMatch(/more instances/);
  });

  it('HAProxy with redispatch and a hash: the same server twice, then the last retry to any server', () => {
    const result = run({ Redispatch: true }, 'consistent-hash');
    // The model did it: 4 attempts per refused request (1 + retries 3).
    expect(result.requests.attempts).toBeGreaterThan(result.requests.total);
    const prose = refusedProse(result);
    expect(prose).toContain('HAProxy retried each on the same instance (2 retries, 1s apart), then its last retry could go to any server (option redispatch), refused too');
    expect(prose).not.toMatch(/more instances/);
  });

  it('HAProxy with redispatch, round-robin over three servers UP: every retry redispatched', () => {
    const prose = refusedProse(run({ Redispatch: true }, 'round-robin'));
    expect(prose).toContain('each redispatched to a server other than the one just tried (option redispatch, up to 3 retries)');
  });
});
