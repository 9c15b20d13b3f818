// The `deploy` event in the file format, pinned by exact messages: BatchSize, RestartTime and
// Deregister are its own keys (and nobody else's), in range, and it takes no Duration.

import { describe, expect, it } from 'vitest';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';

const BASE = { LoadBalancerName: 'lb', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }] };
/** One event on i-1 of the default pool; its extra keys start at line 15. */
const event = (params: Record<string, unknown>, fault = 'deploy') => ({ ...BASE, Events: [{ At: '1m', Instance: 'i-1', Fault: fault, ...params }] });
const NOT_A_DURATION = 'not a duration: use seconds, a number with a unit ms, s, m, h or d, or a compound such as 1m30s';

function lines(value: unknown): string[] {
  const result = parseScenarioText(JSON.stringify(value, null, 2), 'bad.json');
  return result.ok ? [] : result.errors.map(formatScenarioError);
}

const INVALID: Array<[string, unknown, string[]]> = [
  ['BatchSize 0', event({ BatchSize: 0 }), ['bad.json:15:20 Events[0].BatchSize: out of range (expected an integer ≥ 1, got 0)']],
  ['BatchSize fractional', event({ BatchSize: 1.5 }), ['bad.json:15:20 Events[0].BatchSize: must be an integer (expected an integer ≥ 1, got 1.5)']],
  ['BatchSize a string', event({ BatchSize: '2' }), ['bad.json:15:20 Events[0].BatchSize: wrong type (expected an integer ≥ 1, got "2")']],
  ['RestartTime 0', event({ RestartTime: 0 }), ['bad.json:15:22 Events[0].RestartTime: out of range (expected a duration > 0, got 0)']],
  ['RestartTime negative', event({ RestartTime: '-5s' }), ['bad.json:15:22 Events[0].RestartTime: out of range (expected a duration > 0, got "-5s")']],
  ['RestartTime not a duration', event({ RestartTime: 'soon' }), [`bad.json:15:22 Events[0].RestartTime: ${NOT_A_DURATION} (expected a duration > 0, got "soon")`]],
  ['Deregister a string', event({ Deregister: 'yes' }), ['bad.json:15:21 Events[0].Deregister: wrong type (expected true or false, got "yes")']],
  ['a deploy with a Duration', event({ Duration: '5m' }),
    ['bad.json:15:7 Events[0].Duration: the deploy event takes no Duration: it lasts until its last batch is InService again']],
  ['BatchSize on a crash', event({ BatchSize: 2 }, 'crash'), ['bad.json:15:7 Events[0].BatchSize: the crash fault takes no BatchSize']],
  ['RestartTime on a recover', event({ RestartTime: '10s' }, 'recover'), ['bad.json:15:7 Events[0].RestartTime: the recover fault takes no RestartTime']],
  ['Deregister on a deregister', event({ Deregister: true }, 'deregister'), ['bad.json:15:7 Events[0].Deregister: the deregister fault takes no Deregister']],
  ['a misspelt BatchSize', event({ Batchsize: 2 }), ['bad.json:15:7 Events[0].Batchsize: unknown key; did you mean "BatchSize"?']],
  ['every mistake at once, each at its own position', event({ BatchSize: 0, RestartTime: 'x', Deregister: 1, Duration: 3 }), [
    'bad.json:15:20 Events[0].BatchSize: out of range (expected an integer ≥ 1, got 0)',
    `bad.json:16:22 Events[0].RestartTime: ${NOT_A_DURATION} (expected a duration > 0, got "x")`,
    'bad.json:17:21 Events[0].Deregister: wrong type (expected true or false, got 1)',
    'bad.json:18:7 Events[0].Duration: the deploy event takes no Duration: it lasts until its last batch is InService again',
  ]],
];

describe('deploy events that are invalid: one exact message each', () => {
  it.each(INVALID)('%s', (_name, value, want) => {
    expect(lines(value)).toEqual(want);
  });

  it('a misspelt fault name suggests deploy', () => {
    expect(lines(event({}, 'deplyo'))[0]).toContain('unknown fault; did you mean "deploy"?');
  });
});

describe('deploy events that are valid', () => {
  const VALID: Array<[string, unknown]> = [
    ['no parameters', event({})],
    ['every parameter', event({ BatchSize: 3, RestartTime: '1m30s', Deregister: false })],
    ['a whole zone, in batches of two', { ...BASE, Events: [{ At: '1m', AvailabilityZone: 'us-east-1a', Fault: 'deploy', BatchSize: 2 }] }],
    ['a fraction of the pool, restart in seconds as a number', { ...BASE, Events: [{ At: 0, Fraction: 1, Fault: 'deploy', RestartTime: 5 }] }],
  ];
  it.each(VALID)('%s', (_name, value) => {
    expect(lines(value)).toEqual([]);
  });
});
