// The file format for pool membership: ConnectionDraining, an instance's Registered flag, and
// the register/deregister events (which take no Duration).
import { describe, expect, it } from 'vitest';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';

const text = (attributes: string, instanceExtra: string, eventExtra: string) => `{
  "LoadBalancerName": "x",
  "Listeners": [{ "Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80 }],
  "LoadBalancerAttributes": { "ConnectionDraining": ${attributes} },
  "Instances": [{ "InstanceId": "i-1"${instanceExtra} }],
  "Events": [{ "At": 10, "Instance": "i-1", "Fault": "deregister"${eventExtra} }]
}
`;

describe('membership in the file format', () => {
  it('reports every membership mistake with its position', () => {
    const loaded = parseScenarioText(text('{ "Enabled": "yes", "Timeout": 4000 }', ', "Registered": 1', ', "Duration": 5'), 'm.json');
    expect(loaded.ok ? [] : loaded.errors.map(formatScenarioError)).toEqual([
      'm.json:4:66 LoadBalancerAttributes.ConnectionDraining.Enabled: wrong type (expected true or false, got "yes")',
      'm.json:4:84 LoadBalancerAttributes.ConnectionDraining.Timeout: out of range (expected 1–3600 seconds, got 4000)',
      'm.json:5:54 Instances[0].Registered: wrong type (expected true or false, got 1)',
      'm.json:6:68 Events[0].Duration: the deregister event takes no Duration',
    ]);
  });

  it('resolves draining (off by default, 300 s when enabled without Timeout) and Registered', () => {
    const on = parseScenarioText(text('{ "Enabled": true }', ', "Registered": false', ''), 'm.json');
    expect(on.ok && [on.scenario.balancer.drainingEnabled, on.scenario.balancer.drainingTimeoutMs, on.scenario.instances[0]!.registered]).toEqual([true, 300_000, false]);
    const off = parseScenarioText(text('{}', '', ''), 'm.json');
    expect(off.ok && [off.scenario.balancer.drainingEnabled, off.scenario.instances[0]!.registered]).toEqual([false, true]);
  });
});
