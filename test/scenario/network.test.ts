// `Network.OneWayDelay`: its default, its range, and did-you-mean for the keys around it.
import { describe, expect, it } from 'vitest';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';

const BASE = { LoadBalancerName: 'lb', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }] };

function load(extra: Record<string, unknown>) {
  return parseScenarioText(JSON.stringify({ ...BASE, ...extra }, null, 2), 'net.json');
}

function problems(extra: Record<string, unknown>): string[] {
  const result = load(extra);
  return result.ok ? [] : result.errors.map(formatScenarioError);
}

function delayMs(extra: Record<string, unknown>): number | undefined {
  const result = load(extra);
  return result.ok ? result.scenario.balancer.oneWayDelayMs : undefined;
}

describe('Network.OneWayDelay', () => {
  it('defaults to 0.5 ms and takes durations with units', () => {
    expect(delayMs({})).toBe(0.5);
    expect(delayMs({ Network: {} })).toBe(0.5);
    expect(delayMs({ Network: { OneWayDelay: '2ms' } })).toBe(2);
    expect(delayMs({ Network: { OneWayDelay: 0 } })).toBe(0);
  });

  it('rejects a delay above one second: a typo, not a network', () => {
    expect(problems({ Network: { OneWayDelay: '5m' } })).toEqual([
      'net.json:11:20 Network.OneWayDelay: out of range (expected a duration ≥ 0 and ≤ 1s, got "5m")',
    ]);
  });

  it('suggests the key meant', () => {
    expect(problems({ Netwrok: {} })).toEqual(['net.json:10:3 Netwrok: unknown key; did you mean "Network"?']);
    expect(problems({ Network: { OneWayDelai: '1ms' } })).toEqual([
      'net.json:11:5 Network.OneWayDelai: unknown key; did you mean "OneWayDelay"?',
    ]);
  });
});
