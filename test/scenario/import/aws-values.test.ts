// The AWS readers key by key against AWS's documented values: target group health-check ranges and
// defaults, target group attributes, target states, and the Classic ELB's ranges (lb-semantics.md
// §1.1, §1.3, §2.1, §2.5; the ELBv2 API reference, TargetGroupAttribute). Expected values come from there.

import { describe, expect, it } from 'vitest';
import { clbReader, elbv2Reader } from '../../../src/scenario/import/aws/reader.js';
import type { ConfigReader, DirectiveNote, ImportOutcome } from '../../../src/scenario/import/import-types.js';

const read = (reader: ConfigReader, value: unknown): ImportOutcome =>
  reader.read(JSON.stringify(value, null, 1), 'in.json', { readRelated: () => ({ ok: false, message: 'unused' }) });

function scenarioOf(outcome: ImportOutcome): Record<string, any> {
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.config.scenario as Record<string, any>;
}

/** [path, message] of each error; [] when the file was read. */
const errorsOf = (outcome: ImportOutcome) => (outcome.ok ? [] : outcome.errors.map((e) => [e.path, e.message]));

/** `describe-target-group-attributes` output with these Key/Value pairs. */
const attributes = (...pairs: Array<[string, string]>) => read(elbv2Reader, { Attributes: pairs.map(([Key, Value]) => ({ Key, Value })) });

/** `describe-target-groups` output with one group of these keys. */
const group = (keys: Record<string, unknown>) => read(elbv2Reader, { TargetGroups: [{ TargetGroupName: 'tg', Port: 80, Protocol: 'HTTP', ...keys }] });

describe('ELBv2 target group attributes', () => {
  it('deregistration delay: 0–3600 s; 0 ends deregistration at once', () => {
    const draining = (value: string) => scenarioOf(attributes(['deregistration_delay.timeout_seconds', value])).LoadBalancerAttributes.ConnectionDraining;
    expect(draining('3600')).toEqual({ Enabled: true, Timeout: 3600 });
    expect(draining('1')).toEqual({ Enabled: true, Timeout: 1 });
    expect(draining('0')).toEqual({ Enabled: false });
    expect(errorsOf(attributes(['deregistration_delay.timeout_seconds', '3601']))).toEqual([['Attributes[0].Value', 'out of range']]);
    expect(errorsOf(attributes(['deregistration_delay.timeout_seconds', '-1']))).toEqual([['Attributes[0].Value', 'out of range']]);
    expect(errorsOf(attributes(['deregistration_delay.timeout_seconds', 'ten']))).toEqual([['Attributes[0].Value', 'not an integer']]);
  });

  it('routing algorithm: round_robin (the default), least_outstanding_requests, weighted_random', () => {
    const balancing = (value: string) => scenarioOf(attributes(['load_balancing.algorithm.type', value])).Balancing;
    expect(balancing('round_robin')).toBeUndefined();
    expect(balancing('least_outstanding_requests')).toEqual({ Algorithm: 'least-outstanding' });
    expect(balancing('weighted_random')).toEqual({ Algorithm: 'weighted-random' });
    expect(errorsOf(attributes(['load_balancing.algorithm.type', 'random']))).toEqual([['Attributes[0].Value', 'unknown load balancing algorithm']]);
  });

  it('slow start: 30–900 s or 0 (off), and never with least outstanding requests, in either order', () => {
    const slowStart = (value: string) => scenarioOf(attributes(['slow_start.duration_seconds', value])).Balancing;
    expect(slowStart('30')).toEqual({ SlowStart: 30 });
    expect(slowStart('900')).toEqual({ SlowStart: 900 });
    expect(slowStart('0')).toBeUndefined();
    for (const value of ['29', '1', '901']) expect(errorsOf(attributes(['slow_start.duration_seconds', value])), value).toEqual([['Attributes[0].Value', 'out of range']]);
    const both = attributes(['slow_start.duration_seconds', '60'], ['load_balancing.algorithm.type', 'least_outstanding_requests']);
    expect(errorsOf(both).map(([path]) => path)).toEqual(['Attributes[0].Value']);
    expect(scenarioOf(attributes(['slow_start.duration_seconds', '60'], ['load_balancing.algorithm.type', 'weighted_random'])).Balancing).toEqual({ Algorithm: 'weighted-random', SlowStart: 60 });
  });

  it('stickiness: an LB cookie lasts 1 s to 7 days, 1 day unless set; app cookies and a disabled cookie stick nothing', () => {
    const balancing = (...pairs: Array<[string, string]>) => scenarioOf(attributes(...pairs)).Balancing;
    expect(balancing(['stickiness.enabled', 'true'])).toEqual({ Stickiness: { Duration: 86_400 } });
    expect(scenarioOf(attributes(['stickiness.enabled', 'true'])).Traffic.Clients.Count).toBeGreaterThan(1);
    expect(balancing(['stickiness.enabled', 'true'], ['stickiness.type', 'lb_cookie'], ['stickiness.lb_cookie.duration_seconds', '604800'])).toEqual({ Stickiness: { Duration: 604_800 } });
    expect(balancing(['stickiness.enabled', 'true'], ['stickiness.lb_cookie.duration_seconds', '1'])).toEqual({ Stickiness: { Duration: 1 } });
    for (const value of ['0', '604801']) {
      expect(errorsOf(attributes(['stickiness.enabled', 'true'], ['stickiness.lb_cookie.duration_seconds', value])), value).toEqual([['Attributes[1].Value', 'out of range']]);
    }
    expect(balancing(['stickiness.enabled', 'true'], ['stickiness.type', 'app_cookie'])).toBeUndefined();
    expect(balancing(['stickiness.enabled', 'false'], ['stickiness.lb_cookie.duration_seconds', '60'])).toBeUndefined();
    expect(scenarioOf(attributes(['stickiness.enabled', 'false'])).Traffic.Clients).toBeUndefined();
    // source_ip is a Network Load Balancer's stickiness type.
    expect(errorsOf(attributes(['stickiness.enabled', 'true'], ['stickiness.type', 'source_ip']))).toEqual([['Attributes[1].Value', 'unknown stickiness type for an ALB']]);
    expect(errorsOf(attributes(['stickiness.enabled', 'yes']))).toEqual([['Attributes[0].Value', 'not a boolean']]);
  });

  it('stickiness that is off or by application cookie is noted as not modelled, each key once', () => {
    const outcome = attributes(['stickiness.enabled', 'true'], ['stickiness.type', 'app_cookie'], ['stickiness.lb_cookie.duration_seconds', '60']);
    if (!outcome.ok) throw new Error('expected a config');
    expect(outcome.config.notModelled.map((n) => n.directive)).toEqual(['stickiness.enabled = true', 'stickiness.type = app_cookie', 'stickiness.lb_cookie.duration_seconds = 60']);
    const off = attributes(['stickiness.enabled', 'false'], ['stickiness.type', 'lb_cookie']);
    if (!off.ok) throw new Error('expected a config');
    expect(off.config.applied.map((n) => n.directive)).toContain('stickiness.enabled = false');
    expect(off.config.notModelled.map((n) => n.directive)).toEqual(['stickiness.type = lb_cookie']);
  });

  it('cross-zone: true, false or use_load_balancer_configuration', () => {
    const crossZone = (value: string) => scenarioOf(attributes(['load_balancing.cross_zone.enabled', value])).LoadBalancerAttributes.CrossZoneLoadBalancing;
    expect(crossZone('true')).toEqual({ Enabled: true });
    expect(crossZone('false')).toEqual({ Enabled: false });
    expect(crossZone('use_load_balancer_configuration')).toBeUndefined();
    expect(errorsOf(attributes(['load_balancing.cross_zone.enabled', 'on']))).toEqual([['Attributes[0].Value', 'unknown cross-zone setting']]);
  });

  it('unhealthy state routing: a minimum count of 1 is fail-open at zero healthy; a percentage 1–100 or off', () => {
    const COUNT = 'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count';
    const PERCENT = 'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage';
    expect(scenarioOf(attributes([COUNT, '1'])).Profile).toBe('aws-alb');
    const two = attributes([COUNT, '2']);
    expect(two.ok && two.config.notModelled.map((n) => n.directive)).toEqual([`${COUNT} = 2`]);
    expect(errorsOf(attributes([COUNT, '0']))).toEqual([['Attributes[0].Value', 'out of range']]);
    expect(scenarioOf(attributes([PERCENT, 'off'])).Profile).toBe('aws-alb');
    expect(scenarioOf(attributes([PERCENT, '1'])).Profile).toEqual({ Base: 'aws-alb', PanicThreshold: 1 });
    expect(scenarioOf(attributes([PERCENT, '100'])).Profile).toEqual({ Base: 'aws-alb', PanicThreshold: 100 });
    for (const value of ['0', '101', '50.5', 'half']) expect(errorsOf(attributes([PERCENT, value])), value).toEqual([['Attributes[0].Value', 'out of range']]);
  });

  it('notes attributes lbsim has no field for, and refuses one given twice', () => {
    const outcome = attributes(['preserve_client_ip.enabled', 'false'], ['lambda.multi_value_headers.enabled', 'false'], ['stickiness.app_cookie.cookie_name', 'sid'], ['load_balancing.algorithm.anomaly_mitigation', 'on'], ['target_group_health.dns_failover.minimum_healthy_targets.count', '1']);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    expect(outcome.config.notModelled.map((n) => n.detail)).toEqual([
      expect.stringMatching(/Network\/Gateway Load Balancer/),
      expect.stringMatching(/Lambda/),
      expect.stringMatching(/application cookie/),
      expect.stringMatching(/anomaly mitigation/),
      expect.stringMatching(/DNS failover/),
    ]);
    expect(errorsOf(attributes(['slow_start.duration_seconds', '0'], ['slow_start.duration_seconds', '60']))).toEqual([['Attributes[1].Key', 'attribute given twice']]);
  });
});

describe('ELBv2 target group health checks and keys', () => {
  const healthCheck = (keys: Record<string, unknown>) => scenarioOf(group(keys)).HealthCheck;

  it('Interval 5–300 s, Timeout 2–120 s, each inclusive', () => {
    expect(healthCheck({ HealthCheckIntervalSeconds: 300, HealthCheckTimeoutSeconds: 120 })).toEqual({ Interval: 300, Timeout: 120 });
    expect(healthCheck({ HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2 })).toEqual({ Interval: 5, Timeout: 2 });
    expect(errorsOf(group({ HealthCheckIntervalSeconds: 4, HealthCheckTimeoutSeconds: 2 }))).toEqual([['TargetGroups[0].HealthCheckIntervalSeconds', 'out of range']]);
    expect(errorsOf(group({ HealthCheckIntervalSeconds: 301 }))).toEqual([['TargetGroups[0].HealthCheckIntervalSeconds', 'out of range']]);
    expect(errorsOf(group({ HealthCheckTimeoutSeconds: 1 }))).toEqual([['TargetGroups[0].HealthCheckTimeoutSeconds', 'out of range']]);
    expect(errorsOf(group({ HealthCheckIntervalSeconds: 300, HealthCheckTimeoutSeconds: 121 }))).toEqual([['TargetGroups[0].HealthCheckTimeoutSeconds', 'out of range']]);
  });

  it('the timeout must be shorter than the interval, the unset one at its default (interval 30 s, timeout 5 s)', () => {
    expect(errorsOf(group({ HealthCheckTimeoutSeconds: 30 }))).toEqual([['TargetGroups[0].HealthCheckTimeoutSeconds', 'the health check timeout must be shorter than the interval']]);
    expect(healthCheck({ HealthCheckTimeoutSeconds: 29 })).toEqual({ Timeout: 29 });
    expect(errorsOf(group({ HealthCheckIntervalSeconds: 5 }))).toEqual([['TargetGroups[0].HealthCheckIntervalSeconds', 'the health check timeout must be shorter than the interval']]);
    expect(healthCheck({ HealthCheckIntervalSeconds: 6 })).toEqual({ Interval: 6 });
  });

  it('thresholds 2–10', () => {
    expect(healthCheck({ HealthyThresholdCount: 2, UnhealthyThresholdCount: 10 })).toEqual({ HealthyThreshold: 2, UnhealthyThreshold: 10 });
    expect(healthCheck({ HealthyThresholdCount: 10, UnhealthyThresholdCount: 2 })).toEqual({ HealthyThreshold: 10, UnhealthyThreshold: 2 });
    for (const value of [1, 11]) {
      expect(errorsOf(group({ HealthyThresholdCount: value, UnhealthyThresholdCount: value })), String(value)).toEqual([
        ['TargetGroups[0].HealthyThresholdCount', 'out of range'],
        ['TargetGroups[0].UnhealthyThresholdCount', 'out of range'],
      ]);
    }
  });

  it('the check target: HTTP or HTTPS, the traffic port or a port 1–65535, a path starting with /', () => {
    const target = (keys: Record<string, unknown>) => healthCheck({ Port: 8080, ...keys })['Target'];
    expect(target({ HealthCheckPort: 'traffic-port' })).toBe('HTTP:8080/');
    expect(target({ HealthCheckPort: '65535' })).toBe('HTTP:65535/');
    expect(target({ HealthCheckPort: '1', HealthCheckPath: '/ping' })).toBe('HTTP:1/ping');
    expect(target({ HealthCheckProtocol: 'https' })).toBe('HTTPS:8080/');
    expect(target({ HealthCheckPath: '/healthz' })).toBe('HTTP:8080/healthz');
    expect(healthCheck({})).toBeUndefined();
    for (const port of ['0', '65536', 'http']) expect(errorsOf(group({ HealthCheckPort: port })), port).toEqual([['TargetGroups[0].HealthCheckPort', 'not a port']]);
    expect(errorsOf(group({ HealthCheckProtocol: 'TCP' }))).toEqual([['TargetGroups[0].HealthCheckProtocol', 'an ALB target group checks over HTTP or HTTPS']]);
    expect(errorsOf(group({ HealthCheckPath: 'healthz' }))).toEqual([['TargetGroups[0].HealthCheckPath', 'a health check path starts with "/"']]);
  });

  it('health checks cannot be turned off for instance and ip targets', () => {
    expect(errorsOf(group({ HealthCheckEnabled: false })).map(([path]) => path)).toEqual(['TargetGroups[0].HealthCheckEnabled']);
    expect(group({ HealthCheckEnabled: true }).ok).toBe(true);
  });

  it('success codes: 200 is the default; codes 200–499 as a list or range', () => {
    const profile = (code: string) => scenarioOf(group({ Matcher: { HttpCode: code } })).Profile;
    expect(profile('200')).toBe('aws-alb');
    expect(profile('200,202')).toEqual({ Base: 'aws-alb', Matcher: '200,202' });
    expect(profile('200-499')).toEqual({ Base: 'aws-alb', Matcher: '200-499' });
    expect(errorsOf(group({ Matcher: { HttpCode: '200-500' } })).map(([path]) => path)).toEqual(['TargetGroups[0].Matcher.HttpCode']);
    expect(errorsOf(group({ Matcher: '200' }))).toEqual([['TargetGroups[0].Matcher', 'not a matcher']]);
    const grpc = group({ Matcher: { GrpcCode: '12' } });
    expect(grpc.ok && grpc.config.notModelled.find((n) => n.at.line > 0 && n.directive.startsWith('GrpcCode'))?.detail).toMatch(/gRPC/);
  });

  it('protocol: an NLB or GWLB group is refused; HTTPS is simulated as HTTP', () => {
    for (const protocol of ['TCP', 'TLS', 'UDP', 'TCP_UDP', 'tcp']) {
      const outcome = group({ Protocol: protocol });
      expect(outcome.ok ? '' : outcome.errors[0]!.message, protocol).toMatch(/^a Network Load Balancer target group/);
    }
    expect(errorsOf(group({ Protocol: 'GENEVE' }))[0]![1]).toMatch(/^a Gateway Load Balancer target group/);
    expect(errorsOf(group({ Protocol: 'FTP' }))).toEqual([['TargetGroups[0].Protocol', 'unknown protocol']]);
    const https = group({ Protocol: 'HTTPS' });
    expect(https.ok && https.config.notModelled.some((n) => n.directive === 'Protocol: HTTPS')).toBe(true);
    const http = group({ Protocol: 'http' });
    expect(http.ok && http.config.applied.some((n) => n.directive === 'Protocol: http')).toBe(true);
  });

  it('target type: instance or ip; lambda and alb targets are refused', () => {
    expect(group({ TargetType: 'instance' }).ok).toBe(true);
    expect(group({ TargetType: 'ip' }).ok).toBe(true);
    for (const type of ['lambda', 'alb', 'container']) expect(errorsOf(group({ TargetType: type })).map(([path]) => path), type).toEqual(['TargetGroups[0].TargetType']);
  });

  it('the group port is the listener\'s instance port, 1–65535', () => {
    expect(scenarioOf(group({ Port: 65535 })).Listeners[0].InstancePort).toBe(65535);
    expect(errorsOf(group({ Port: 0 }))).toEqual([['TargetGroups[0].Port', 'out of range']]);
    expect(errorsOf(group({ Port: 65536 }))).toEqual([['TargetGroups[0].Port', 'out of range']]);
  });
});

describe('describe-target-health states', () => {
  const instanceIn = (state: string) =>
    scenarioOf(read(elbv2Reader, { TargetHealthDescriptions: [{ Target: { Id: 'i-1', Port: 80 }, TargetHealth: { State: state } }] })).Instances[0];

  it('maps each documented state: initial and unhealthy start out of service; draining and unused take no requests', () => {
    expect(instanceIn('healthy')).toEqual({ InstanceId: 'i-1' });
    expect(instanceIn('unavailable')).toEqual({ InstanceId: 'i-1' });
    expect(instanceIn('initial')).toEqual({ InstanceId: 'i-1', InitialState: 'OutOfService' });
    expect(instanceIn('unhealthy')).toEqual({ InstanceId: 'i-1', InitialState: 'OutOfService' });
    expect(instanceIn('draining')).toEqual({ InstanceId: 'i-1', Registered: false });
    expect(instanceIn('unhealthy.draining')).toEqual({ InstanceId: 'i-1', Registered: false });
    expect(instanceIn('unused')).toEqual({ InstanceId: 'i-1', Registered: false });
    const unknown = read(elbv2Reader, { TargetHealthDescriptions: [{ Target: { Id: 'i-1' }, TargetHealth: { State: 'sleepy' } }] });
    expect(errorsOf(unknown)).toEqual([['TargetHealthDescriptions[0].TargetHealth.State', 'unknown target state']]);
  });

  it('a target on another port than the group\'s is id:port; a target needs an Id', () => {
    const instances = scenarioOf(read(elbv2Reader, { TargetHealthDescriptions: [{ Target: { Id: 'i-1', Port: 8081 } }, { Target: { Id: 'i-2' } }] })).Instances;
    expect(instances).toEqual([{ InstanceId: 'i-1:8081' }, { InstanceId: 'i-2' }]);
    expect(errorsOf(read(elbv2Reader, { TargetHealthDescriptions: [{ Target: { Port: 80 } }] }))).toEqual([['TargetHealthDescriptions[0].Target', 'a target needs an Id']]);
  });
});

describe('Classic ELB ranges and defaults', () => {
  /** `describe-load-balancers` output with one load balancer, these keys over a minimal listener. */
  const clb = (keys: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    read(clbReader, { LoadBalancerDescriptions: [{ LoadBalancerName: 'web', ListenerDescriptions: [{ Listener: { Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 8080 } }], ...keys }], ...extra });
  const healthCheck = (check: Record<string, unknown>) => scenarioOf(clb({ HealthCheck: check })).HealthCheck;
  const HC = 'LoadBalancerDescriptions[0].HealthCheck';

  it('health check: Interval 5–300 s, Timeout 2–60 s, thresholds 2–10, each inclusive', () => {
    expect(healthCheck({ Interval: 300, Timeout: 60, HealthyThreshold: 10, UnhealthyThreshold: 10 })).toEqual({ Interval: 300, Timeout: 60, HealthyThreshold: 10, UnhealthyThreshold: 10 });
    expect(healthCheck({ Interval: 5, Timeout: 2, HealthyThreshold: 2, UnhealthyThreshold: 2 })).toEqual({ Interval: 5, Timeout: 2, HealthyThreshold: 2, UnhealthyThreshold: 2 });
    expect(errorsOf(clb({ HealthCheck: { Interval: 4, Timeout: 2 } }))).toEqual([[`${HC}.Interval`, 'out of range']]);
    expect(errorsOf(clb({ HealthCheck: { Interval: 301 } }))).toEqual([[`${HC}.Interval`, 'out of range']]);
    expect(errorsOf(clb({ HealthCheck: { Timeout: 1 } }))).toEqual([[`${HC}.Timeout`, 'out of range']]);
    expect(errorsOf(clb({ HealthCheck: { Interval: 300, Timeout: 61 } }))).toEqual([[`${HC}.Timeout`, 'out of range']]);
    expect(errorsOf(clb({ HealthCheck: { HealthyThreshold: 1, UnhealthyThreshold: 11 } }))).toEqual([
      [`${HC}.HealthyThreshold`, 'out of range'],
      [`${HC}.UnhealthyThreshold`, 'out of range'],
    ]);
  });

  it('health check: Timeout below Interval, the unset one at the CLB default (Interval 30 s, Timeout 5 s)', () => {
    const TOO_LONG = 'the health check Timeout must be less than the Interval';
    expect(errorsOf(clb({ HealthCheck: { Timeout: 30 } }))).toEqual([[`${HC}.Timeout`, TOO_LONG]]);
    expect(healthCheck({ Timeout: 29 })).toEqual({ Timeout: 29 });
    expect(errorsOf(clb({ HealthCheck: { Interval: 5 } }))).toEqual([[`${HC}.Interval`, TOO_LONG]]);
    expect(healthCheck({ Interval: 6 })).toEqual({ Interval: 6 });
    expect(healthCheck({ Target: 'TCP:8080' })).toEqual({ Target: 'TCP:8080' });
  });

  it('health check: the target is TCP:port, SSL:port, HTTP:port/path or HTTPS:port/path', () => {
    expect(healthCheck({ Target: 'HTTPS:443/health' })).toEqual({ Target: 'HTTPS:443/health' });
    expect(errorsOf(clb({ HealthCheck: { Target: 'HTTP:80' } })).map(([path]) => path)).toEqual([`${HC}.Target`]);
    expect(errorsOf(clb({ HealthCheck: 'HTTP:80/' }))).toEqual([[HC, 'not a health check']]);
  });

  it('listeners: HTTP, HTTPS, TCP or SSL; the instance protocol defaults to the front one; ports and protocol are required', () => {
    const listener = (fields: Record<string, unknown>) => read(clbReader, { LoadBalancerDescriptions: [{ ListenerDescriptions: [{ Listener: fields }] }] });
    expect(scenarioOf(listener({ Protocol: 'tcp', LoadBalancerPort: 443, InstancePort: 65535 })).Listeners).toEqual([{ Protocol: 'TCP', LoadBalancerPort: 443, InstanceProtocol: 'TCP', InstancePort: 65535 }]);
    const L = 'LoadBalancerDescriptions[0].ListenerDescriptions[0].Listener';
    expect(errorsOf(listener({ Protocol: 'UDP', LoadBalancerPort: 80, InstancePort: 80 }))).toEqual([[`${L}.Protocol`, 'unknown protocol']]);
    expect(errorsOf(listener({ Protocol: 'HTTP', LoadBalancerPort: 0, InstancePort: 65536 }))).toEqual([[`${L}.LoadBalancerPort`, 'out of range'], [`${L}.InstancePort`, 'out of range']]);
    expect(errorsOf(listener({ LoadBalancerPort: 80 }))).toEqual([[L, 'a listener needs Protocol'], [L, 'a listener needs InstancePort']]);
  });

  it('attributes: idle timeout 1–4000 s, draining timeout 1–3600 s, cross-zone on or off', () => {
    const attributes = (value: Record<string, unknown>) => read(clbReader, { LoadBalancerAttributes: value });
    const A = 'LoadBalancerAttributes';
    expect(scenarioOf(attributes({ ConnectionSettings: { IdleTimeout: 4000 }, ConnectionDraining: { Enabled: true, Timeout: 3600 }, CrossZoneLoadBalancing: { Enabled: false } })).LoadBalancerAttributes).toEqual({
      ConnectionSettings: { IdleTimeout: 4000 },
      ConnectionDraining: { Enabled: true, Timeout: 3600 },
      CrossZoneLoadBalancing: { Enabled: false },
    });
    expect(scenarioOf(attributes({ ConnectionSettings: { IdleTimeout: 1 }, ConnectionDraining: { Enabled: false, Timeout: 1 } })).LoadBalancerAttributes).toEqual({
      ConnectionSettings: { IdleTimeout: 1 },
      ConnectionDraining: { Enabled: false, Timeout: 1 },
    });
    // Errors come in file order.
    expect(errorsOf(attributes({ ConnectionDraining: { Timeout: 0 }, ConnectionSettings: { IdleTimeout: 0 } }))).toEqual([
      [`${A}.ConnectionDraining.Timeout`, 'out of range'],
      [`${A}.ConnectionSettings.IdleTimeout`, 'out of range'],
    ]);
    expect(errorsOf(attributes({ ConnectionDraining: { Timeout: 3601 }, ConnectionSettings: { IdleTimeout: 4001 } })).map(([path]) => path)).toEqual([`${A}.ConnectionDraining.Timeout`, `${A}.ConnectionSettings.IdleTimeout`]);
    expect(errorsOf(attributes({ ConnectionSettings: {} }))).toEqual([[`${A}.ConnectionSettings`, 'missing IdleTimeout']]);
    expect(errorsOf(attributes({ CrossZoneLoadBalancing: { Enabled: 'yes' } }))).toEqual([[`${A}.CrossZoneLoadBalancing.Enabled`, 'not a boolean']]);
  });

  it('describe-instance-health: OutOfService starts out of service; InService and Unknown serve', () => {
    const states = (...pairs: Array<[string, string]>) => read(clbReader, { LoadBalancerDescriptions: [{ LoadBalancerName: 'web', Instances: [{ InstanceId: 'i-1' }] }], InstanceStates: pairs.map(([InstanceId, State]) => ({ InstanceId, State })) });
    expect(scenarioOf(states(['i-1', 'OutOfService'], ['i-2', 'InService'], ['i-3', 'Unknown'])).Instances).toEqual([{ InstanceId: 'i-1', InitialState: 'OutOfService' }, { InstanceId: 'i-2' }, { InstanceId: 'i-3' }]);
    expect(errorsOf(states(['i-1', 'Draining']))).toEqual([['InstanceStates[0].State', 'unknown instance state']]);
  });

  it('without LoadBalancerDescriptions: an HTTP 80 listener and the CLB defaults', () => {
    const s = scenarioOf(read(clbReader, { LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: true } } }));
    expect(s.Listeners).toEqual([{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }]);
    expect(s.HealthCheck).toBeUndefined();
    expect(s.Profile).toBe('aws-clb');
  });
});

describe('ELBv2 CloudFormation: the listener forwarding to the group and its load balancer', () => {
  const TG = 'AWS::ElasticLoadBalancingV2::TargetGroup';
  const forward = (...groups: string[]) => (groups.length === 1 ? [{ Type: 'forward', TargetGroupArn: { Ref: groups[0] } }] : [{ Type: 'forward', ForwardConfig: { TargetGroups: groups.map((g) => ({ TargetGroupArn: { Ref: g } })) } }]);
  const template = (idleTimeout: string, resources: Record<string, unknown> = {}) => ({
    Resources: {
      Tg: { Type: TG, Properties: { Port: 8080, Protocol: 'HTTP' } },
      Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'application', LoadBalancerAttributes: [{ Key: 'idle_timeout.timeout_seconds', Value: idleTimeout }, { Key: 'deletion_protection.enabled', Value: 'false' }] } },
      Front: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { Port: 8443, Protocol: 'HTTP', LoadBalancerArn: { Ref: 'Lb' }, DefaultActions: forward('Tg') } },
      ...resources,
    },
  });
  const directives = (outcome: ImportOutcome) => (outcome.ok ? outcome.config.notModelled.map((n) => `${n.directive}: ${n.detail}`) : []);

  it('takes the listener port and the load balancer\'s idle timeout, 1–4000 s', () => {
    const s = scenarioOf(read(elbv2Reader, template('4000')));
    expect(s.Listeners).toEqual([{ Protocol: 'HTTP', LoadBalancerPort: 8443, InstanceProtocol: 'HTTP', InstancePort: 8080 }]);
    expect(s.LoadBalancerAttributes).toEqual({ ConnectionDraining: { Enabled: true, Timeout: 300 }, ConnectionSettings: { IdleTimeout: 4000 } });
    expect(scenarioOf(read(elbv2Reader, template('1'))).LoadBalancerAttributes.ConnectionSettings).toEqual({ IdleTimeout: 1 });
    for (const value of ['0', '4001']) {
      expect(errorsOf(read(elbv2Reader, template(value))), value).toEqual([['Resources.Lb.Properties.LoadBalancerAttributes[0].Value', 'out of range']]);
    }
  });

  it('a listener forwarding to another group is that group\'s, not this one\'s', () => {
    const t = template('30', { Tg2: { Type: TG, Properties: { Port: 9090 } } });
    (t.Resources.Front.Properties as Record<string, unknown>)['DefaultActions'] = forward('Tg2');
    const pick = (backend: string) => scenarioOf(elbv2Reader.read(JSON.stringify(t), 't.json', { backend, readRelated: () => ({ ok: false, message: 'unused' }) }));
    expect(pick('Tg').Listeners[0].LoadBalancerPort).toBe(80);
    expect(pick('Tg').LoadBalancerAttributes.ConnectionSettings).toBeUndefined();
    expect(pick('Tg2').Listeners[0]).toEqual({ Protocol: 'HTTP', LoadBalancerPort: 8443, InstanceProtocol: 'HTTP', InstancePort: 9090 });
    expect(pick('Tg2').LoadBalancerAttributes.ConnectionSettings).toEqual({ IdleTimeout: 30 });
  });

  it('weighted forwarding, a second listener and listener rules are noted: this group gets all traffic', () => {
    const t = template('30', {
      Tg2: { Type: TG, Properties: { Port: 9090 } },
      Second: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { Port: 9000, DefaultActions: forward('Tg') } },
      Rule: { Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { Actions: forward('Tg'), Priority: 1 } },
    });
    (t.Resources.Front.Properties as Record<string, unknown>)['DefaultActions'] = forward('Tg', 'Tg2');
    const outcome = elbv2Reader.read(JSON.stringify(t, null, 1), 't.json', { backend: 'Tg', readRelated: () => ({ ok: false, message: 'unused' }) });
    expect(scenarioOf(outcome).Listeners[0].LoadBalancerPort).toBe(8443);
    const notes = directives(outcome);
    expect(notes).toEqual(expect.arrayContaining([
      expect.stringMatching(/^DefaultActions: .*weighted forwarding/),
      expect.stringMatching(/^Second \(AWS::ElasticLoadBalancingV2::Listener\): another listener/),
      expect.stringMatching(/^Rule \(AWS::ElasticLoadBalancingV2::ListenerRule\): listener rules/),
      expect.stringMatching(/^Tg2 \(AWS::ElasticLoadBalancingV2::TargetGroup\): another target group/),
    ]));
  });

  it('an HTTPS listener and a network load balancer are noted as not modelled', () => {
    const t = template('30');
    (t.Resources.Front.Properties as Record<string, unknown>)['Protocol'] = 'HTTPS';
    (t.Resources.Lb.Properties as Record<string, unknown>)['Type'] = 'network';
    const notes = directives(read(elbv2Reader, t));
    expect(notes).toEqual(expect.arrayContaining([expect.stringMatching(/^Protocol: HTTPS: TLS termination/), expect.stringMatching(/^Type: network: only Application Load Balancers/)]));
  });
});

describe('CloudFormation intrinsics a reader can and cannot evaluate', () => {
  const yaml = (properties: string, parameters = '') =>
    `${parameters === '' ? '' : `Parameters:\n${parameters}\n`}Resources:\n  Elb:\n    Type: AWS::ElasticLoadBalancing::LoadBalancer\n    Properties:\n${properties}\n`;
  const LISTENERS = '      Listeners:\n        - { LoadBalancerPort: "80", InstancePort: "8080", Protocol: HTTP }';
  const readYaml = (text: string) => clbReader.read(text, 't.yaml', { readRelated: () => ({ ok: false, message: 'unused' }) });

  it('a List<AWS::EC2::Instance::Id> parameter\'s Default is one comma-separated string of ids', () => {
    const text = yaml(`${LISTENERS}\n      Instances: !Ref Ids`, '  Ids:\n    Type: List<AWS::EC2::Instance::Id>\n    Default: "i-1, i-2,,i-3"');
    expect(scenarioOf(readYaml(text)).Instances).toEqual([{ InstanceId: 'i-1' }, { InstanceId: 'i-2' }, { InstanceId: 'i-3' }]);
  });

  it('Fn:: functions and pseudo parameters are known only at deploy time: noted, and the default applies', () => {
    const text = yaml(`${LISTENERS}\n      HealthCheck:\n        Target: !Sub "HTTP:8080/\${AWS::Region}"\n        Interval: !Ref AWS::NoValue\n        Timeout: "5"`);
    const outcome = readYaml(text);
    expect(scenarioOf(outcome).HealthCheck).toEqual({ Timeout: 5 });
    const why = (line: number) => (outcome.ok ? outcome.config.notModelled.filter((n) => n.at.line === line).map((n) => n.detail) : []);
    expect(why(8)).toEqual([expect.stringMatching(/^Fn::Sub is evaluated by CloudFormation at deploy time/)]);
    expect(why(9)).toEqual([expect.stringMatching(/^Ref AWS::NoValue is known only at deploy time/)]);
  });

  it('Listeners are required; a load balancer without them is an error', () => {
    expect(errorsOf(readYaml(yaml('      CrossZone: true')))).toEqual([['Resources.Elb.Properties', 'missing Listeners (CloudFormation requires them)']]);
  });

  it('draining from ConnectionDrainingPolicy; stickiness and access log policies are not modelled', () => {
    const text = yaml(`${LISTENERS}\n      ConnectionDrainingPolicy: { Enabled: "true", Timeout: "60" }\n      LBCookieStickinessPolicy: []\n      AccessLoggingPolicy: {}`);
    const outcome = readYaml(text);
    expect(scenarioOf(outcome).LoadBalancerAttributes).toEqual({ ConnectionDraining: { Enabled: true, Timeout: 60 } });
    expect(outcome.ok && outcome.config.notModelled.map((n) => n.detail)).toEqual([expect.stringMatching(/stickiness policies/), expect.stringMatching(/access logging/)]);
  });
});

describe('which files each AWS reader takes, and file-level errors', () => {
  it('CLI output: only the command\'s own keys, plus the paging envelope aws adds', () => {
    expect(elbv2Reader.detect('{"TargetGroups": [], "NextMarker": "x"}', 'a.json')).toBe(true);
    expect(elbv2Reader.detect('{"TargetGroups": [], "Listeners": []}', 'a.json')).toBe(false);
    expect(elbv2Reader.detect('{"TargetHealthDescriptions": []}', 'a.json')).toBe(true);
    expect(clbReader.detect('{"LoadBalancerDescriptions": [], "ResponseMetadata": {}}', 'a.json')).toBe(true);
    expect(clbReader.detect('{"LoadBalancerDescriptions": [], "TargetGroups": []}', 'a.json')).toBe(false);
    // describe-instance-health alone names no load balancer.
    expect(clbReader.detect('{"InstanceStates": [], "LoadBalancerAttributes": {}}', 'a.json')).toBe(true);
    expect(clbReader.detect('{"InstanceStates": [], "LoadBalancerName": "x"}', 'a.json')).toBe(false);
    // One target-group key among others is enough; an item that is not an object is passed over.
    expect(elbv2Reader.detect('{"Attributes": [null, {"Key": "routing.http2.enabled"}, {"Key": "stickiness.enabled", "Value": "true"}]}', 'a.json')).toBe(true);
  });

  it('templates: by resource Type; text that does not parse is neither', () => {
    const tg = '{"Resources": {"T": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup"}}}';
    const elb = '{"Resources": {"E": {"Type": "AWS::ElasticLoadBalancing::LoadBalancer"}}}';
    expect([elbv2Reader.detect(tg, 't.json'), clbReader.detect(tg, 't.json')]).toEqual([true, false]);
    expect([elbv2Reader.detect(elb, 't.json'), clbReader.detect(elb, 't.json')]).toEqual([false, true]);
    expect(elbv2Reader.detect('{"Resources": {"T": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup"}', 't.json')).toBe(false);
    expect(clbReader.detect('LoadBalancerDescriptions: [', 't.yaml')).toBe(false);
    expect(elbv2Reader.detect('- TargetGroups', 't.yaml')).toBe(false);
  });

  it('a file that is neither a template nor the command\'s output is refused, saying what was expected', () => {
    const notObject = read(elbv2Reader, [1, 2]);
    expect(errorsOf(notObject)).toEqual([['', 'not an object']]);
    const other = read(elbv2Reader, { Foo: 1, Bar: 2 });
    expect(other.ok ? null : other.errors[0]).toMatchObject({ message: 'not aws elbv2 output', expected: 'an object with TargetGroups, Attributes, TargetHealthDescriptions', actual: '"Foo, Bar"' });
    const clb = read(clbReader, { Foo: 1 });
    expect(clb.ok ? null : clb.errors[0]).toMatchObject({ message: 'not aws elb output', expected: 'an object with LoadBalancerDescriptions, LoadBalancerAttributes, InstanceStates' });
    expect(errorsOf(read(elbv2Reader, { Resources: {} }))).toEqual([['Resources', 'no AWS::ElasticLoadBalancingV2::TargetGroup resource in the file']]);
    expect(errorsOf(read(clbReader, { LoadBalancerDescriptions: [] }))).toEqual([['LoadBalancerDescriptions', 'no load balancer in the file']]);
  });

  it('errors and notes come in file order, by line and then by column', () => {
    // All on one line: Port is read after Protocol but stands before it.
    const oneLine = elbv2Reader.read('{"TargetGroups": [{"Port": 0, "Protocol": "FTP"}]}', 'a.json', { readRelated: () => ({ ok: false, message: 'unused' }) });
    expect(errorsOf(oneLine).map(([path]) => path)).toEqual(['TargetGroups[0].Port', 'TargetGroups[0].Protocol']);
    const fine = elbv2Reader.read('{"TargetGroups": [{"Port": 81, "Protocol": "HTTP", "VpcId": "v", "TargetType": "ip"}]}', 'a.json', { readRelated: () => ({ ok: false, message: 'unused' }) });
    const columns = (notes: DirectiveNote[]) => notes.map((n) => n.at.column);
    if (!fine.ok) throw new Error('expected a config');
    const applied = columns(fine.config.applied);
    expect(applied).toEqual([...applied].sort((a, b) => a - b));
    // ALB's default draining is noted at the group itself, which starts before its keys.
    expect(fine.config.applied.map((n) => n.directive)).toEqual(['(deregistration_delay.timeout_seconds not set)', 'Port: 81', 'Protocol: HTTP', 'TargetType: ip']);
  });

  it('numbers may be written as strings, as CloudFormation gives them; a name may be a number', () => {
    expect(scenarioOf(group({ HealthCheckIntervalSeconds: '15', HealthCheckTimeoutSeconds: '3' })).HealthCheck).toEqual({ Interval: 15, Timeout: 3 });
    for (const bad of ['15s', 1.5, '1.5', true]) {
      expect(errorsOf(group({ HealthCheckIntervalSeconds: bad })), String(bad)).toEqual([['TargetGroups[0].HealthCheckIntervalSeconds', 'not an integer']]);
    }
    expect(scenarioOf(read(elbv2Reader, { TargetGroups: [{ TargetGroupName: 404, Port: 80 }] })).Name).toBe('404');
    expect(errorsOf(group({ HealthCheckPath: ['/a'] }))).toEqual([['TargetGroups[0].HealthCheckPath', 'not a string']]);
  });
});
