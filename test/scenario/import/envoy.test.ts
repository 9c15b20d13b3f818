// The Envoy v3 reader: values mapped as Envoy's protos and docs define them, every key of the file
// noted once with its line, errors with file:line:col, and scenarios that pass validation.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPair, isScalar, isSeq, parseDocument, visit, LineCounter, type Node } from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ImportedConfig, ImportOutcome } from '../../../src/scenario/import/import-types.js';
import { envoyReader } from '../../../src/scenario/import/envoy/reader.js';
import { parseYamlSource } from '../../../src/scenario/import/yaml-source.js';
import { validateScenario } from '../../../src/scenario/validate.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/import/envoy');
const LESSON = join(import.meta.dirname, '../../../scenarios/configs/envoy');
const noRelated = () => ({ ok: false as const, message: 'no includes in Envoy configs' });

function read(text: string, file = 'envoy.yaml', backend?: string): ImportOutcome {
  return envoyReader.read(text, file, { readRelated: noRelated, ...(backend === undefined ? {} : { backend }) });
}

function imported(text: string, backend?: string): ImportedConfig {
  const outcome = read(text, 'envoy.yaml', backend);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors, null, 1));
  return outcome.config;
}

const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const profileOf = (config: ImportedConfig) => config.scenario['Profile'] as Record<string, unknown>;
const balancingOf = (config: ImportedConfig) => config.scenario['Balancing'] as Record<string, unknown>;

/** A minimal cluster with `extra` YAML lines appended at the cluster's indentation. */
function cluster(extra: string, endpoints = ['10.0.0.1', '10.0.0.2']): string {
  const lbEndpoints = endpoints
    .map((address) => `    - endpoint: { address: { socket_address: { address: ${address}, port_value: 8080 } } }`)
    .join('\n');
  return `name: web\nload_assignment:\n  endpoints:\n  - lb_endpoints:\n${lbEndpoints}\n${extra}`;
}

/**
 * Independent of the reader: every key whose value is a scalar, and every list item that is a
 * scalar, must be covered by exactly one note, at its own position or at one of its ancestors'
 * (a whole block noted once). Positions come from the `yaml` package's own ranges.
 */
function coverage(text: string, config: ImportedConfig): Array<{ line: number; key: string; notes: number }> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return `${line}:${col}`;
  };
  // A list item and its first key start at the same place; the directive tells them apart:
  // an item's note names the item (`health_checks[1]`, `listeners[0] (listener x)`).
  const noted = new Set<string>();
  for (const note of [...config.applied, ...config.notModelled]) {
    const kind = /\](?: \(.*\))?$/.test(note.directive) ? 'item' : 'key';
    noted.add(`${kind}@${note.at.line}:${note.at.column}`);
  }
  const found: Array<{ line: number; key: string; notes: number }> = [];
  visit(doc, {
    Pair(_, pair, path) {
      if (!isScalar(pair.value) && !(isSeq(pair.value) && pair.value.items.every(isScalar))) return;
      const spots = new Set<string>();
      const keyNode = pair.key as Node;
      spots.add(`key@${at(keyNode.range![0])}`);
      // Ancestors that can carry a note: map entries (at their key) and list items.
      path.forEach((ancestor, i) => {
        if (isPair(ancestor)) spots.add(`key@${at((ancestor.key as Node).range![0])}`);
        else if (i > 0 && isSeq(path[i - 1])) spots.add(`item@${at((ancestor as Node).range![0])}`);
      });
      const notes = [...spots].reduce((sum, spot) => sum + (noted.has(spot) ? 1 : 0), 0);
      found.push({ line: lines.linePos(keyNode.range![0]).line, key: String((pair.key as { value: unknown }).value), notes });
    },
  });
  return found;
}

describe('envoyReader on a front-proxy bootstrap', () => {
  const text = fixture('bootstrap.yaml');
  // Read in each test, not while the file is collected, so mutation testing runs only the tests that reach a mutant.
  let config: ImportedConfig;
  beforeEach(() => {
    config = imported(text, 'web');
  });

  it('maps the cluster as Envoy defines its fields', () => {
    expect(config.scenario['Name']).toBe('web');
    expect(config.scenario['LoadBalancerName']).toBe('web');
    // connect_timeout 0.25s; healthy_panic_threshold {value: 25.0}; expected_statuses [200, 300) is half-open.
    expect(profileOf(config)).toEqual({
      Base: 'envoy',
      ConnectTimeout: '250ms',
      PanicThreshold: 25,
      Matcher: '200-299',
      OutlierDetection: { Consecutive5xx: 3, Interval: '5s', BaseEjectionTime: '30s', MaxEjectionPercent: 50 },
    });
    expect(config.scenario['HealthCheck']).toEqual({ Target: 'HTTP:8000/healthz', Timeout: '1s', Interval: '2s', UnhealthyThreshold: 3, HealthyThreshold: 2 });
    expect(config.scenario['Instances']).toEqual([
      { InstanceId: '10.0.1.10:8000', AvailabilityZone: 'us-east-1a' },
      { InstanceId: '10.0.1.11:8000', AvailabilityZone: 'us-east-1a' },
      { InstanceId: 'web-3', AvailabilityZone: 'us-east-1b' },
    ]);
  });

  it('takes the listener port, the route timeout and its retry policy', () => {
    expect(config.scenario['Listeners']).toEqual([{ Protocol: 'HTTP', LoadBalancerPort: 8080, InstanceProtocol: 'HTTP', InstancePort: 8000 }]);
    expect(config.scenario['LoadBalancerAttributes']).toEqual({ ConnectionSettings: { IdleTimeout: '3s' } });
    // LEAST_REQUEST with choice_count 3. connect-failure: refused or timed out; reset: any reset
    // before the answer (retry_state_impl.cc) and, with per_try_timeout set, an expired try.
    expect(balancingOf(config)).toEqual({
      Algorithm: 'least-outstanding',
      Choices: 3,
      Retries: 2,
      RetryOn: ['ConnectRefused', 'ConnectTimeout', 'ResponseTimeout', 'UpstreamReset', 'KeepAliveRace', 'MalformedResponse'],
      PerTryTimeout: '1500ms',
    });
  });

  it('notes every key of the file exactly once, with its line', () => {
    const uncovered = coverage(text, config).filter((entry) => entry.notes !== 1);
    expect(uncovered).toEqual([]);
    const note = (directive: string) => [...config.applied, ...config.notModelled].find((n) => n.directive === directive);
    expect(note('connect_timeout: 0.25s')).toMatchObject({ at: { file: 'envoy.yaml', line: 48, column: 5 }, detail: 'Profile.ConnectTimeout' });
    expect(note('circuit_breakers')?.detail).toMatch(/^not modelled: .*SurgeQueueLength/);
    expect(note('static_resources.clusters[1] (cluster admin_ui)')?.at.line).toBe(94);
    expect(note('virtual_hosts[0].routes[1].route.retry_policy.retry_on: refused-stream')?.detail).toMatch(/^not modelled/);
    expect(config.notModelled.some((n) => n.directive === 'health_checks[0].interval_jitter: 0.1s')).toBe(true);
  });

  it('produces a valid scenario', () => {
    // Interval 2s and Timeout 1s are below AWS's ranges; they pass once Envoy's own ranges apply.
    expect(validateScenario(config.scenario)).toMatchObject({ ok: true });
  });

  it('asks which cluster when the bootstrap has several', () => {
    const outcome = read(text);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    // The clusters list starts at `- name: web`.
    expect(outcome.errors[0]).toMatchObject({ line: 46, column: 3, message: '2 clusters: say which with --backend', expected: 'one of "web", "admin_ui"' });
  });
});

describe('envoyReader on a single cluster in JSON', () => {
  const text = fixture('cluster.json');
  let config: ImportedConfig;
  beforeEach(() => {
    config = imported(text);
  });

  it('maps weights, EDS health status, priorities, a TCP check and an empty outlier block', () => {
    // {seconds: 2, nanos: 500000000} is 2.5 s; weights 3/1/1 differ, so weighted round robin.
    expect(profileOf(config)).toEqual({ Base: 'envoy', ConnectTimeout: '2500ms', OutlierDetection: true });
    expect(balancingOf(config)).toEqual({ Algorithm: 'weighted-round-robin' });
    expect(config.scenario['Instances']).toEqual([
      { InstanceId: '10.1.0.1:9090', Weight: 3 },
      { InstanceId: '10.1.0.2:9090', Weight: 1 },
      { InstanceId: '10.1.0.3:9090', Weight: 1, Registered: false },
    ]);
    expect(config.scenario['HealthCheck']).toEqual({ Target: 'TCP:9090', Timeout: '500ms', Interval: '5s', UnhealthyThreshold: 2, HealthyThreshold: 1 });
    expect(config.scenario['Listeners']).toEqual([{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 9090 }]);
  });

  it('notes every key once and says why the second check and the failover tier are left out', () => {
    expect(coverage(text, config).filter((entry) => entry.notes !== 1)).toEqual([]);
    const second = config.notModelled.find((n) => n.directive === 'health_checks[1]');
    expect(second).toMatchObject({ at: { line: 32 }, detail: 'not modelled: lbsim runs one health check; the first is used' });
    expect(config.notModelled.find((n) => n.directive === 'load_assignment.endpoints[1].priority: 1')?.at.line).toBe(17);
  });

  it('produces a valid scenario', () => {
    // HealthyThreshold 1 and a 0.5 s Timeout are outside AWS's ranges; valid with Envoy's.
    expect(validateScenario(config.scenario)).toMatchObject({ ok: true });
  });
});

describe('envoyReader mappings from Envoy\'s documentation', () => {
  it('a cluster without health_checks: no active checks (Envoy takes every host as healthy) and Envoy defaults elsewhere', () => {
    const config = imported(cluster(''));
    expect(config.scenario['Profile']).toEqual({ Base: 'envoy', ActiveChecks: false });
    expect(config.scenario['HealthCheck']).toBeUndefined();
    expect(config.scenario['Balancing']).toBeUndefined();
    expect(validateScenario(config.scenario)).toMatchObject({ ok: true });
  });

  it('LEAST_REQUEST without least_request_lb_config draws 2 (P2C)', () => {
    expect(balancingOf(imported(cluster('lb_policy: LEAST_REQUEST')))).toEqual({ Algorithm: 'least-outstanding', Choices: 2 });
  });

  it.each([
    ['RANDOM', 'random'],
    ['ROUND_ROBIN', 'round-robin'],
    ['MAGLEV', 'random'],
    ['RING_HASH', 'random'],
  ])('lb_policy %s → %s (hashing with no route hashes a random number per request)', (policy, algorithm) => {
    expect(balancingOf(imported(cluster(`lb_policy: ${policy}`)))).toEqual({ Algorithm: algorithm });
  });

  const withRoute = (routeExtra: string, clusterExtra = '') => `
static_resources:
  listeners:
  - name: http
    address: { socket_address: { address: 0.0.0.0, port_value: 10000 } }
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          route_config:
            virtual_hosts:
            - name: all
              domains: ["*"]
              routes:
              - match: { prefix: "/" }
                route:
                  cluster: web
${routeExtra.replace(/^/gm, '                  ')}
  clusters:
  - name: web
${clusterExtra.replace(/^/gm, '    ')}
    load_assignment:
      endpoints:
      - lb_endpoints:
        - endpoint: { address: { socket_address: { address: 10.0.0.1, port_value: 80 } } }
        - endpoint: { address: { socket_address: { address: 10.0.0.2, port_value: 80 } } }
`;

  it('retry_on 5xx retries every 5xx and every reset; num_retries defaults to 1', () => {
    const config = imported(withRoute('retry_policy: { retry_on: 5xx }'));
    expect(balancingOf(config)).toEqual({
      Retries: 1,
      RetryOn: ['ConnectRefused', 'ConnectTimeout', 'UpstreamReset', 'KeepAliveRace', 'MalformedResponse', '5xx'],
    });
    // Without previous_hosts Envoy may retry the same host; the note says lbsim does not.
    expect(config.applied.find((n) => n.directive.endsWith('retry_on: 5xx'))?.detail).toMatch(/Envoy without previous_hosts may pick the same one/);
  });

  it('retry_on gateway-error does not retry a backend\'s own 5xx in lbsim (it cannot single out 502-504)', () => {
    const balancing = balancingOf(imported(withRoute('retry_policy: { retry_on: gateway-error, num_retries: 3 }')));
    expect(balancing['RetryOn']).not.toContain('5xx');
    expect(balancing['Retries']).toBe(3);
  });

  it('retry_on with only conditions lbsim cannot produce sets no retries', () => {
    const config = imported(withRoute('retry_policy: { retry_on: "retriable-4xx", num_retries: 3 }'));
    expect(config.scenario['Balancing']).toBeUndefined();
    expect(config.notModelled.map((n) => n.directive)).toContain('virtual_hosts[0].routes[0].route.retry_policy.num_retries: 3');
  });

  it('a route timeout of 0s disables it: not modelled, the profile keeps 15 s', () => {
    const config = imported(withRoute('timeout: 0s'));
    expect(config.scenario['LoadBalancerAttributes']).toBeUndefined();
    expect(config.notModelled.find((n) => n.directive.endsWith('timeout: 0s'))?.at.line).toBe(18);
  });

  it('ring hash keyed by a header from the route\'s hash_policy', () => {
    const config = imported(withRoute('hash_policy:\n- header: { header_name: x-user }', 'lb_policy: RING_HASH'));
    expect(balancingOf(config)).toEqual({ Algorithm: 'consistent-hash', HashKey: { Header: 'x-user' } });
    expect(validateScenario(config.scenario)).toMatchObject({ ok: true });
  });

  it('maglev keyed by the source address needs a client population', () => {
    const config = imported(withRoute('hash_policy:\n- connection_properties: { source_ip: true }', 'lb_policy: MAGLEV'));
    expect(balancingOf(config)).toEqual({ Algorithm: 'maglev', HashKey: 'client' });
    expect(config.scenario['Traffic']).toEqual({ Rate: 10, Arrival: 'poisson', Clients: { Count: 100 } });
    expect(validateScenario(config.scenario)).toMatchObject({ ok: true });
  });

  it('the virtual host\'s retry_policy applies when the route has none', () => {
    const text = withRoute('timeout: 5s').replace('domains: ["*"]', 'domains: ["*"]\n              retry_policy: { retry_on: connect-failure }');
    expect(balancingOf(imported(text))).toEqual({ Retries: 1, RetryOn: ['ConnectRefused', 'ConnectTimeout'] });
  });

  it('expected_statuses of any HTTP code become the Matcher (half-open [200, 600) is 200-599)', () => {
    const config = imported(cluster(`health_checks:
- timeout: 1s
  interval: 5s
  unhealthy_threshold: 2
  healthy_threshold: 2
  http_health_check: { path: /ping, expected_statuses: [{ start: 200, end: 600 }] }`));
    expect(profileOf(config)['Matcher']).toBe('200-599');
    expect(config.notModelled.find((n) => n.directive.startsWith('health_checks[0].http_health_check.expected_statuses'))).toBeUndefined();
  });
});

describe('envoyReader errors', () => {
  const errorsOf = (text: string, backend?: string) => {
    const outcome = read(text, 'bad.yaml', backend);
    if (outcome.ok) throw new Error('expected errors');
    return outcome.errors;
  };

  it('a value of the wrong type points at it, all at once', () => {
    const errors = errorsOf(cluster(`connect_timeout: 5m
health_checks:
- timeout: 1s
  interval: abc
  unhealthy_threshold: two
  healthy_threshold: 2
  http_health_check: { path: /ping }`));
    expect(errors).toContainEqual({
      file: 'bad.yaml', line: 7, column: 18, path: 'connect_timeout', message: 'not a duration',
      expected: 'a protobuf duration such as "5s", "0.25s" or {seconds: 5, nanos: 0}', actual: '"5m"',
    });
    expect(errors).toContainEqual(expect.objectContaining({ line: 10, column: 13, path: 'health_checks[0].interval', actual: '"abc"' }));
    expect(errors).toContainEqual(expect.objectContaining({ line: 11, column: 24, path: 'health_checks[0].unhealthy_threshold', message: 'not an integer' }));
  });

  it('an unknown lb_policy suggests the right name', () => {
    expect(errorsOf(cluster('lb_policy: LEAST_REQUESTS'))[0]).toMatchObject({ line: 7, column: 12, message: 'unknown value; did you mean "LEAST_REQUEST"?' });
  });

  it('a cluster with no endpoints', () => {
    expect(errorsOf('name: web\ntype: EDS\n')[0]).toMatchObject({ line: 1, column: 1, path: 'load_assignment', message: expect.stringMatching(/^a cluster with no endpoints/) });
  });

  it('an unknown --backend lists the clusters', () => {
    const text = `- ${cluster('').replace(/\n/g, '\n  ')}\n- name: api\n  load_assignment: { endpoints: [] }\n`;
    expect(errorsOf(text, 'webb')[0]).toMatchObject({ line: 1, column: 1, message: 'no cluster named "webb"; did you mean "web"?', expected: 'one of "web", "api"' });
  });

  it('a health check without its required fields', () => {
    const errors = errorsOf(cluster('health_checks:\n- interval: 5s\n  http_health_check: { path: /ping }'));
    expect(errors.map((e) => e.path)).toEqual(['health_checks[0].timeout', 'health_checks[0].unhealthy_threshold', 'health_checks[0].healthy_threshold']);
    expect(errors[0]).toMatchObject({ line: 8, column: 3 });
  });

  it('a YAML syntax error has its position', () => {
    expect(errorsOf('name: web\nload_assignment:\n  endpoints: [\n')[0]).toMatchObject({ file: 'bad.yaml', line: 4, message: expect.stringMatching(/^YAML syntax error/) });
  });

  it('something that is not Envoy', () => {
    expect(errorsOf('upstreams: []\n')[0]).toMatchObject({ line: 1, column: 1, message: 'not an Envoy config' });
  });
});

describe('envoyReader.detect', () => {
  it('knows Envoy files and leaves others alone', () => {
    expect(envoyReader.detect(fixture('bootstrap.yaml'), 'envoy.yaml')).toBe(true);
    expect(envoyReader.detect(fixture('cluster.json'), 'cluster.json')).toBe(true);
    expect(envoyReader.detect('backend web\n  balance roundrobin\n  server a 10.0.0.1:80 check\n', 'haproxy.cfg')).toBe(false);
    expect(envoyReader.detect('upstream web { server 10.0.0.1; }\n', 'nginx.conf')).toBe(false);
  });
});

describe('yaml-source', () => {
  it('gives positions for paths in JSON and YAML', () => {
    const parsed = parseYamlSource('{"a": {"b": [1, {"c": "5s"}]}}', 'x.json');
    expect(parsed.ok && parsed.source.spotAt(['a', 'b', 1, 'c'])).toEqual({ file: 'x.json', line: 1, column: 23 });
    // A missing key points at its nearest existing parent.
    expect(parsed.ok && parsed.source.spotAt(['a', 'zz'])).toEqual({ file: 'x.json', line: 1, column: 7 });
  });

  it('reads custom tags and warns about undeclared ones', () => {
    const tags = [{ tag: '!Ref', resolve: (name: string) => ({ Ref: name }) }];
    const parsed = parseYamlSource('Port: !Ref PortParam\n', 'cf.yaml', { customTags: tags });
    expect(parsed.ok && parsed.source.root?.toJSON()).toEqual({ Port: { Ref: 'PortParam' } });
    const plain = parseYamlSource('Port: !Ref PortParam\n', 'cf.yaml');
    expect(plain.ok && plain.source.warnings[0]).toMatchObject({ line: 1, column: 7, message: 'YAML warning: Unresolved tag: !Ref' });
  });

  it('refuses duplicate keys with their position', () => {
    const parsed = parseYamlSource('a: 1\na: 2\n', 'x.yaml');
    expect(parsed.ok ? null : parsed.errors[0]).toMatchObject({ line: 2, column: 1, message: 'YAML duplicate key: Map keys must be unique' });
  });
});

describe('the lesson config', () => {
  it('imports and validates', () => {
    const text = readFileSync(join(LESSON, 'envoy.yaml'), 'utf8');
    const config = imported(text, 'checkout');
    expect((config.scenario['Instances'] as unknown[]).length).toBe(3);
    expect(coverage(text, config).filter((entry) => entry.notes !== 1)).toEqual([]);
    expect(validateScenario(config.scenario)).toMatchObject({ ok: true });
  });
});
