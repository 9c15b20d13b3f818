// The scenario file format as zod schemas (PascalCase keys, AWS Classic ELB style; `Events` is in
// schema-events.ts), and the translation of zod's issues into Problems. Cross-field rules: validate.ts.

import { z } from 'zod';
import { PROFILE_NAMES } from '../model/outcome.js';
import { closestName, didYouMean, jsonText, type JsonPath, type Problem } from './errors.js';
import { valueAt } from './positions.js';
import { MAX_DURATION_MS, MAX_INSTANCE_COUNT, MAX_LOGNORMAL_SIGMA, MAX_ONE_WAY_DELAY_MS, MAX_RATE_PER_S } from './defaults.js';
import { balancing, clients, headers } from './schema-balancing.js';
import { rangeSummary } from './profile-ranges.js';
import { IMPORT_FORMATS } from './import/import-types.js';
import { events } from './schema-events.js';
import { replaySchema } from './schema-replay.js';
import {
  duration,
  EXPECTED,
  integer,
  list,
  nonEmptyString,
  nonNegativeDuration,
  numberWhere,
  object,
  oneOf,
  port,
  positiveDuration,
  refined,
  seconds,
  type Finding,
} from './schema-parts.js';

const LISTENER_PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'SSL'] as const;
const DISTRIBUTIONS = ['exponential', 'constant', 'uniform', 'lognormal'] as const;
const HEALTH_STATES = ['InService', 'OutOfService'] as const;
const ARRIVALS = ['poisson', 'constant'] as const;
const MAX_TARGET_CHARS = 1024;


/** AWS keys we accept so real descriptions load, but do not model. */
const ignored = z.unknown().optional();

export interface HealthTarget {
  protocol: (typeof LISTENER_PROTOCOLS)[number];
  port: number;
  path: string;
}

/** `HTTP:80/ping` → parts, or the finding that explains why it is not a target. */
export function parseHealthTarget(target: string): HealthTarget | Finding {
  if (target.length > MAX_TARGET_CHARS) return { message: 'too long', expected: `at most ${MAX_TARGET_CHARS} characters` };
  const match = /^([A-Za-z]+):(\d+)(.*)$/s.exec(target);
  if (match === null) return { message: 'invalid target' };
  const [, protocolText = '', portText = '', path = ''] = match;
  const protocol = LISTENER_PROTOCOLS.find((name) => name === protocolText);
  if (protocol === undefined) return { message: `unknown target protocol "${protocolText}"${didYouMean(closestName(protocolText, LISTENER_PROTOCOLS))}` };
  const portNumber = Number(portText);
  if (portNumber < 1 || portNumber > 65535) return { message: 'port out of range', expected: 'a port 1–65535' };
  const needsPath = protocol === 'HTTP' || protocol === 'HTTPS';
  if (needsPath && !path.startsWith('/')) return { message: `${protocol} targets need a path starting with "/"`, expected: `${protocol}:port/path` };
  if (!needsPath && path !== '') return { message: `${protocol} targets take no path`, expected: `${protocol}:port` };
  return { protocol, port: portNumber, path };
}

const healthTarget = refined(z.string({ error: EXPECTED.target }), EXPECTED.target, (target) => {
  const parsed = parseHealthTarget(target);
  return 'message' in parsed ? parsed : null;
});

const PROFILE_TEXT = `one of ${PROFILE_NAMES.map((name) => `"${name}"`).join(', ')}, or {"Base": name, …overrides}`;

/** A name is checked here; the object form's contents by profileRule (schema-profile.ts). */
const profile = refined(z.union([z.string(), z.record(z.string(), z.unknown())], { error: PROFILE_TEXT }), PROFILE_TEXT, (value) => {
  if (typeof value !== 'string' || (PROFILE_NAMES as readonly string[]).includes(value)) return null;
  return `unknown profile${didYouMean(closestName(value, PROFILE_NAMES))}`;
});

const listener = object({
  Protocol: oneOf(LISTENER_PROTOCOLS, 'protocol'),
  LoadBalancerPort: port(),
  InstanceProtocol: oneOf(LISTENER_PROTOCOLS, 'protocol').optional(),
  InstancePort: port(),
  SSLCertificateId: ignored,
  PolicyNames: ignored,
});

/** A count whose integrality and range the profile's rule checks, so the message can name the profile's range. */
const threshold = (pick: Parameters<typeof rangeSummary>[0]) =>
  numberWhere(rangeSummary(pick), () => true).meta({ type: 'integer', minimum: 1 }).optional();

// Ranges depend on the profile (profile-ranges.ts, checked by validate-profile-ranges.ts); here only the shape.
const healthCheck = object({
  Target: healthTarget.optional(),
  Interval: duration(rangeSummary((r) => r.interval), (ms) => ms >= 0).optional(),
  Timeout: duration(rangeSummary((r) => r.timeout), (ms) => ms >= 0).optional(),
  UnhealthyThreshold: threshold((r) => r.unhealthyThreshold),
  HealthyThreshold: threshold((r) => r.healthyThreshold),
});

const attributes = object({
  ConnectionSettings: object({ IdleTimeout: duration(rangeSummary((r) => r.idleTimeout), (ms) => ms >= 0).optional() }).optional(),
  ConnectionDraining: object({
    Enabled: z.boolean({ error: 'true or false' }).optional(),
    Timeout: seconds(1, 3600).optional(),
  }).optional(),
  CrossZoneLoadBalancing: object({ Enabled: z.boolean({ error: 'true or false' }) }).optional(),
  AccessLog: ignored,
  AdditionalAttributes: ignored,
});

/** Between the balancer and its instances; only the keep-alive race reads it so far. */
const network = object({
  OneWayDelay: duration(`a duration ≥ 0 and ≤ ${MAX_ONE_WAY_DELAY_MS / 1000}s`, (ms) => ms >= 0 && ms <= MAX_ONE_WAY_DELAY_MS).optional(),
});

const serviceTime = object({
  Distribution: oneOf(DISTRIBUTIONS, 'distribution').optional(),
  Mean: positiveDuration().optional(),
  Value: nonNegativeDuration().optional(),
  Min: nonNegativeDuration().optional(),
  Max: nonNegativeDuration().optional(),
  Sigma: numberWhere(`a number > 0 and ≤ ${MAX_LOGNORMAL_SIGMA}`, (n) => n > 0 && n <= MAX_LOGNORMAL_SIGMA).optional(),
  // Also written as the string "FromLog" (schema-replay.ts expands it before validation).
  FromLog: z.boolean({ error: 'true or false' }).optional(),
});

const instance = object({
  InstanceId: nonEmptyString('an instance id'),
  // The pool is bounded so a typo (1e9) is an error, not an out-of-memory crash.
  Count: integer(1, MAX_INSTANCE_COUNT).optional(),
  AvailabilityZone: nonEmptyString('a zone name').optional(),
  Concurrency: integer(1).optional(),
  Backlog: integer(0).optional(),
  ServiceTime: serviceTime.optional(),
  KeepAliveTimeout: positiveDuration().optional(),
  Weight: numberWhere('a number > 0', (n) => n > 0).optional(),
  InitialState: oneOf(HEALTH_STATES, 'state').optional(),
  Registered: z.boolean({ error: 'true or false' }).optional(),
});

const urlPath = refined(z.string({ error: 'a path starting with "/"' }), 'a path starting with "/"', (s) => (s.startsWith('/') ? null : 'must start with "/"'));

const request = object({
  Method: nonEmptyString('an HTTP method').optional(),
  Path: urlPath.optional(),
  Weight: numberWhere('a number > 0', (n) => n > 0).optional(),
  Headers: headers.optional(),
});

// Thousands separators by hand: Intl output is not a contract of a deterministic layer.
const MAX_RATE_TEXT = `${String(MAX_RATE_PER_S).replace(/\B(?=(\d{3})+$)/g, ',')} requests per second`;
const traffic = object({
  Rate: numberWhere(`a number > 0 and ≤ ${MAX_RATE_TEXT}`, (n) => n > 0 && n <= MAX_RATE_PER_S).optional(),
  Arrival: oneOf(ARRIVALS, 'arrival process').optional(),
  Pattern: list(object({ At: nonNegativeDuration(), Rate: numberWhere(`a number ≥ 0 and ≤ ${MAX_RATE_TEXT}`, (n) => n >= 0 && n <= MAX_RATE_PER_S) }), 'a list of {At, Rate}').optional(),
  Requests: list(request, 'a list of at least one request', 1).optional(),
  Clients: clients.optional(),
  Replay: replaySchema.optional(),
});

const anyNumber = () => z.number({ error: 'a number' }).optional();
const expectation = object({
  Metric: nonEmptyString('a metric name'), Name: z.string({ error: 'a string' }).optional(),
  Min: anyNumber(), Max: anyNumber(), Equals: anyNumber(),
});

/** A native balancer config the scenario is built on (import/); its keys override the config's. */
export const configReference = object({
  File: nonEmptyString('a path to the config, relative to the scenario file'),
  Format: oneOf(IMPORT_FORMATS, 'config format').optional(),
  Backend: nonEmptyString('the backend, upstream, cluster or target group to take').optional(),
});

/** What `lbsim import` wrote: where the settings came from and every directive lbsim does not model. */
const imported = object({
  Format: oneOf(IMPORT_FORMATS, 'config format'),
  File: nonEmptyString('the config file it was imported from'),
  Backend: z.string({ error: 'a string' }).optional(),
  NotModelled: list(
    object({ At: nonEmptyString('file:line:column'), Directive: nonEmptyString('the directive'), Why: z.string({ error: 'a string' }) }),
    'a list of {At, Directive, Why}',
  ).optional(),
});

export const scenarioSchema = object({
  $schema: z.string({ error: 'a string' }).optional(),
  Name: nonEmptyString('a non-empty string').optional(),
  Description: z.string({ error: 'a string' }).optional(),
  Seed: integer(0).optional(),
  Duration: duration('a duration > 0 and ≤ 30d', (ms) => ms > 0 && ms <= MAX_DURATION_MS).optional(),
  Warmup: nonNegativeDuration().optional(),
  Profile: profile.optional(),
  // Required, but by validate.ts's rule: a file with `Config` takes it from the config.
  LoadBalancerName: nonEmptyString(EXPECTED.loadBalancerName).optional(),
  Listeners: list(listener, EXPECTED.listeners, 1).optional(),
  ListenerDescriptions: list(object({ Listener: listener, PolicyNames: ignored }), 'a list of at least one listener description', 1).optional(),
  HealthCheck: healthCheck.optional(),
  LoadBalancerAttributes: attributes.optional(),
  Network: network.optional(),
  Balancing: balancing.optional(),
  AvailabilityZones: list(nonEmptyString('a zone name'), 'a list of zone names', 1).optional(),
  Instances: list(instance, 'a list of instances').optional(),
  Traffic: traffic.optional(),
  Events: events.optional(),
  Expect: list(expectation, 'a list of expectations').optional(),
  Config: configReference.optional(),
  Imported: imported.optional(),
  // The rest of an `aws elb describe-load-balancers` description: accepted, not modelled.
  DNSName: ignored, CanonicalHostedZoneName: ignored, CanonicalHostedZoneNameID: ignored, Scheme: ignored, CreatedTime: ignored,
  Policies: ignored, BackendServerDescriptions: ignored, Subnets: ignored, VPCId: ignored,
  SourceSecurityGroup: ignored, SecurityGroups: ignored,
});

export type ScenarioFile = z.output<typeof scenarioSchema>;
export type InstanceEntry = NonNullable<ScenarioFile['Instances']>[number];

/** The envelope `aws elb describe-load-balancers` prints around the descriptions. */
export const describeOutputSchema = object({
  LoadBalancerDescriptions: list(z.unknown(), 'a list of at least one load balancer description', 1),
  NextMarker: ignored,
});

/** The schema one step down a path, looking through optional and union wrappers. */
function childSchema(schema: z.ZodType, segment: string | number): z.ZodType | undefined {
  if (schema instanceof z.ZodOptional) return childSchema(schema.unwrap() as z.ZodType, segment);
  if (schema instanceof z.ZodUnion) {
    for (const option of schema.options as readonly z.ZodType[]) {
      const child = childSchema(option, segment);
      if (child !== undefined) return child;
    }
    return undefined;
  }
  if (schema instanceof z.ZodArray && typeof segment === 'number') return schema.element as z.ZodType;
  if (schema instanceof z.ZodObject && typeof segment === 'string') return schema.shape[segment] as z.ZodType | undefined;
  return undefined;
}

function knownKeysAt(schema: z.ZodType, path: JsonPath): string[] {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) current = current === undefined ? undefined : childSchema(current, segment);
  while (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

/** Every zod issue as a Problem: unknown keys one by one with a suggestion, missing keys at their parent. */
export function shapeProblems(schema: z.ZodType, value: unknown): Problem[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.flatMap((issue): Problem[] => {
    const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, path);
      return issue.keys.map((key) => {
        const suggests = closestName(key, known);
        const problem: Problem = { path: [...path, key], message: `unknown key${didYouMean(suggests)}`, anchor: 'key', unknownKey: true };
        return suggests === undefined ? problem : { ...problem, suggests };
      });
    }
    const found = valueAt(value, path);
    const expected = issue.code === 'custom' ? (issue.params?.['expected'] as string | undefined) : issue.message;
    if (found === undefined) return [{ path, message: 'missing required key', anchor: 'parent', ...(expected ? { expected } : {}) }];
    const message = issue.code === 'custom' ? issue.message : 'wrong type';
    return [{ path, message, anchor: 'value', actual: jsonText(found), ...(expected ? { expected } : {}) }];
  });
}
