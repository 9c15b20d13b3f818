// The AWS readers: an ALB target group (CloudFormation YAML/JSON, aws elbv2 CLI output) and a Classic
// ELB (CloudFormation, aws elb CLI output) mapped to scenarios. Expected values come from the fixture
// files and AWS's documented defaults and ranges (lb-semantics.md §1.1, §2.1–2.2), not from the code.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { clbReader, elbv2Reader } from '../../../src/scenario/import/aws/reader.js';
import type { ConfigReader, ImportedConfig, ReadOptions } from '../../../src/scenario/import/import-types.js';
import { validateDocument, validateScenario } from '../../../src/scenario/validate.js';

const DIR = 'test/fixtures/import/aws';
const options = (backend?: string): ReadOptions => ({ ...(backend === undefined ? {} : { backend }), readRelated: () => ({ ok: false, message: 'unused' }) });
const text = (name: string) => readFileSync(join(DIR, name), 'utf8');

function imported(reader: ConfigReader, name: string, backend?: string): ImportedConfig {
  const outcome = reader.read(text(name), join(DIR, name), options(backend));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors, null, 2));
  return outcome.config;
}

function errorsOf(reader: ConfigReader, name: string, backend?: string) {
  const outcome = reader.read(text(name), join(DIR, name), options(backend));
  if (outcome.ok) throw new Error('expected errors');
  return outcome.errors;
}

/** 1-based line of the first line matching `pattern` after line `after`: counted from the fixture, independently of the reader. */
function lineOf(name: string, pattern: RegExp, after = 0): number {
  const lines = text(name).split('\n');
  const index = lines.findIndex((line, i) => i >= after && pattern.test(line));
  if (index < 0) throw new Error(`no line matches ${pattern}`);
  return index + 1;
}

const notesAt = (config: ImportedConfig, line: number) => [...config.applied, ...config.notModelled].filter((n) => n.at.line === line);

describe('elbv2: CloudFormation YAML target group', () => {
  const file = 'alb-target-group.yaml';
  // Read in each test, not while the file is collected, so mutation testing runs only the tests that reach a mutant.
  let config: ImportedConfig;
  let s: Record<string, any>;
  beforeEach(() => {
    config = imported(elbv2Reader, file);
    s = config.scenario as Record<string, any>;
  });

  it('maps the health check as the file and its parameter Defaults say', () => {
    // HealthCheckPath: !Ref HealthCheckPath (Default /healthz); Port: !Ref AppPort (Default 8080); traffic-port.
    expect(s['HealthCheck']).toEqual({ Target: 'HTTP:8080/healthz', Interval: 10, Timeout: 4, HealthyThreshold: 3, UnhealthyThreshold: 2 });
    expect(s['Profile']).toEqual({ Base: 'aws-alb', Matcher: '200-299' });
  });

  it('maps listener, attributes, load balancer idle timeout and targets', () => {
    expect(s['Name']).toBe('web-tg');
    expect(s['LoadBalancerName']).toBe('web-tg');
    expect(s['Listeners']).toEqual([{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 8080 }]);
    expect(s['LoadBalancerAttributes']).toEqual({ ConnectionDraining: { Enabled: true, Timeout: 30 }, ConnectionSettings: { IdleTimeout: 30 } });
    expect(s['Balancing']).toEqual({ Algorithm: 'least-outstanding' });
    // Two targets are !Ref to EC2 instance resources (their logical ids); the third is on the group's port 8080.
    expect(s['Instances']).toEqual([{ InstanceId: 'WebServerA' }, { InstanceId: 'WebServerB' }, { InstanceId: 'i-0c3f8e2a9b7d61234' }]);
    expect(s['Duration']).toBe('10m');
    expect(s['Seed']).toBe(1);
    expect(s['Traffic']).toEqual({ Rate: 10, Arrival: 'poisson' });
  });

  it('produces a valid scenario', () => {
    const validation = validateScenario(s);
    expect(validation.ok ? [] : validation.problems).toEqual([]);
  });

  it('notes every property of the target group exactly once, at its own line', () => {
    const start = lineOf(file, /^ {4}Properties:/);
    const end = lineOf(file, /^ {2}HttpListener:/);
    const propertyLines = text(file).split('\n').map((line, i) => ({ line, n: i + 1 })).filter(({ line, n }) => n > start && n < end && /^ {6}\w+:/.test(line));
    expect(propertyLines.length).toBe(17);
    for (const { line, n } of propertyLines) {
      const key = line.trim().split(':')[0]!;
      const notes = notesAt(config, n);
      // Matcher, Targets and TargetGroupAttributes are lists/objects: their items carry the notes.
      if (['Matcher', 'Targets', 'TargetGroupAttributes'].includes(key)) expect(notes, key).toEqual([]);
      else expect(notes.length, `${key} at line ${n}`).toBe(1);
    }
  });

  it('notes each attribute and each target once, applied or not modelled', () => {
    const draining = notesAt(config, lineOf(file, /deregistration_delay\.timeout_seconds/));
    expect(draining.map((n) => n.detail)).toEqual(['LoadBalancerAttributes.ConnectionDraining {Enabled, Timeout}']);
    const dns = notesAt(config, lineOf(file, /dns_failover/));
    expect(config.notModelled).toContain(dns[0]);
    expect(notesAt(config, lineOf(file, /- Id: !Ref WebServerA/))).toHaveLength(1);
    const idle = notesAt(config, lineOf(file, /idle_timeout\.timeout_seconds/));
    expect(idle[0]!.detail).toBe('LoadBalancerAttributes.ConnectionSettings.IdleTimeout');
    expect(config.notModelled.find((n) => n.directive.startsWith('VpcId'))!.at).toEqual({ file: join(DIR, file), line: lineOf(file, /VpcId: !Ref VpcId/), column: 7 });
  });

  it('says where a value came from when it is a parameter Default', () => {
    const port = config.applied.find((n) => n.directive === 'Port: !Ref AppPort')!;
    expect(port.detail).toContain("parameter AppPort's Default");
  });

  it('notes resources that are not about the target group', () => {
    expect(config.notModelled.map((n) => n.directive)).toEqual(expect.arrayContaining(['WebServerA (AWS::EC2::Instance)', 'Outputs']));
  });
});

describe('elbv2: ALB defaults and errors', () => {
  const minimal = JSON.stringify({ Resources: { Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, Protocol: 'HTTP' } } } }, null, 2);

  it('emits ALB draining (300 s, always on) when the file does not set the deregistration delay, and says so', () => {
    const outcome = elbv2Reader.read(minimal, 'tg.json', options());
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const s = outcome.config.scenario as Record<string, any>;
    expect(s['LoadBalancerAttributes']).toEqual({ ConnectionDraining: { Enabled: true, Timeout: 300 } });
    expect(outcome.config.applied.some((n) => n.detail.includes('Timeout: 300'))).toBe(true);
    // No health check keys in the file: the aws-alb profile's own defaults apply, nothing is written.
    expect(s['HealthCheck']).toBeUndefined();
    expect(s['Profile']).toBe('aws-alb');
    expect(s['Name']).toBe('Tg');
  });

  it('a deregistration delay of 0 turns draining off', () => {
    const template = { Resources: { Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '0' }] } } } };
    const outcome = elbv2Reader.read(JSON.stringify(template), 'tg.json', options());
    expect(outcome.ok && (outcome.config.scenario as any).LoadBalancerAttributes.ConnectionDraining).toEqual({ Enabled: false });
  });

  it('refuses an NLB target group at its Protocol line', () => {
    const errors = errorsOf(elbv2Reader, 'nlb-target-group.yaml');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 7, column: 17, path: 'Resources.TcpTargets.Properties.Protocol', actual: '"TCP"' });
    expect(errors[0]!.message).toContain('no NLB profile');
  });

  it('reports every out-of-range value at once with file:line:col', () => {
    const errors = errorsOf(elbv2Reader, 'alb-bad-values.json');
    const file = join(DIR, 'alb-bad-values.json');
    expect(errors.map((e) => [e.file, e.line, e.path, e.expected])).toEqual([
      [file, 8, 'Resources.ApiTargets.Properties.HealthCheckIntervalSeconds', 'an integer 5–300 seconds'],
      [file, 9, 'Resources.ApiTargets.Properties.HealthyThresholdCount', 'an integer 2–10'],
      [file, 10, 'Resources.ApiTargets.Properties.Matcher.HttpCode', 'HTTP codes 200–499: "200", "200,202" or "200-299"'],
      [file, 12, 'Resources.ApiTargets.Properties.TargetGroupAttributes[0].Value', 'round_robin, least_outstanding_requests, weighted_random'],
    ]);
    expect(errors[0]!.column).toBe(text('alb-bad-values.json').split('\n')[7]!.indexOf('3') + 1);
  });

  it('refuses a timeout that is not shorter than the interval', () => {
    const template = { Resources: { Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 10 } } } };
    const outcome = elbv2Reader.read(JSON.stringify(template, null, 1), 'tg.json', options());
    expect(outcome.ok ? [] : outcome.errors.map((e) => e.path)).toEqual(['Resources.Tg.Properties.HealthCheckTimeoutSeconds']);
  });

  it('lists the target groups when there are several and no --backend; picks by logical id or Name', () => {
    const two = { Resources: {
      A: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Name: 'alpha', Port: 80 } },
      B: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Name: 'beta', Port: 81 } },
    } };
    const json = JSON.stringify(two, null, 2);
    const outcome = elbv2Reader.read(json, 't.json', options());
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.errors[0]!.expected).toBe('one of: A / alpha, B / beta');
    const byName = elbv2Reader.read(json, 't.json', options('beta'));
    expect(byName.ok && (byName.config.scenario as any).Listeners[0].InstancePort).toBe(81);
    const byId = elbv2Reader.read(json, 't.json', options('A'));
    expect(byId.ok && (byId.config.scenario as any).Name).toBe('alpha');
    const unknown = elbv2Reader.read(json, 't.json', options('gamma'));
    expect(unknown.ok ? '' : unknown.errors[0]!.message).toBe('no AWS::ElasticLoadBalancingV2::TargetGroup resource named "gamma"');
  });

  it('a YAML syntax error points at its line', () => {
    const outcome = elbv2Reader.read('Resources:\n  Tg:\n    Type: [AWS::ElasticLoadBalancingV2::TargetGroup\n', 'bad.yaml', options());
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.errors[0]).toMatchObject({ file: 'bad.yaml', line: 4 });
  });

  it('a parameter without Default is not modelled, and the default applies', () => {
    const yaml = 'Parameters:\n  Interval:\n    Type: Number\nResources:\n  Tg:\n    Type: AWS::ElasticLoadBalancingV2::TargetGroup\n    Properties:\n      HealthCheckIntervalSeconds: !Ref Interval\n';
    const outcome = elbv2Reader.read(yaml, 't.yaml', options());
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect((outcome.config.scenario as any).HealthCheck).toBeUndefined();
    const note = outcome.config.notModelled.find((n) => n.at.line === 8)!;
    expect(note.directive).toBe('HealthCheckIntervalSeconds: !Ref Interval');
    expect(note.detail).toContain('no Default');
  });
});

describe('elbv2: aws elbv2 CLI output merged with jq -s add', () => {
  const file = 'elbv2-cli-merged.json';

  it('asks for --backend when describe-target-groups lists two groups', () => {
    const errors = errorsOf(elbv2Reader, file);
    expect(errors[0]!.message).toContain('choose one with --backend');
    expect(errors[0]!.expected).toContain('api-tg');
    expect(errors[0]!.expected).toContain('admin-tg');
  });

  let config: ImportedConfig;
  let s: Record<string, any>;
  beforeEach(() => {
    config = imported(elbv2Reader, file, 'api-tg');
    s = config.scenario as Record<string, any>;
  });

  it('maps the group, its attributes and its targets', () => {
    expect(s['HealthCheck']).toEqual({ Interval: 15, Timeout: 5, HealthyThreshold: 2, UnhealthyThreshold: 3, Target: 'HTTP:80/health' });
    // Stickiness lb_cookie 3600 s; slow start 60 s; round_robin is the default; percentage 50 → panic below 50%.
    expect(s['Balancing']).toEqual({ Stickiness: { Duration: 3600 }, SlowStart: 60 });
    expect(s['Traffic']).toEqual({ Rate: 10, Arrival: 'poisson', Clients: { Count: 100 } });
    expect(s['Profile']).toEqual({ Base: 'aws-alb', PanicThreshold: 50 });
    expect(s['LoadBalancerAttributes']).toEqual({ ConnectionDraining: { Enabled: true, Timeout: 120 } });
    expect(s['Instances']).toEqual([
      { InstanceId: 'i-0f76fade435676abd' },
      { InstanceId: 'i-0f76fade435676abd:8081', InitialState: 'OutOfService' },
      { InstanceId: 'i-1234567890abcdef0', Registered: false },
    ]);
    const validation = validateScenario(s);
    expect(validation.ok ? [] : validation.problems).toEqual([]);
  });

  it('notes the other group and every attribute line once', () => {
    expect(config.notModelled.some((n) => n.directive === 'TargetGroups[1]')).toBe(true);
    const keyLines = text(file).split('\n').map((line, i) => ({ line, n: i + 1 })).filter(({ line }) => /"Key": "/.test(line));
    expect(keyLines).toHaveLength(9);
    // The note points at the attribute's `{`, the line before its "Key".
    for (const { n } of keyLines) expect(notesAt(config, n - 1), `attribute at line ${n}`).toHaveLength(1);
  });

  it('reads describe-target-health alone with ALB defaults for the rest', () => {
    const alone = imported(elbv2Reader, 'describe-target-health.json');
    expect((alone.scenario as any).Instances).toEqual([{ InstanceId: 'i-0f76fade' }, { InstanceId: 'i-0f76fadf', Registered: false }]);
    expect((alone.scenario as any).LoadBalancerAttributes.ConnectionDraining).toEqual({ Enabled: true, Timeout: 300 });
    expect(validateScenario(alone.scenario).ok).toBe(true);
  });
});

describe('clb: aws elb describe-load-balancers + describe-load-balancer-attributes', () => {
  const file = 'clb-describe.json';
  let config: ImportedConfig;
  let s: Record<string, any>;
  beforeEach(() => {
    config = imported(clbReader, file);
    s = config.scenario as Record<string, any>;
  });

  it('keeps what lbsim itself reads from the same describe output', () => {
    // lbsim loads describe-load-balancers directly (validateDocument): the import must agree with it.
    const direct = validateDocument({ LoadBalancerDescriptions: JSON.parse(text(file)).LoadBalancerDescriptions });
    expect(direct.ok).toBe(true);
    if (!direct.ok) return;
    expect(s['HealthCheck']).toEqual(direct.scenario.HealthCheck);
    expect(s['Instances']).toEqual(direct.scenario.Instances);
    expect(s['AvailabilityZones']).toEqual(direct.scenario.AvailabilityZones);
    const listeners = direct.scenario.ListenerDescriptions!.map(({ Listener: { SSLCertificateId: _certificate, ...listener } }) => listener);
    expect(s['Listeners']).toEqual(listeners);
  });

  it('maps the merged attributes', () => {
    expect(s['LoadBalancerAttributes']).toEqual({
      ConnectionDraining: { Enabled: true, Timeout: 60 },
      ConnectionSettings: { IdleTimeout: 30 },
      CrossZoneLoadBalancing: { Enabled: true },
    });
    expect(s['Profile']).toBe('aws-clb');
    expect(validateScenario(s).ok).toBe(true);
  });

  it('notes TLS and metadata keys as not modelled', () => {
    const why = (start: string) => config.notModelled.find((n) => n.directive.startsWith(start))?.detail;
    expect(why('SSLCertificateId')).toBe('TLS certificates are not modelled');
    expect(why('DNSName')).toContain('not about balancing');
    expect(why('AccessLog')).toBe('access logging is not modelled');
  });
});

describe('clb: CloudFormation', () => {
  it('turns CloudFormation strings into numbers and !Ref instances into logical ids', () => {
    const config = imported(clbReader, 'clb-template.yaml');
    const s = config.scenario as Record<string, any>;
    // Interval: !Ref HealthInterval, whose Default is "10".
    expect(s['HealthCheck']).toEqual({ Target: 'HTTP:8080/status', Interval: 10, Timeout: 5, HealthyThreshold: 3, UnhealthyThreshold: 2 });
    expect(s['Listeners']).toEqual([{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 8080 }]);
    expect(s['Instances']).toEqual([{ InstanceId: 'LegacyWeb1' }, { InstanceId: 'LegacyWeb2' }, { InstanceId: 'LegacyWeb3' }]);
    expect(s['LoadBalancerAttributes']).toEqual({ ConnectionDraining: { Enabled: true, Timeout: 60 }, ConnectionSettings: { IdleTimeout: 30 }, CrossZoneLoadBalancing: { Enabled: true } });
    expect(s['Name']).toBe('legacy-web');
    expect(validateScenario(s).ok).toBe(true);
    const zones = config.notModelled.find((n) => n.directive.startsWith('AvailabilityZones'))!;
    expect(zones.at.line).toBe(lineOf('clb-template.yaml', /AvailabilityZones: !GetAZs/));
  });

  it('errors on AWS ranges at their position: thresholds 2–10, Timeout below Interval', () => {
    const errors = errorsOf(clbReader, 'clb-bad-health-check.yaml');
    expect(errors.map((e) => [e.line, e.path, e.message])).toEqual([
      [lineOf('clb-bad-health-check.yaml', /HealthyThreshold: "11"/), 'Resources.Elb.Properties.HealthCheck.HealthyThreshold', 'out of range'],
      [lineOf('clb-bad-health-check.yaml', /Timeout: "10"/), 'Resources.Elb.Properties.HealthCheck.Timeout', 'the health check Timeout must be less than the Interval'],
    ]);
  });

  it('errors on an Interval under 5 s', () => {
    const yaml = text('clb-bad-health-check.yaml').replace('Interval: "10"', 'Interval: "4"').replace('HealthyThreshold: "11"', 'HealthyThreshold: "3"').replace('Timeout: "10"', 'Timeout: "2"');
    const outcome = clbReader.read(yaml, 'x.yaml', options());
    expect(outcome.ok ? [] : outcome.errors.map((e) => [e.line, e.column, e.expected])).toEqual([[13, 19, 'an integer 5–300 seconds']]);
  });
});

describe('detection', () => {
  const cases: Array<[string, boolean, boolean]> = [
    ['alb-target-group.yaml', true, false],
    ['alb-bad-values.json', true, false],
    ['elbv2-cli-merged.json', true, false],
    ['describe-target-health.json', true, false],
    ['clb-describe.json', false, true],
    ['clb-template.yaml', false, true],
  ];
  it.each(cases)('%s: elbv2 %s, clb %s', (name, elbv2, clb) => {
    expect(elbv2Reader.detect(text(name), name)).toBe(elbv2);
    expect(clbReader.detect(text(name), name)).toBe(clb);
  });

  it('a native lbsim scenario is neither', () => {
    const seed = readFileSync('test/fixtures/seed-elb.json', 'utf8');
    expect(elbv2Reader.detect(seed, 'seed.json')).toBe(false);
    expect(clbReader.detect(seed, 'seed.json')).toBe(false);
  });

  it('describe-load-balancer-attributes alone is clb; describe-target-group-attributes alone is elbv2', () => {
    expect(clbReader.detect('{"LoadBalancerAttributes": {"ConnectionDraining": {"Enabled": true, "Timeout": 300}}}', 'a.json')).toBe(true);
    const attributes = '{"Attributes": [{"Key": "deregistration_delay.timeout_seconds", "Value": "60"}]}';
    expect(elbv2Reader.detect(attributes, 'b.json')).toBe(true);
    expect(clbReader.detect(attributes, 'b.json')).toBe(false);
    // An ALB's own describe-load-balancer-attributes has Attributes too, but no target-group keys.
    expect(elbv2Reader.detect('{"Attributes": [{"Key": "idle_timeout.timeout_seconds", "Value": "60"}]}', 'c.json')).toBe(false);
  });
});
