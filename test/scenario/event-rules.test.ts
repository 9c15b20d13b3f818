// The rules of `Events` items, pinned by exact formatted messages: parameters per fault and their
// ranges, exactly one target (Instance, AvailabilityZone or Fraction), zones that exist, Fraction's range.

import { describe, expect, it } from 'vitest';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';

type Doc = Record<string, unknown>;

const BASE = { LoadBalancerName: 'lb', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }] };
const doc = (extra: Doc) => ({ ...BASE, ...extra });
/** One event on i-1 of the default pool; its parameters start at line 15. */
const fault = (name: string, params: Doc = {}) => doc({ Events: [{ At: '1m', Instance: 'i-1', Fault: name, ...params }] });
/** One crash event whose target keys, in this order, start at line 13. */
const aimed = (targets: Doc, extra: Doc = {}) => doc({ ...extra, Events: [{ At: '1m', ...targets, Fault: 'crash' }] });
/** A pool of three zones: a and b explicitly, web × 2 round-robin over AvailabilityZones. */
const ZONED = {
  AvailabilityZones: ['eu-west-1a', 'eu-west-1b'],
  Instances: [{ InstanceId: 'a', AvailabilityZone: 'us-east-1a' }, { InstanceId: 'b', AvailabilityZone: 'us-east-1b' }, { InstanceId: 'web', Count: 2 }],
};
const ONE_OF = 'expected exactly one of Instance, AvailabilityZone, Fraction';

function lines(value: unknown): string[] {
  const result = parseScenarioText(JSON.stringify(value, null, 2), 'bad.json');
  return result.ok ? [] : result.errors.map(formatScenarioError);
}

const PARAMS: Array<[string, unknown, string[]]> = [
  ['reset takes no Status', fault('reset', { Status: 502 }), ['bad.json:15:7 Events[0].Status: the reset fault takes no Status']],
  ['malformed takes no Capacity', fault('malformed', { Capacity: 0.5 }), ['bad.json:15:7 Events[0].Capacity: the malformed fault takes no Capacity']],
  ['health-fail takes no Probability', fault('health-fail', { Probability: 0.5 }), ['bad.json:15:7 Events[0].Probability: the health-fail fault takes no Probability']],
  ['health-lie takes no Factor', fault('health-lie', { Factor: 2 }), ['bad.json:15:7 Events[0].Factor: the health-lie fault takes no Factor']],
  ['overload takes no Status nor Probability', fault('overload', { Status: 503, Probability: 1 }), [
    'bad.json:15:7 Events[0].Status: the overload fault takes no Status',
    'bad.json:16:7 Events[0].Probability: the overload fault takes no Probability',
  ]],
  ['errors takes no Capacity', fault('errors', { Capacity: 0.5 }), ['bad.json:15:7 Events[0].Capacity: the errors fault takes no Capacity']],
  ['crash takes no Capacity', fault('crash', { Capacity: 0.5 }), ['bad.json:15:7 Events[0].Capacity: the crash fault takes no Capacity']],
  ['reset Probability 0', fault('reset', { Probability: 0 }),
    ['bad.json:15:22 Events[0].Probability: out of range (expected a number > 0 and ≤ 1, got 0)']],
  ['malformed Probability above 1', fault('malformed', { Probability: 1.5 }),
    ['bad.json:15:22 Events[0].Probability: out of range (expected a number > 0 and ≤ 1, got 1.5)']],
  ['health-fail Status 399', fault('health-fail', { Status: 399 }),
    ['bad.json:15:17 Events[0].Status: out of range for the health-fail fault (expected an integer 400–599, got 399)']],
  ['health-fail Status 600', fault('health-fail', { Status: 600 }),
    ['bad.json:15:17 Events[0].Status: out of range for the health-fail fault (expected an integer 400–599, got 600)']],
  ['health-lie Status 404', fault('health-lie', { Status: 404 }),
    ['bad.json:15:17 Events[0].Status: out of range for the health-lie fault (expected an integer 500–599, got 404)']],
  ['errors Status 600', fault('errors', { Status: 600 }),
    ['bad.json:15:17 Events[0].Status: out of range for the errors fault (expected an integer 500–599, got 600)']],
  ['Status fractional', fault('health-lie', { Status: 502.5 }),
    ['bad.json:15:17 Events[0].Status: must be an integer (expected an integer status code, got 502.5)']],
  ['Status string', fault('errors', { Status: '503' }),
    ['bad.json:15:17 Events[0].Status: wrong type (expected an integer status code, got "503")']],
  ['overload Capacity 0', fault('overload', { Capacity: 0 }),
    ['bad.json:15:19 Events[0].Capacity: out of range (expected a number > 0 and ≤ 1, got 0)']],
  ['overload Capacity above 1', fault('overload', { Capacity: 1.25 }),
    ['bad.json:15:19 Events[0].Capacity: out of range (expected a number > 0 and ≤ 1, got 1.25)']],
  ['overload Capacity wrong type', fault('overload', { Capacity: '50%' }),
    ['bad.json:15:19 Events[0].Capacity: wrong type (expected a number > 0 and ≤ 1, got "50%")']],
  ['no cascade: misspelt Capacity', fault('overload', { Capacty: 0.5 }),
    ['bad.json:15:7 Events[0].Capacty: unknown key; did you mean "Capacity"?']],
  ['no Status range when the fault is unknown', fault('health-fale', { Status: 200 }),
    ['bad.json:14:16 Events[0].Fault: unknown fault; did you mean "health-fail"? (expected one of crash, hang, slow, errors, recover, reset, malformed, health-fail, health-lie, overload, blackhole, register, deregister, deploy, got "health-fale")']],
];

const TARGETS: Array<[string, unknown, string[]]> = [
  ['no target', aimed({}), [`bad.json:11:5 Events[0]: names no instances (${ONE_OF})`]],
  ['Instance and AvailabilityZone', aimed({ Instance: 'i-1', AvailabilityZone: 'us-east-1a' }),
    [`bad.json:14:7 Events[0].AvailabilityZone: give Instance or AvailabilityZone, not both (${ONE_OF})`]],
  ['Fraction before Instance: the second one is blamed', aimed({ Fraction: 0.5, Instance: 'i-1' }),
    [`bad.json:14:7 Events[0].Instance: give Fraction or Instance, not both (${ONE_OF})`]],
  ['all three', aimed({ AvailabilityZone: 'us-east-1a', Fraction: 1, Instance: ['i-1'] }), [
    `bad.json:14:7 Events[0].Fraction: give AvailabilityZone or Fraction, not both (${ONE_OF})`,
    `bad.json:15:7 Events[0].Instance: give AvailabilityZone or Instance, not both (${ONE_OF})`,
  ]],
  ['unknown zone with a suggestion', aimed({ AvailabilityZone: 'us-east-1c' }),
    ['bad.json:13:27 Events[0].AvailabilityZone: no instance in zone "us-east-1c"; did you mean "us-east-1a"? (expected one of us-east-1a, us-east-1b, got "us-east-1c")']],
  ['unknown zone, zones from the pool', aimed({ AvailabilityZone: 'eu-west-1' }, ZONED),
    ['bad.json:31:27 Events[0].AvailabilityZone: no instance in zone "eu-west-1"; did you mean "eu-west-1a"? (expected one of us-east-1a, us-east-1b, eu-west-1a, eu-west-1b, got "eu-west-1")']],
  ['unknown zone without a suggestion', aimed({ AvailabilityZone: 'ap-south-2z' }),
    ['bad.json:13:27 Events[0].AvailabilityZone: no instance in zone "ap-south-2z" (expected one of us-east-1a, us-east-1b, got "ap-south-2z")']],
  ['a zone of AvailabilityZones that no instance is in', aimed({ AvailabilityZone: 'us-west-2c' }, { AvailabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'] }),
    ['bad.json:18:27 Events[0].AvailabilityZone: no instance in zone "us-west-2c"; did you mean "us-west-2a"? (expected one of us-west-2a, us-west-2b, got "us-west-2c")']],
  ['a zone in an empty pool', aimed({ AvailabilityZone: 'us-east-1a' }, { Instances: [] }),
    ['bad.json:14:27 Events[0].AvailabilityZone: no instance in zone "us-east-1a" (expected no zone: Instances is empty, got "us-east-1a")']],
  ['AvailabilityZone empty', aimed({ AvailabilityZone: '' }),
    ['bad.json:13:27 Events[0].AvailabilityZone: must not be empty (expected a zone name, got "")']],
  ['AvailabilityZone a list', aimed({ AvailabilityZone: ['us-east-1a'] }),
    ['bad.json:13:27 Events[0].AvailabilityZone: wrong type (expected a zone name, got ["us-east-1a"])']],
  ['Fraction 0', aimed({ Fraction: 0 }), ['bad.json:13:19 Events[0].Fraction: out of range (expected a number > 0 and ≤ 1, got 0)']],
  ['Fraction above 1', aimed({ Fraction: 1.01 }), ['bad.json:13:19 Events[0].Fraction: out of range (expected a number > 0 and ≤ 1, got 1.01)']],
  ['Fraction negative', aimed({ Fraction: -0.5 }), ['bad.json:13:19 Events[0].Fraction: out of range (expected a number > 0 and ≤ 1, got -0.5)']],
  ['Fraction a percentage string', aimed({ Fraction: '50%' }),
    ['bad.json:13:19 Events[0].Fraction: wrong type (expected a number > 0 and ≤ 1, got "50%")']],
  ['Fraction of an empty pool', aimed({ Fraction: 0.5 }, { Instances: [] }),
    ['bad.json:14:19 Events[0].Fraction: selects no instance from an empty pool (expected at least one instance in Instances, got 0.5)']],
  ['no cascade: misspelt Instance', aimed({ Instanse: 'i-1' }), ['bad.json:13:7 Events[0].Instanse: unknown key; did you mean "Instance"?']],
  ['no cascade: misspelt Fraction next to Instance', aimed({ Instance: 'i-1', Fracton: 0.5 }),
    ['bad.json:14:7 Events[0].Fracton: unknown key; did you mean "Fraction"?']],
  ['no cascade: misspelt AvailabilityZone of an instance', aimed({ AvailabilityZone: 'x' }, { Instances: [{ InstanceId: 'a', AvailabilityZon: 'x' }] }),
    ['bad.json:13:7 Instances[0].AvailabilityZon: unknown key; did you mean "AvailabilityZone"?']],
  ['no cascade: invalid AvailabilityZones', aimed({ AvailabilityZone: 'x' }, { AvailabilityZones: [''] }),
    ['bad.json:11:5 AvailabilityZones[0]: must not be empty (expected a zone name, got "")']],
  ['no cascade: a target that is itself invalid', aimed({ Instance: [] }, { Instances: [] }),
    ['bad.json:14:19 Events[0].Instance: must not be empty (expected an instance id or a list of them, got [])']],
];

describe('event parameters: one exact message each', () => {
  it.each(PARAMS)('%s', (_name, value, want) => {
    expect(lines(value)).toEqual(want);
  });
});

describe('event targets: one exact message each', () => {
  it.each(TARGETS)('%s', (_name, value, want) => {
    expect(lines(value)).toEqual(want);
  });
});

describe('events that are valid', () => {
  const VALID: Array<[string, unknown]> = [
    ['each new fault without parameters', doc({ Events: ['reset', 'malformed', 'health-fail', 'health-lie', 'overload'].map((name) => ({ At: '1m', Instance: 'i-1', Fault: name })) })],
    ['each new fault at the edges of its ranges', doc({ Events: [
      { At: '1m', Instance: 'i-1', Fault: 'reset', Probability: 1 },
      { At: '1m', Instance: 'i-1', Fault: 'malformed', Probability: 0.001 },
      { At: '1m', Instance: 'i-1', Fault: 'health-fail', Status: 400 },
      { At: '1m', Instance: 'i-1', Fault: 'health-fail', Status: 599 },
      { At: '1m', Instance: 'i-1', Fault: 'health-lie', Status: 500 },
      { At: '1m', Instance: 'i-1', Fault: 'overload', Capacity: 1, Duration: '30s' },
      { At: '1m', Instance: 'i-1', Fault: 'overload', Capacity: 0.01 },
    ] })],
    ['targets by zone and by fraction, recover included', doc({ ...ZONED, Events: [
      { At: '1m', AvailabilityZone: 'eu-west-1b', Fault: 'hang' },
      { At: '1m', AvailabilityZone: 'us-east-1a', Fault: 'health-fail', Status: 404 },
      { At: '2m', Fraction: 1, Fault: 'recover' },
      { At: '2m', Fraction: 0.01, Fault: 'overload' },
      { At: '3m', AvailabilityZone: 'eu-west-1a', Fault: 'recover' },
    ] })],
    ['a zone of the default pool', aimed({ AvailabilityZone: 'us-east-1b' })],
  ];
  it.each(VALID)('%s', (_name, value) => {
    expect(lines(value)).toEqual([]);
  });
});
