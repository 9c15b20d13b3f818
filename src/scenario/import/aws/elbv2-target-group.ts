// One ELBv2 target group's own settings, the same keys in a CloudFormation TargetGroup's Properties
// and in a `describe-target-groups` entry: health check, matcher, port, protocol, target type.
// Ranges and defaults: ALB user guide, target-group-health-checks (lb-semantics.md §2.1).

import type { JsonPath } from '../../errors.js';
import { parseMatcher } from '../../../model/health/health-rules.js';
import type { ScenarioDraft } from './draft.js';
import { ImportNotes } from './notes.js';

export const ALB_DEFAULTS = { intervalS: 30, timeoutS: 5, healthyThreshold: 5, unhealthyThreshold: 2, path: '/', matcher: '200', port: 80 } as const;

const NLB_PROTOCOLS = ['TCP', 'TLS', 'UDP', 'TCP_UDP'];
const NO_NLB =
  'lbsim has no NLB profile: an NLB passes TCP through and resets connections where an ALB answers 502/503/504, so simulating it as an ALB would give statuses an NLB never sends';

/** Keys read here; the caller notes the rest (names, ARNs, Targets, attributes) itself. */
export const TARGET_GROUP_KEYS = [
  'HealthCheckEnabled', 'HealthCheckIntervalSeconds', 'HealthCheckPath', 'HealthCheckPort', 'HealthCheckProtocol',
  'HealthCheckTimeoutSeconds', 'HealthyThresholdCount', 'UnhealthyThresholdCount', 'Matcher', 'Port', 'Protocol',
  'ProtocolVersion', 'TargetType', 'VpcId', 'IpAddressType', 'Tags', 'LoadBalancerArns', 'TargetGroupArn',
] as const;

const fallback = (what: string) => `the aws-alb default ${what} applies`;

/** The target group's port (the targets' traffic port), read first: the health check and listener use it. */
export function readTrafficPort(notes: ImportNotes, base: JsonPath): number {
  const path = [...base, 'Port'];
  const port = notes.integer(path, { min: 1, max: 65535 }, `port ${ALB_DEFAULTS.port} is used`);
  if (port !== undefined) notes.apply(path, ImportNotes.detail('Listeners[0].InstancePort', port));
  return port?.value ?? ALB_DEFAULTS.port;
}

function readProtocol(notes: ImportNotes, base: JsonPath): boolean {
  const path = [...base, 'Protocol'];
  const protocol = notes.string(path, 'HTTP is assumed');
  if (protocol === undefined) return true;
  const name = protocol.value.toUpperCase();
  if (NLB_PROTOCOLS.includes(name)) {
    notes.error(path, `a Network Load Balancer target group: ${NO_NLB}`, 'HTTP or HTTPS (an Application Load Balancer target group)');
    return false;
  }
  if (name === 'GENEVE') {
    notes.error(path, 'a Gateway Load Balancer target group: lbsim models HTTP load balancing only', 'HTTP or HTTPS');
    return false;
  }
  if (name === 'HTTP') notes.apply(path, ImportNotes.detail('Listeners[0].InstanceProtocol', protocol));
  else if (name === 'HTTPS') notes.skip(path, 'TLS to the targets is not modelled; requests are simulated as HTTP');
  else notes.error(path, 'unknown protocol', 'HTTP or HTTPS');
  return true;
}

function readTargetType(notes: ImportNotes, base: JsonPath): void {
  const path = [...base, 'TargetType'];
  const type = notes.string(path, 'instance targets are assumed');
  if (type === undefined) return;
  if (type.value === 'instance' || type.value === 'ip') notes.apply(path, `Instances (one per ${type.value} target)`);
  else if (type.value === 'lambda') notes.error(path, 'Lambda targets are not modelled: lbsim simulates instances with connections and queues', 'instance or ip');
  else if (type.value === 'alb') notes.error(path, `an ALB as the target of an NLB: ${NO_NLB}`, 'instance or ip');
  else notes.error(path, 'unknown target type', 'instance or ip');
}

function readHealthCheck(notes: ImportNotes, draft: ScenarioDraft, base: JsonPath, trafficPort: number): void {
  const at = (key: string) => [...base, key];
  const enabled = notes.boolean(at('HealthCheckEnabled'), 'health checks stay on');
  if (enabled?.value === true) notes.apply(at('HealthCheckEnabled'), ImportNotes.detail('HealthCheck (always on for instance and ip targets)', enabled));
  if (enabled?.value === false) notes.error(at('HealthCheckEnabled'), 'AWS keeps health checks on for instance and ip targets; only Lambda targets can turn them off', 'true');

  const interval = notes.integer(at('HealthCheckIntervalSeconds'), { min: 5, max: 300 }, fallback(`interval ${ALB_DEFAULTS.intervalS} s`), ' seconds');
  if (interval !== undefined) {
    draft.healthCheck['Interval'] = interval.value;
    notes.apply(at('HealthCheckIntervalSeconds'), ImportNotes.detail('HealthCheck.Interval', interval));
  }
  const timeout = notes.integer(at('HealthCheckTimeoutSeconds'), { min: 2, max: 120 }, fallback(`timeout ${ALB_DEFAULTS.timeoutS} s`), ' seconds');
  if (timeout !== undefined) {
    draft.healthCheck['Timeout'] = timeout.value;
    notes.apply(at('HealthCheckTimeoutSeconds'), ImportNotes.detail('HealthCheck.Timeout', timeout));
  }
  // AWS refuses a timeout that is not shorter than the interval (CreateTargetGroup ValidationError).
  const [timeoutS, intervalS] = [timeout?.value ?? ALB_DEFAULTS.timeoutS, interval?.value ?? ALB_DEFAULTS.intervalS];
  if (timeoutS >= intervalS && (timeout !== undefined || interval !== undefined)) {
    const blamed = timeout !== undefined ? at('HealthCheckTimeoutSeconds') : at('HealthCheckIntervalSeconds');
    notes.error(blamed, 'the health check timeout must be shorter than the interval', `timeout < interval (${intervalS} s)`);
  }
  for (const [key, field] of [['HealthyThresholdCount', 'HealthyThreshold'], ['UnhealthyThresholdCount', 'UnhealthyThreshold']] as const) {
    const count = notes.integer(at(key), { min: 2, max: 10 }, fallback(key === 'HealthyThresholdCount' ? '5' : '2'));
    if (count === undefined) continue;
    draft.healthCheck[field] = count.value;
    notes.apply(at(key), ImportNotes.detail(`HealthCheck.${field}`, count));
  }
  readHealthTarget(notes, draft, base, trafficPort);
  readMatcher(notes, draft, base);
}

/** Protocol, port and path make one `HTTP:port/path` target. */
function readHealthTarget(notes: ImportNotes, draft: ScenarioDraft, base: JsonPath, trafficPort: number): void {
  const at = (key: string) => [...base, key];
  let protocol = 'HTTP';
  let port = trafficPort;
  let path: string = ALB_DEFAULTS.path;
  const given: JsonPath[] = [];
  const protocolRead = notes.string(at('HealthCheckProtocol'), fallback('protocol HTTP'));
  if (protocolRead !== undefined) {
    const name = protocolRead.value.toUpperCase();
    if (name === 'HTTP' || name === 'HTTPS') {
      protocol = name;
      given.push(at('HealthCheckProtocol'));
    } else notes.error(at('HealthCheckProtocol'), 'an ALB target group checks over HTTP or HTTPS', 'HTTP or HTTPS');
  }
  const portRead = notes.string(at('HealthCheckPort'), fallback('port (the traffic port)'));
  if (portRead !== undefined) {
    if (portRead.value === 'traffic-port') given.push(at('HealthCheckPort'));
    else if (/^\d+$/.test(portRead.value) && Number(portRead.value) >= 1 && Number(portRead.value) <= 65535) {
      port = Number(portRead.value);
      given.push(at('HealthCheckPort'));
    } else notes.error(at('HealthCheckPort'), 'not a port', 'traffic-port or a port 1–65535');
  }
  const pathRead = notes.string(at('HealthCheckPath'), fallback(`path "${ALB_DEFAULTS.path}"`));
  if (pathRead !== undefined) {
    if (pathRead.value.startsWith('/')) {
      path = pathRead.value;
      given.push(at('HealthCheckPath'));
    } else notes.error(at('HealthCheckPath'), 'a health check path starts with "/"', 'a path starting with "/"');
  }
  if (given.length === 0) return;
  draft.healthCheck['Target'] = `${protocol}:${port}${path}`;
  const reads = { HealthCheckProtocol: protocolRead, HealthCheckPort: portRead, HealthCheckPath: pathRead } as Record<string, { via?: string } | undefined>;
  for (const p of given) notes.apply(p, ImportNotes.detail('HealthCheck.Target', reads[String(p[p.length - 1])]));
}

function readMatcher(notes: ImportNotes, draft: ScenarioDraft, base: JsonPath): void {
  const matcherPath = [...base, 'Matcher'];
  const matcher = notes.valueAt(matcherPath);
  if (matcher === undefined) return;
  if (typeof matcher !== 'object' || matcher === null || Array.isArray(matcher)) {
    notes.error(matcherPath, 'not a matcher', '{HttpCode: "200"}');
    return;
  }
  const codePath = [...matcherPath, 'HttpCode'];
  const code = notes.string(codePath, fallback(`matcher ${ALB_DEFAULTS.matcher}`));
  if (code !== undefined) {
    const parsed = parseMatcher(code.value);
    if ('error' in parsed) notes.error(codePath, parsed.error, 'HTTP codes 200–499: "200", "200,202" or "200-299"');
    else if (code.value === ALB_DEFAULTS.matcher) notes.apply(codePath, ImportNotes.detail('Profile.Matcher (the aws-alb default, 200)', code));
    else {
      draft.overrides['Matcher'] = code.value;
      notes.apply(codePath, ImportNotes.detail('Profile.Matcher', code));
    }
  }
  notes.skipRest(matcherPath, ['HttpCode'], (key) => (key === 'GrpcCode' ? 'gRPC health checks are not modelled' : 'not a matcher key lbsim knows'));
}

function readOthers(notes: ImportNotes, base: JsonPath): void {
  const at = (key: string) => [...base, key];
  const version = notes.string(at('ProtocolVersion'), 'HTTP1 is assumed');
  if (version !== undefined) {
    const why = version.value === 'GRPC' ? 'gRPC is not modelled (its matcher and health path differ); simulated as HTTP/1.1' : 'the HTTP version to targets is not modelled';
    notes.skip(at('ProtocolVersion'), why);
  }
  for (const key of ['VpcId', 'IpAddressType']) if (notes.valueAt(at(key)) !== undefined) notes.skip(at(key), 'network placement: not about balancing');
  for (const key of ['Tags', 'TargetGroupArn', 'LoadBalancerArns']) if (notes.valueAt(at(key)) !== undefined) notes.skip(at(key), 'resource metadata: not about balancing');
}

/** Reads the group's own keys into the draft; false when it is not a target group lbsim can simulate. */
export function readTargetGroup(notes: ImportNotes, draft: ScenarioDraft, base: JsonPath): { ok: boolean; trafficPort: number } {
  const usable = readProtocol(notes, base);
  readTargetType(notes, base);
  const trafficPort = readTrafficPort(notes, base);
  readHealthCheck(notes, draft, base, trafficPort);
  readOthers(notes, base);
  return { ok: usable, trafficPort };
}
