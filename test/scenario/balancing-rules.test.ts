// Validation of the routing keys (Balancing.Choices, HashKey, Stickiness, SlowStart; Traffic.Clients;
// request Headers), pinned by exact formatted messages, as rules.test.ts does for the rest.

import { describe, expect, it } from 'vitest';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';

type Doc = Record<string, unknown>;

const BASE = { LoadBalancerName: 'lb', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }] };
const doc = (extra: Doc) => ({ ...BASE, ...extra });
const bal = (balancing: Doc, extra: Doc = {}) => doc({ Balancing: balancing, ...extra });
const CLIENTS = { Traffic: { Clients: { Count: 100 } } };

function lines(value: unknown): string[] {
  const result = parseScenarioText(JSON.stringify(value, null, 2), 'bad.json');
  return result.ok ? [] : result.errors.map(formatScenarioError);
}

const CASES: Array<[string, unknown, string[]]> = [
  ['Choices out of range', bal({ Algorithm: 'least-outstanding', Choices: 1 }),
    ['bad.json:12:16 Balancing.Choices: out of range (expected an integer 2–20, got 1)']],
  ['Choices with another algorithm', bal({ Algorithm: 'round-robin', Choices: 2 }),
    ['bad.json:12:5 Balancing.Choices: only least-outstanding takes Choices (power-of-two-choices is Choices 2); the algorithm is "round-robin"']],
  ['Choices beside power-of-two-choices', bal({ Algorithm: 'power-of-two-choices', Choices: 3 }),
    ['bad.json:12:5 Balancing.Choices: only least-outstanding takes Choices (power-of-two-choices is Choices 2); the algorithm is "power-of-two-choices"']],
  ['HashKey misspelt', bal({ Algorithm: 'maglev', HashKey: 'pth' }),
    ['bad.json:12:16 Balancing.HashKey: unknown hash key; did you mean "path"? (expected "client", "path" or {"Header": name}, got "pth")']],
  ['HashKey object with a misspelt key', bal({ Algorithm: 'maglev', HashKey: { Heder: 'x-user' } }),
    ['bad.json:13:7 Balancing.HashKey.Heder: unknown key; did you mean "Header"?']],
  ['HashKey with a non-hash algorithm', bal({ Algorithm: 'random', HashKey: 'path' }),
    ['bad.json:12:5 Balancing.HashKey: only consistent-hash and maglev take a HashKey; the algorithm is "random"']],
  ['hashing by client without clients', bal({ Algorithm: 'consistent-hash' }),
    ['bad.json:1:1 Traffic.Clients: required by Balancing.Algorithm "consistent-hash" keyed by client: without a client population every request is a new client (expected {"Count": n})']],
  ['Stickiness without clients', bal({ Algorithm: 'round-robin', Stickiness: { Duration: '1h' } }),
    ['bad.json:1:1 Traffic.Clients: required by Balancing.Stickiness: without a client population every request is a new client (expected {"Count": n})']],
  ['Stickiness Duration above 7 days', bal({ Stickiness: { Duration: '8d' } }, CLIENTS),
    ['bad.json:12:19 Balancing.Stickiness.Duration: out of range (expected a duration of 1s to 7d, got "8d")']],
  ['Stickiness on a TCP listener', { ...bal({ Stickiness: {} }, CLIENTS), Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 80, InstancePort: 80 }] },
    ['bad.json:11:5 Balancing.Stickiness: an LB cookie needs an HTTP or HTTPS listener (the first listener is TCP)']],
  ['SlowStart with least-outstanding by default', bal({ SlowStart: '30s' }),
    ['bad.json:11:5 Balancing.SlowStart: slow start cannot be combined with least outstanding requests (ALB refuses it); the algorithm is "least-outstanding", the default when Balancing.Algorithm is not given']],
  ['SlowStart with consistent hashing', bal({ Algorithm: 'maglev', SlowStart: '30s' }, CLIENTS),
    ['bad.json:12:5 Balancing.SlowStart: slow start applies to round-robin, weighted-round-robin, random and weighted-random; the algorithm is "maglev"']],
  ['SlowStart below 30 s', bal({ Algorithm: 'round-robin', SlowStart: '10s' }),
    ['bad.json:12:18 Balancing.SlowStart: out of range for aws-clb (expected 30–900 seconds, got "10s")']],
  ['Clients without Count', doc({ Traffic: { Clients: { Distribution: 'zipf' } } }),
    ['bad.json:11:16 Traffic.Clients.Count: missing required key (expected an integer 1–1000000)']],
  ['Clients distribution misspelt', doc({ Traffic: { Clients: { Count: 5, Distribution: 'zipff' } } }),
    ['bad.json:13:23 Traffic.Clients.Distribution: unknown client distribution; did you mean "zipf"? (expected one of uniform, zipf, got "zipff")']],
  ['Exponent with the uniform distribution', doc({ Traffic: { Clients: { Count: 5, Exponent: 1.2 } } }),
    ['bad.json:13:7 Traffic.Clients.Exponent: not used by the uniform distribution']],
  ['Headers with a number', doc({ Traffic: { Requests: [{ Path: '/', Headers: { 'X-User': 7 } }] } }),
    ['bad.json:15:21 Traffic.Requests[0].Headers.X-User: wrong type (expected a string value, got 7)']],
];

describe('routing validation: one exact message each', () => {
  it.each(CASES)('%s', (_name, document, expected) => {
    expect(lines(document)).toEqual(expected);
  });
});

describe('routing documents that are valid', () => {
  it.each([
    ['power-of-two-choices', bal({ Algorithm: 'power-of-two-choices' })],
    ['least-outstanding with Choices 3', bal({ Algorithm: 'least-outstanding', Choices: 3 })],
    ['maglev by header', bal({ Algorithm: 'maglev', HashKey: { Header: 'X-Tenant' } }, { Traffic: { Requests: [{ Path: '/', Headers: { 'X-Tenant': 'a' } }] } })],
    ['consistent-hash by client with a Zipf population', bal({ Algorithm: 'consistent-hash' }, { Traffic: { Clients: { Count: 1000, Distribution: 'zipf', Exponent: 1.1 } } })],
    ['sticky round robin with slow start', bal({ Algorithm: 'round-robin', Stickiness: { Duration: '1h' }, SlowStart: '30s' }, CLIENTS)],
    ['weighted-random with slow start under ALB', bal({ Algorithm: 'weighted-random', SlowStart: 60 }, { Profile: 'aws-alb' })],
    ['slow start under ALB, whose default is round robin', bal({ SlowStart: '2m' }, { Profile: 'aws-alb' })],
  ])('%s', (_name, document) => {
    expect(lines(document)).toEqual([]);
  });
});
