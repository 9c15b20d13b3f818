// Loading end to end: file-level failures, the seed document, `aws elb describe-load-balancers`
// output, every default, Count groups, event targeting, and all errors reported at once in order.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { loadScenarioFile, parseScenarioText } from '../../src/scenario/load.js';
import type { ResolvedScenario } from '../../src/scenario/resolved.js';
import { PROFILES } from '../../src/model/profiles.js';

/** Example 2 of the seed document, byte for byte (shared/seed/http-502-bad-gateway.txt). */
const SEED_ELB = `        {
            "LoadBalancerName": "my-load-balancer",
            "Listeners": [
                {
                    "Protocol": "HTTP",
                    "LoadBalancerPort": 80,
                    "InstanceProtocol": "HTTP",
                    "InstancePort": 80
                }
            ],
            "HealthCheck": {
                "Target": "HTTP:80/ping",
                "Interval": 30,
                "Timeout": 5,
                "UnhealthyThreshold": 2,
                "HealthyThreshold": 2
            }
        }
`;

const LISTENERS = [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 8080 }];

function errorLines(text: string, file = 'bad.json'): string[] {
  const result = parseScenarioText(text, file);
  return result.ok ? [] : result.errors.map(formatScenarioError);
}

function resolved(value: unknown, file = 'scenarios/example.json'): ResolvedScenario {
  const result = parseScenarioText(JSON.stringify(value, null, 2), file);
  if (!result.ok) throw new Error(result.errors.map(formatScenarioError).join('\n'));
  return result.scenario;
}

describe('file-level errors', () => {
  it.each([
    ['an empty file', '', ['bad.json:1:1 file is empty']],
    ['a whitespace-only file', ' \n\t\n', ['bad.json:1:1 file is empty']],
    ['an array', '[1, 2]', ['bad.json:1:1 expected a JSON object (got an array)']],
    ['a string after blank lines', '\n\n  "text"', ['bad.json:3:3 expected a JSON object (got a string)']],
    ['a number', '42', ['bad.json:1:1 expected a JSON object (got a number)']],
    ['null', 'null', ['bad.json:1:1 expected a JSON object (got null)']],
    ['a missing comma', '{\n  "Seed": 1\n  "Duration": 60\n}', ['bad.json:3:3 invalid JSON: expected a comma']],
    ['a trailing comma', '{\n  "Seed": 1,\n}', ['bad.json:3:1 invalid JSON: trailing comma']],
    ['a comment', '{\n  // note\n  "Seed": 1\n}', ['bad.json:2:3 invalid JSON: comments are not allowed']],
    ['an unclosed object', '{\n  "Seed": 1\n', ['bad.json:3:1 invalid JSON: expected "}"']],
    ['a bare word', '{ "Seed": one }', ['bad.json:1:11 invalid JSON: unexpected character', 'bad.json:1:15 invalid JSON: expected a value']],
    ['two documents', '{}\n{}', ['bad.json:2:1 invalid JSON: expected the end of the file']],
  ])('%s', (_name, text, want) => {
    expect(errorLines(text)).toEqual(want);
  });

  it('reports every syntax error, not just the first', () => {
    expect(errorLines('{\n  "a": 1,,\n  "b": [1 2],\n  "c": 3,\n}')).toEqual([
      'bad.json:2:10 invalid JSON: expected a property name in double quotes',
      'bad.json:3:11 invalid JSON: expected a comma',
      'bad.json:5:1 invalid JSON: trailing comma',
    ]);
  });

  it('reports a key given twice, since JSON.parse would silently keep the last', () => {
    const text = JSON.stringify({ LoadBalancerName: 'lb', Listeners: LISTENERS }, null, 2).replace('{\n', '{\n  "Seed": 1,\n  "Seed": 2,\n');
    expect(errorLines(text)).toEqual(['bad.json:3:3 Seed: duplicate key (first at line 2, column 3)']);
  });

  it('counts columns without a byte-order mark', () => {
    expect(errorLines('\uFEFF{"LoadBalancerName": 5, "Listeners": []}')).toEqual([
      'bad.json:1:22 LoadBalancerName: wrong type (expected a load balancer name, got 5)',
      'bad.json:1:38 Listeners: must not be empty (expected a list of at least one listener, got [])',
    ]);
  });
});

describe('loadScenarioFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lbsim-scenario-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names a missing file and does not throw', () => {
    const path = join(dir, 'nope.json');
    const result = loadScenarioFile(path);
    expect(result.ok ? [] : result.errors.map(formatScenarioError)).toEqual([`${path}:1:1 file not found`]);
  });

  it('says so when the path is a directory', () => {
    const result = loadScenarioFile(dir);
    expect(result.ok ? [] : result.errors.map(formatScenarioError)).toEqual([`${dir}:1:1 cannot read file: it is a directory`]);
  });

  it('loads a file from disk, naming the scenario after it', () => {
    const path = join(dir, 'seed-elb.json');
    writeFileSync(path, SEED_ELB);
    const result = loadScenarioFile(path);
    expect(result.ok && { file: result.scenario.file, name: result.scenario.name }).toEqual({ file: path, name: 'seed-elb' });
  });
});

describe('the seed document', () => {
  // Parsed again for each test (not when the suite is collected), so per-test coverage sees it.
  let result: ReturnType<typeof parseScenarioText>;
  let scenario: (typeof result & { ok: true })['scenario'] | undefined;
  beforeEach(() => {
    result = parseScenarioText(SEED_ELB, 'seed.json');
    scenario = result.ok ? result.scenario : undefined;
  });

  it('loads unchanged', () => {
    expect(result.ok ? [] : result.errors.map(formatScenarioError)).toEqual([]);
  });

  it('gets two instances and light traffic by default', () => {
    expect(scenario?.instances.map((i) => [i.id, i.zone])).toEqual([
      ['i-1', 'us-east-1a'],
      ['i-2', 'us-east-1b'],
    ]);
    expect(scenario?.traffic).toEqual({ rate: 10, arrival: 'poisson', pattern: [], requests: [{ method: 'GET', path: '/', weight: 1 }], clients: null });
  });

  it('keeps its health check and routes HTTP by least outstanding requests', () => {
    expect(scenario?.healthCheck).toEqual({
      target: 'HTTP:80/ping', protocol: 'HTTP', port: 80, path: '/ping',
      intervalMs: 30_000, timeoutMs: 5_000, unhealthyThreshold: 2, healthyThreshold: 2, probeServiceTimeMs: 1,
    });
    expect(scenario?.balancer).toEqual({
      name: 'my-load-balancer', profile: 'aws-clb', behaviour: PROFILES['aws-clb'].behaviour, profileOverrides: [],
      // One node per zone; cross-zone is off by default through the API.
      nodes: ['us-east-1a', 'us-east-1b'], crossZone: false, algorithm: 'least-outstanding',
      routing: { choices: null, hashKey: { by: 'client' }, stickinessMs: null, slowStartMs: null }, retries: 0, perTryTimeoutMs: null, idleTimeoutMs: 60_000, connectTimeoutMs: 10_000, drainingEnabled: false, drainingTimeoutMs: 300_000, oneWayDelayMs: 0.5,
      listeners: [{ protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 80 }],
    });
    expect([scenario?.name, scenario?.seed, scenario?.durationMs, scenario?.warmupMs, scenario?.events, scenario?.expect]).toEqual(['seed', 1, 600_000, 0, [], []]);
  });
});

describe('aws elb describe-load-balancers output', () => {
  const description = {
    LoadBalancerName: 'my-load-balancer',
    DNSName: 'my-load-balancer-1234567890.us-west-2.elb.amazonaws.com',
    CanonicalHostedZoneName: 'my-load-balancer-1234567890.us-west-2.elb.amazonaws.com',
    CanonicalHostedZoneNameID: 'Z3DZXE0EXAMPLE',
    ListenerDescriptions: [
      { Listener: { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }, PolicyNames: [] },
      { Listener: { Protocol: 'HTTPS', LoadBalancerPort: 443, InstanceProtocol: 'HTTPS', InstancePort: 443, SSLCertificateId: 'arn:aws:iam::123456789012:server-certificate/my-server-cert' }, PolicyNames: ['ELBSecurityPolicy-2015-03'] },
    ],
    Policies: { AppCookieStickinessPolicies: [], LBCookieStickinessPolicies: [], OtherPolicies: ['ELBSecurityPolicy-2015-03'] },
    BackendServerDescriptions: [{ InstancePort: 80, PolicyNames: ['my-ProxyProtocol-policy'] }],
    AvailabilityZones: ['us-west-2a', 'us-west-2b'],
    Subnets: ['subnet-15aaab61'],
    VPCId: 'vpc-a01106c2',
    Instances: [{ InstanceId: 'i-207d9717' }, { InstanceId: 'i-afefb49b' }, { InstanceId: 'i-0c1d2e3f' }],
    HealthCheck: { Target: 'HTTP:80/png', Interval: 30, Timeout: 3, UnhealthyThreshold: 2, HealthyThreshold: 10 },
    SourceSecurityGroup: { OwnerAlias: '123456789012', GroupName: 'my-elb-sg' },
    SecurityGroups: ['sg-a61988c3'],
    CreatedTime: '2015-03-19T03:24:02.650Z',
    Scheme: 'internet-facing',
  };

  it('loads the whole output, taking the first description', () => {
    const scenario = resolved({ LoadBalancerDescriptions: [description, { ...description, LoadBalancerName: 'second' }] });
    expect(scenario.balancer.name).toBe('my-load-balancer');
    expect(scenario.balancer.listeners.map((l) => `${l.protocol}:${l.loadBalancerPort}->${l.instanceProtocol}:${l.instancePort}`)).toEqual(['HTTP:80->HTTP:80', 'HTTPS:443->HTTPS:443']);
    expect(scenario.instances.map((i) => [i.id, i.zone])).toEqual([
      ['i-207d9717', 'us-west-2a'],
      ['i-afefb49b', 'us-west-2b'],
      ['i-0c1d2e3f', 'us-west-2a'],
    ]);
    expect(scenario.healthCheck.timeoutMs).toBe(3_000);
  });

  it('loads one description on its own', () => {
    expect(resolved(description).instances).toHaveLength(3);
  });

  it('points errors into the original text, under the LoadBalancerDescriptions[0] prefix', () => {
    const text = JSON.stringify({ LoadBalancerDescriptions: [{ ...description, HealthCheck: { ...description.HealthCheck, Interval: 3 } }], NextMarkr: 'x' }, null, 2);
    // Line:column of a needle in the text (plus an offset into it), computed independently of the loader.
    const at = (needle: string, offset = 0) => {
      const before = text.slice(0, text.indexOf(needle) + offset).split('\n');
      return `${before.length}:${before.at(-1)!.length + 1}`;
    };
    expect([at('"Interval": 3,', 12), at('"NextMarkr"')]).toEqual(['67:21', '83:3']);
    expect(errorLines(text)).toEqual([
      `bad.json:${at('"Interval": 3,', 12)} LoadBalancerDescriptions[0].HealthCheck.Interval: out of range for aws-clb (expected 5–300 seconds, got 3)`,
      `bad.json:${at('"NextMarkr"')} NextMarkr: unknown key; did you mean "NextMarker"?`,
    ]);
  });

  it('needs at least one description', () => {
    expect(errorLines('{\n  "LoadBalancerDescriptions": []\n}')).toEqual([
      'bad.json:2:31 LoadBalancerDescriptions: must not be empty (expected a list of at least one load balancer description, got [])',
    ]);
  });
});

describe('all errors at once', () => {
  it('reports five mistakes as five lines, sorted by position', () => {
    const text = [
      '{',
      '  "Warmup": "20m",',
      '  "LoadBalancerName": "lb",',
      '  "Listeners": [{ "Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80 }],',
      '  "HealthCheck": { "Interval": 3 },',
      '  "Seed": -1,',
      '  "Instances": [{ "InstanceId": "i-1", "Concurency": 2 }],',
      '  "Events": [{ "At": "1m", "Instance": "i-9", "Fault": "crash" }]',
      '}',
    ].join('\n');
    expect(errorLines(text)).toEqual([
      'bad.json:2:13 Warmup: must be less than Duration (expected < 10m, got "20m")',
      'bad.json:5:32 HealthCheck.Interval: out of range for aws-clb (expected 5–300 seconds, got 3)',
      'bad.json:6:11 Seed: out of range (expected an integer ≥ 0, got -1)',
      'bad.json:7:40 Instances[0].Concurency: unknown key; did you mean "Concurrency"?',
      'bad.json:8:40 Events[0].Instance: no instance "i-9"; did you mean "i-1"? (expected one of i-1, got "i-9")',
    ]);
  });
});
